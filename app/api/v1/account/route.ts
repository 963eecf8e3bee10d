// Deprecated alias of GET /api/v1/organizations (HMS kept /account for older clients).
export { getAccount as GET } from "@/lib/api/routes/organizations";
export * from "@/lib/api/routes/method-fallbacks";
