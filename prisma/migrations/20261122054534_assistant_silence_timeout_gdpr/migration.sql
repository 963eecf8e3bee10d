-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "gdpr_mode" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "silence_timeout_seconds" INTEGER;
