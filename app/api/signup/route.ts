export { postSignup as POST } from "@/lib/api/routes/auth";
