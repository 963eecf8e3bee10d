export { getOrganization as GET } from "@/lib/api/routes/organizations";
export * from "@/lib/api/routes/method-fallbacks";
