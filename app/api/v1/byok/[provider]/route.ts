export { removeProviderKeyByProvider as DELETE } from "@/lib/api/routes/provider-keys";
export * from "@/lib/api/routes/method-fallbacks";
