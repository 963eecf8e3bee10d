-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'scheduled', 'paused', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('pending', 'calling', 'completed', 'failed', 'no_answer', 'skipped');

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "assistant_id" UUID NOT NULL,
    "number_id" UUID NOT NULL,
    "system_message_template" TEXT,
    "schedule_start_time" TEXT NOT NULL DEFAULT '09:00:00',
    "schedule_end_time" TEXT NOT NULL DEFAULT '17:00:00',
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
    "days_of_week" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[],
    "start_date" TEXT,
    "end_date" TEXT,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "paused_reason" TEXT,
    "max_concurrent_calls" INTEGER NOT NULL DEFAULT 1,
    "calls_per_second" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "retry_delay_minutes" JSONB NOT NULL,
    "respect_lead_timezone" BOOLEAN NOT NULL DEFAULT false,
    "voicemail_action" TEXT NOT NULL DEFAULT 'hang_up',
    "auto_pause_failure_rate" DOUBLE PRECISION DEFAULT 0.8,
    "auto_pause_window" INTEGER NOT NULL DEFAULT 10,
    "test_first_leads" INTEGER,
    "test_first_done_at" TIMESTAMP(3),
    "last_dial_at" TIMESTAMP(3),
    "completed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_leads" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "phone_number" TEXT NOT NULL,
    "name" TEXT,
    "timezone" TEXT,
    "zone" TEXT,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "status" "LeadStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_attempt_at" TIMESTAMP(3),
    "next_attempt_at" TIMESTAMP(3),
    "call_id" UUID,
    "outcome" TEXT,
    "claimed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaign_leads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_attempts" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "call_id" UUID,
    "outcome" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "campaign_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "do_not_call_numbers" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "phone_number" TEXT NOT NULL,
    "reason" TEXT,
    "source" TEXT NOT NULL DEFAULT 'api',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "do_not_call_numbers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaigns_organization_id_created_at_idx" ON "campaigns"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "campaigns_status_idx" ON "campaigns"("status");

-- CreateIndex
CREATE INDEX "campaigns_assistant_id_idx" ON "campaigns"("assistant_id");

-- CreateIndex
CREATE INDEX "campaigns_number_id_idx" ON "campaigns"("number_id");

-- CreateIndex
CREATE INDEX "campaign_leads_campaign_id_status_next_attempt_at_idx" ON "campaign_leads"("campaign_id", "status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "campaign_leads_organization_id_idx" ON "campaign_leads"("organization_id");

-- CreateIndex
CREATE INDEX "campaign_leads_call_id_idx" ON "campaign_leads"("call_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_leads_campaign_id_phone_number_key" ON "campaign_leads"("campaign_id", "phone_number");

-- CreateIndex
CREATE INDEX "campaign_attempts_campaign_id_started_at_idx" ON "campaign_attempts"("campaign_id", "started_at");

-- CreateIndex
CREATE INDEX "campaign_attempts_organization_id_idx" ON "campaign_attempts"("organization_id");

-- CreateIndex
CREATE INDEX "campaign_attempts_call_id_idx" ON "campaign_attempts"("call_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_attempts_lead_id_attempt_key" ON "campaign_attempts"("lead_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "do_not_call_numbers_organization_id_phone_number_key" ON "do_not_call_numbers"("organization_id", "phone_number");

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_number_id_fkey" FOREIGN KEY ("number_id") REFERENCES "phone_numbers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attempts" ADD CONSTRAINT "campaign_attempts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attempts" ADD CONSTRAINT "campaign_attempts_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attempts" ADD CONSTRAINT "campaign_attempts_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "campaign_leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attempts" ADD CONSTRAINT "campaign_attempts_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "do_not_call_numbers" ADD CONSTRAINT "do_not_call_numbers_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;


