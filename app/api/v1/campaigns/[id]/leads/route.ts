export { listCampaignLeads as GET, postCampaignLeads as POST } from "@/lib/api/routes/campaigns";
