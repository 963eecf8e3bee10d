export { listInvitations as GET, postInvitation as POST } from "@/lib/api/routes/team";
