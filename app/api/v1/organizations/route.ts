export { getOrganization as GET } from "@/lib/api/routes/organizations";
