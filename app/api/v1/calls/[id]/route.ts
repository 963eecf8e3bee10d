export { getCall as GET } from "@/lib/api/routes/calls";
