export { patchMember as PATCH, deleteMember as DELETE } from "@/lib/api/routes/team";
