export { postOutboundCall as POST } from "@/lib/api/routes/calls";
