export { getAnalysisTemplate as GET, patchAnalysisTemplate as PATCH, removeAnalysisTemplate as DELETE } from "@/lib/api/routes/analysis-templates";
export * from "@/lib/api/routes/method-fallbacks";
