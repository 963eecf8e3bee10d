export { pauseCampaign as POST } from "@/lib/api/routes/campaigns";
