export { postPasswordReset as POST } from "@/lib/api/routes/auth";
