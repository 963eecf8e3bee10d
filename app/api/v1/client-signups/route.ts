export { getClientSignups as GET } from "@/lib/api/routes/branding";
