export { listCalls as GET } from "@/lib/api/routes/calls";
