export { testByokKey as POST } from "@/lib/api/routes/byok";
