export { getBrandAsset as GET } from "@/lib/api/routes/brand-assets";
