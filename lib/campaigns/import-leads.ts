import "server-only";
import type { CountryCode } from "libphonenumber-js/max";
import { db } from "@/lib/db";
import { readLeadRows, IMPORT_LIMITS } from "@/lib/campaigns/csv-leads";
import { assertCampaign, insertLeadBatch, type NewLead } from "@/lib/campaigns/leads";
import { AppError } from "@/lib/errors/app-error";
import type { ImportResult } from "@/lib/schemas/campaign";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// A lead list file into a campaign, streamed: rows are parsed as they arrive and stored in
// batches (one INSERT … SELECT FROM unnest(…) each, nothing read back), in one transaction,
// so a file that breaks a limit halfway stores nothing, while invalid rows are reported and
// the valid ones kept. Memory holds one batch and the file's numbers seen so far.

const BATCH = 5000;
const REPORTED_INVALID = 1000;

export async function importLeads(
  scope: OrgScope,
  campaignId: string,
  source: AsyncIterable<Uint8Array>,
  options: { defaultCountry?: CountryCode | null; maxBytes?: number; maxRows?: number; batchSize?: number } = {},
): Promise<ImportResult> {
  await assertCampaign(scope, campaignId);
  const result: ImportResult = { imported: 0, skipped_duplicates: 0, skipped_dnc: 0, invalid: [], invalid_count: 0, total: 0 };
  await db.$transaction(
    async (tx) => {
      const campaign = await tx.campaign.findFirst({ where: { id: campaignId, ...orgWhere(scope) }, select: { status: true } });
      if (campaign?.status === "cancelled") throw new AppError("conflict", "The campaign is cancelled: leads cannot be added", "status");
      let batch: NewLead[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const { created, duplicates, dnc } = await insertLeadBatch(tx, scope, campaignId, batch);
        result.imported += created - dnc;
        result.skipped_duplicates += duplicates;
        result.skipped_dnc += dnc;
        batch = [];
      };
      for await (const row of readLeadRows(source, { defaultCountry: options.defaultCountry, maxBytes: options.maxBytes ?? IMPORT_LIMITS.maxBytes, maxRows: options.maxRows ?? IMPORT_LIMITS.maxRows })) {
        result.total++;
        if (row.kind === "invalid") {
          result.invalid_count++;
          if (result.invalid.length < REPORTED_INVALID) result.invalid.push({ row: row.row, reason: row.reason });
        } else if (row.kind === "duplicate") {
          result.skipped_duplicates++;
        } else {
          const { phoneNumber, name, timezone, variables } = row.lead;
          batch.push({ phoneNumber, name, timezone, variables });
          if (batch.length >= (options.batchSize ?? BATCH)) await flush();
        }
      }
      await flush();
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  return result;
}
