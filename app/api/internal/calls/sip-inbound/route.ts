export { postInternalSipInboundCall as POST } from "@/lib/api/routes/internal";
