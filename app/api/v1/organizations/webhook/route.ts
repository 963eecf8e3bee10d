export { getOrganizationWebhookRoute as GET, updateOrganizationWebhookRoute as PATCH } from "@/lib/api/routes/webhooks";
export * from "@/lib/api/routes/method-fallbacks";
