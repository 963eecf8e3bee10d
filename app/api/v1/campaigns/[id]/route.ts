export { getCampaign as GET, patchCampaign as PATCH, removeCampaign as DELETE } from "@/lib/api/routes/campaigns";
