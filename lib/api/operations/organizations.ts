import { aliasOf, defineOperation } from "@/lib/api/operation";
import {
  organizationCreatedSchema,
  organizationCreateSchema,
  organizationQuerySchema,
  organizationSchema,
  organizationUpdateSchema,
} from "@/lib/schemas/organization";

const tags = ["Organizations"];

export const getOrganization = defineOperation({
  operationId: "getOrganization", method: "get", path: "/organizations", tags, permission: "organizations.read",
  summary: "The caller's organisation",
  description: "The acting organisation with its counters, retention and children. The balances are null until credits exist.",
  query: organizationQuerySchema,
  responses: { 200: { description: "The organisation (bare object)", schema: organizationSchema } },
});

// HMS kept GET /account for older clients.
export const getAccount = aliasOf(getOrganization, { path: "/account", operationId: "getAccount" });

export const createOrganization = defineOperation({
  operationId: "createOrganization", method: "post", path: "/organizations", tags, permission: "organizations.write",
  summary: "Create a child organisation",
  description: "Platform → partners → clients. The child's API key is shown only here; email invites its owner.",
  body: organizationCreateSchema,
  responses: { 201: { description: "Created", schema: organizationCreatedSchema } },
  errors: { 403: "Clients cannot create organisations", 404: "parent_org_id is not the caller's organisation or below it" },
});

export const updateOrganization = defineOperation({
  operationId: "updateOrganization", method: "patch", path: "/organizations", tags, permission: "organizations.write",
  summary: "Rename the organisation or set its retention",
  description: "Retention applies daily to finished calls; content may not outlive metadata.",
  body: organizationUpdateSchema,
  responses: { 200: { description: "The organisation", schema: organizationSchema } },
});
