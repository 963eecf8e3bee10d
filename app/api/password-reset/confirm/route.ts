export { postPasswordResetConfirm as POST } from "@/lib/api/routes/auth";
