export { getCallRecording as GET } from "@/lib/api/routes/recordings";
