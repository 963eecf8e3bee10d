export { listAuditLog as GET } from "@/lib/api/routes/audit";
