export { getCallRecording as GET } from "@/lib/api/routes/recordings";
export * from "@/lib/api/routes/method-fallbacks";
