export { postAcceptInvitation as POST } from "@/lib/api/routes/auth";
