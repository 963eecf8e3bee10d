export { postInternalCallTransfer as POST } from "@/lib/api/routes/internal";
