export { removeCampaignLead as DELETE } from "@/lib/api/routes/campaigns";
export * from "@/lib/api/routes/method-fallbacks";
