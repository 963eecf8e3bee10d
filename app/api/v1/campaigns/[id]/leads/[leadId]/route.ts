export { removeCampaignLead as DELETE } from "@/lib/api/routes/campaigns";
