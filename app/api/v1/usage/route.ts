export { getUsage as GET } from "@/lib/api/routes/usage";
