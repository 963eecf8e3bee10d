import { defineOperations } from "@/lib/openapi/registry";
import { organizationSchema } from "@/lib/schemas/organization";

export const organizationOperations = defineOperations([
  { method: "get", path: "/organizations", operationId: "getOrganization", summary: "The caller's organisation", tags: ["Organizations"], responses: { 200: { description: "The organisation (bare object)", schema: organizationSchema } } },
  { method: "get", path: "/account", operationId: "getAccount", summary: "The caller's organisation (deprecated alias of GET /organizations)", tags: ["Organizations"], deprecated: true, responses: { 200: { description: "The organisation (bare object)", schema: organizationSchema } } },
]);
