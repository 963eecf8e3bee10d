-- A campaign outlives its assistant and its number: the references become null and the
-- dialer pauses the campaign (assistant_missing / number_missing).
ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_assistant_id_fkey";
ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_number_id_fkey";
ALTER TABLE "campaigns" ALTER COLUMN "assistant_id" DROP NOT NULL;
ALTER TABLE "campaigns" ALTER COLUMN "number_id" DROP NOT NULL;
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_number_id_fkey" FOREIGN KEY ("number_id") REFERENCES "phone_numbers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
