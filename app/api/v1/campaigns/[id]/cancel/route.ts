export { cancelCampaign as POST } from "@/lib/api/routes/campaigns";
