export { listVoices as GET } from "@/lib/api/routes/voices";
export * from "@/lib/api/routes/method-fallbacks";
