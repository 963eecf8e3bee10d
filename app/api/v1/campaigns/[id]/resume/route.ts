export { resumeCampaign as POST } from "@/lib/api/routes/campaigns";
