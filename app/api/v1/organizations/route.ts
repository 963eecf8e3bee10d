export { getOrganization as GET, postOrganization as POST, patchOrganization as PATCH } from "@/lib/api/routes/organizations";
export * from "@/lib/api/routes/method-fallbacks";
