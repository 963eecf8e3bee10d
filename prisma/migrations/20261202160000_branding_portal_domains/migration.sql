-- CreateEnum
CREATE TYPE "ClientSignupMode" AS ENUM ('open', 'approval', 'closed');

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "accent_color" TEXT,
ADD COLUMN     "approval_pending" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "client_signup" "ClientSignupMode" NOT NULL DEFAULT 'open',
ADD COLUMN     "email_sender_name" TEXT,
ADD COLUMN     "favicon_key" TEXT,
ADD COLUMN     "logo_key" TEXT,
ADD COLUMN     "support_email" TEXT;

-- CreateTable
CREATE TABLE "portal_domains" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "verification_token" TEXT NOT NULL,
    "verified_at" TIMESTAMP(3),
    "last_checked_at" TIMESTAMP(3),
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "portal_domains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "portal_domains_hostname_idx" ON "portal_domains"("hostname");

-- CreateIndex
CREATE UNIQUE INDEX "portal_domains_organization_id_hostname_key" ON "portal_domains"("organization_id", "hostname");

-- AddForeignKey
ALTER TABLE "portal_domains" ADD CONSTRAINT "portal_domains_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
