export { postProviderKeyTest as POST } from "@/lib/api/routes/provider-keys";
export * from "@/lib/api/routes/method-fallbacks";
