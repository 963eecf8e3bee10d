export { getOpenApi as GET } from "@/lib/api/routes/openapi";
export * from "@/lib/api/routes/method-fallbacks";
