export { listCallWebhookDeliveries as GET } from "@/lib/api/routes/webhooks";
