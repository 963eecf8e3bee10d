-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "voicemail" JSONB;
