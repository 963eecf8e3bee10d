export { listAuditLog as GET } from "@/lib/api/routes/audit";
export * from "@/lib/api/routes/method-fallbacks";
