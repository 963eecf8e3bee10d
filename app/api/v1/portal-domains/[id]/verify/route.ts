export { postPortalDomainVerify as POST } from "@/lib/api/routes/branding";
