export { postWebCall as POST } from "@/lib/api/routes/calls";
