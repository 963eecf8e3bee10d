export { deleteByokKeyByProvider as DELETE } from "@/lib/api/routes/byok";
