import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/system";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { resolveBrand } from "@/lib/branding/brand";

/** The OpenAPI 3.1 document generated from the operation definitions; titled with the host's brand on a partner's portal. */
export const getOpenApi = route(op.getOpenApi, async ({ req }) => {
  const doc = buildOpenApiDocument();
  const brand = await resolveBrand({ host: req.headers.get("host") ?? new URL(req.url).host });
  return brand.kind === "platform" ? doc : { ...doc, info: { ...doc.info, title: `${brand.productName} API` } };
});
