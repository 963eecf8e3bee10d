export { deleteInvitation as DELETE } from "@/lib/api/routes/team";
