export { putInternalCallRecording as PUT } from "@/lib/api/routes/internal";
