export { nextAuthHandler as GET, nextAuthHandler as POST } from "@/lib/api/routes/auth";
