export { removePortalDomain as DELETE } from "@/lib/api/routes/branding";
