export { replayWebhookDelivery as POST } from "@/lib/api/routes/webhooks";
export * from "@/lib/api/routes/method-fallbacks";
