-- The dialer's claim (lib/campaigns/dialer.ts): a campaign's pending leads in the order
-- next_attempt_at ASC NULLS FIRST, created_at, id. Partial and with NULLS FIRST, which the
-- Prisma schema cannot express: it is declared here only (see the note on CampaignLead).
CREATE INDEX "campaign_leads_claim_idx" ON "campaign_leads" ("campaign_id", "next_attempt_at" ASC NULLS FIRST, "created_at", "id") WHERE "status" = 'pending';
