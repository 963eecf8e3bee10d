export { getCampaign as GET, patchCampaign as PATCH, removeCampaign as DELETE } from "@/lib/api/routes/campaigns";
export * from "@/lib/api/routes/method-fallbacks";
