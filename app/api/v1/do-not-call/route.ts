export { listDoNotCall as GET, postDoNotCall as POST } from "@/lib/api/routes/campaigns";
