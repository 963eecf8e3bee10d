export { listCallWebhookDeliveries as GET } from "@/lib/api/routes/webhooks";
export * from "@/lib/api/routes/method-fallbacks";
