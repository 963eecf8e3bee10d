export { listByokKeys as GET, postByokKey as POST, deleteByokKey as DELETE } from "@/lib/api/routes/byok";
