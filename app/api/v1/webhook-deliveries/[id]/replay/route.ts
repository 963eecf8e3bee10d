export { replayWebhookDelivery as POST } from "@/lib/api/routes/webhooks";
