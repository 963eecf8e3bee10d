export { importDoNotCallNumbers as POST } from "@/lib/api/routes/campaigns";
