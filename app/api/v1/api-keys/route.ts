export { listApiKeys as GET, postApiKey as POST } from "@/lib/api/routes/api-keys";
