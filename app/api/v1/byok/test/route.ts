export { postProviderKeyTest as POST } from "@/lib/api/routes/provider-keys";
