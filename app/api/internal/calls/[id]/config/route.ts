export { getInternalCallConfig as GET } from "@/lib/api/routes/internal";
