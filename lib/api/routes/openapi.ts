import { json } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/openapi/document";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document generated from the zod schemas. */
export async function getOpenApi() {
  return json(buildOpenApiDocument());
}
