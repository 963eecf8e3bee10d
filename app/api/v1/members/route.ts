export { listMembers as GET } from "@/lib/api/routes/team";
