export { getOrganizationWebhookRoute as GET, updateOrganizationWebhookRoute as PATCH } from "@/lib/api/routes/webhooks";
