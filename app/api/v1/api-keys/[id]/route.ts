export { removeApiKey as DELETE } from "@/lib/api/routes/api-keys";
export * from "@/lib/api/routes/method-fallbacks";
