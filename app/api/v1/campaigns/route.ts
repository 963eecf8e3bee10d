export { listCampaigns as GET, postCampaign as POST } from "@/lib/api/routes/campaigns";
