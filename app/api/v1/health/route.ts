export { getHealth as GET } from "@/lib/api/routes/health";
export const dynamic = "force-dynamic";
