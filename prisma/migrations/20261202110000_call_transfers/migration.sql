-- AlterEnum
ALTER TYPE "CallStatus" ADD VALUE 'transferred';

-- AlterTable
ALTER TABLE "calls" ADD COLUMN "transfer_destination" TEXT;
