export { postInternalCallEvent as POST } from "@/lib/api/routes/internal";
