export { putBrandAsset as PUT, removeBrandAsset as DELETE } from "@/lib/api/routes/branding";
export * from "@/lib/api/routes/method-fallbacks";
