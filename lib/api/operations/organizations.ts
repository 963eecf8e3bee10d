import { aliasOf, defineOperation } from "@/lib/api/operation";
import { organizationSchema } from "@/lib/schemas/organization";

export const getOrganization = defineOperation({
  operationId: "getOrganization", method: "get", path: "/organizations", tags: ["Organizations"], permission: "organizations.read",
  summary: "The caller's organisation",
  responses: { 200: { description: "The organisation (bare object)", schema: organizationSchema } },
});

// HMS kept GET /account for older clients.
export const getAccount = aliasOf(getOrganization, { path: "/account", operationId: "getAccount" });
