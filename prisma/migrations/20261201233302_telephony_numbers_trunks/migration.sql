-- CreateEnum
CREATE TYPE "SipTransport" AS ENUM ('udp', 'tcp', 'tls');

-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "number_id" UUID;

-- CreateTable
CREATE TABLE "sip_trunks" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT,
    "outbound_address" TEXT,
    "inbound_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "outbound_number" TEXT,
    "auth_username" TEXT,
    "auth_password_enc" TEXT,
    "transport" "SipTransport" NOT NULL DEFAULT 'udp',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "livekit_outbound_trunk_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sip_trunks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phone_numbers" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "phone_number" TEXT NOT NULL,
    "name" TEXT,
    "assistant_id" UUID,
    "transfer_trunk_id" UUID,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "livekit_inbound_trunk_id" TEXT,
    "livekit_dispatch_rule_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "phone_numbers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sip_trunks_organization_id_created_at_idx" ON "sip_trunks"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "phone_numbers_phone_number_key" ON "phone_numbers"("phone_number");

-- CreateIndex
CREATE INDEX "phone_numbers_organization_id_created_at_idx" ON "phone_numbers"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "phone_numbers_assistant_id_idx" ON "phone_numbers"("assistant_id");

-- CreateIndex
CREATE INDEX "phone_numbers_transfer_trunk_id_idx" ON "phone_numbers"("transfer_trunk_id");

-- CreateIndex
CREATE INDEX "calls_number_id_idx" ON "calls"("number_id");

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_number_id_fkey" FOREIGN KEY ("number_id") REFERENCES "phone_numbers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sip_trunks" ADD CONSTRAINT "sip_trunks_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_transfer_trunk_id_fkey" FOREIGN KEY ("transfer_trunk_id") REFERENCES "sip_trunks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
