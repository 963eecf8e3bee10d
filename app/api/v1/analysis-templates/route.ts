export { listAnalysisTemplates as GET, postAnalysisTemplate as POST } from "@/lib/api/routes/analysis-templates";
export * from "@/lib/api/routes/method-fallbacks";
