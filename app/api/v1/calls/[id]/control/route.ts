export { postCallControl as POST } from "@/lib/api/routes/calls";
