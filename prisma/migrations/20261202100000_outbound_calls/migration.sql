-- Outbound phone calls: dialing and ringing before in-progress, and the ring timeout.
ALTER TYPE "CallStatus" ADD VALUE IF NOT EXISTS 'dialing' BEFORE 'in-progress';
ALTER TYPE "CallStatus" ADD VALUE IF NOT EXISTS 'ringing' BEFORE 'in-progress';

ALTER TABLE "calls" ADD COLUMN "ring_timeout_seconds" INTEGER;
