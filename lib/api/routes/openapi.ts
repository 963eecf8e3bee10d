import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/system";
import { buildOpenApiDocument } from "@/lib/openapi/document";

/** The OpenAPI 3.1 document generated from the operation definitions. */
export const getOpenApi = route(op.getOpenApi, async () => buildOpenApiDocument());
