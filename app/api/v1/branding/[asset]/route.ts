export { putBrandAsset as PUT, removeBrandAsset as DELETE } from "@/lib/api/routes/branding";
