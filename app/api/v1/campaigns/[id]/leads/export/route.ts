export { exportCampaignLeads as GET } from "@/lib/api/routes/campaigns";
export * from "@/lib/api/routes/method-fallbacks";
