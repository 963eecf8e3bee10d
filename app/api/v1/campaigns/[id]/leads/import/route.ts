export { importCampaignLeads as POST } from "@/lib/api/routes/campaigns";
