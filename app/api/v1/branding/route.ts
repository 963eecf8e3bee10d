export { getBranding as GET, patchBranding as PATCH } from "@/lib/api/routes/branding";
export * from "@/lib/api/routes/method-fallbacks";
