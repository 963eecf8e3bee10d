export { getHealth as GET } from "@/lib/api/routes/health";
export const dynamic = "force-dynamic";
export * from "@/lib/api/routes/method-fallbacks";
