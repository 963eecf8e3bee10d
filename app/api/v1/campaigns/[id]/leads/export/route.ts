export { exportCampaignLeads as GET } from "@/lib/api/routes/campaigns";
