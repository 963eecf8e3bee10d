export { getOpenApi as GET } from "@/lib/api/routes/openapi";
