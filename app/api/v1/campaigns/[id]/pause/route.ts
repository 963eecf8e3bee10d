export { pauseCampaign as POST } from "@/lib/api/routes/campaigns";
export * from "@/lib/api/routes/method-fallbacks";
