export { listProviderKeys as GET, postProviderKey as POST, removeProviderKey as DELETE } from "@/lib/api/routes/provider-keys";
export * from "@/lib/api/routes/method-fallbacks";
