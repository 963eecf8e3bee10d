import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import {
  brandingSchema,
  clientSignupListSchema,
  clientSignupSchema,
  createPortalDomainSchema,
  portalDomainListSchema,
  portalDomainSchema,
  updateBrandingSchema,
  uploadBrandAssetSchema,
} from "@/lib/schemas/branding";

// Whitelabel: a partner's brand, its portal domains and the clients that signed up on its
// portal. Partners only; a client's pages show its partner's brand. Portal domains are not
// HMS's /domains (email sending domains): see docs/api-decisions.md.

const brandingTags = ["Branding"];
const domainTags = ["Portal domains"];
const partnersOnly = { 403: "The organisation is not a partner" } as const;
const domainParams = { id: uuidParam("Portal domain") };

export const getBranding = defineOperation({
  operationId: "getBranding", method: "get", path: "/branding", tags: brandingTags, permission: "organizations.read",
  summary: "The partner's brand",
  responses: { 200: { description: "The brand", schema: brandingSchema } },
  errors: partnersOnly,
});

export const updateBranding = defineOperation({
  operationId: "updateBranding", method: "patch", path: "/branding", tags: brandingTags, permission: "organizations.write",
  summary: "Change the partner's brand (null resets a field)",
  body: updateBrandingSchema,
  responses: { 200: { description: "The brand", schema: brandingSchema } },
  errors: partnersOnly,
});

const assetParams = { asset: { schema: z.enum(["logo", "favicon"]), notFound: "Brand asset", description: "logo or favicon" } };

export const uploadBrandAsset = defineOperation({
  operationId: "uploadBrandAsset", method: "put", path: "/branding/{asset}", params: assetParams, tags: brandingTags, permission: "organizations.write",
  summary: "Upload the logo or favicon",
  description: "PNG, SVG or JPEG, base64, at most BRAND_ASSET_MAX_BYTES (413); bytes not of content_type: 415. SVGs are sanitised.",
  body: uploadBrandAssetSchema,
  responses: { 200: { description: "The brand", schema: brandingSchema } },
  errors: partnersOnly,
});

export const deleteBrandAsset = defineOperation({
  operationId: "deleteBrandAsset", method: "delete", path: "/branding/{asset}", params: assetParams, tags: brandingTags, permission: "organizations.write",
  summary: "Remove the logo or favicon",
  responses: { 200: { description: "The brand", schema: brandingSchema } },
  errors: partnersOnly,
});

export const listPortalDomains = defineOperation({
  operationId: "listPortalDomains", method: "get", path: "/portal-domains", tags: domainTags, permission: "organizations.read",
  summary: "List the partner's portal domains",
  responses: { 200: { description: "Portal domains", schema: portalDomainListSchema } },
  errors: partnersOnly,
});

export const createPortalDomain = defineOperation({
  operationId: "createPortalDomain", method: "post", path: "/portal-domains", tags: domainTags, permission: "organizations.write",
  summary: "Add a portal domain",
  description: "Publish the TXT record answered, then verify.",
  body: createPortalDomainSchema,
  responses: { 201: { description: "The domain (pending)", schema: portalDomainSchema } },
  errors: { ...partnersOnly, 409: "Already added, or the partner has the most domains allowed" },
});

export const verifyPortalDomain = defineOperation({
  operationId: "verifyPortalDomain", method: "post", path: "/portal-domains/{id}/verify", params: domainParams, tags: domainTags, permission: "organizations.write",
  summary: "Look the TXT record up now",
  responses: { 200: { description: "The domain", schema: portalDomainSchema } },
});

export const deletePortalDomain = defineOperation({
  operationId: "deletePortalDomain", method: "delete", path: "/portal-domains/{id}", params: domainParams, tags: domainTags, permission: "organizations.write",
  summary: "Remove a portal domain (the host then shows a neutral page)",
  responses: { 200: { description: "Deleted", schema: successSchema } },
});

export const listClientSignups = defineOperation({
  operationId: "listClientSignups", method: "get", path: "/client-signups", tags: brandingTags, permission: "organizations.read",
  summary: "Clients that signed up on the partner's portal",
  query: z.object({ status: z.enum(["pending", "all"]).default("pending").describe("pending: waiting for approval") }).strict(),
  responses: { 200: { description: "Client sign-ups", schema: clientSignupListSchema } },
  errors: partnersOnly,
});

export const approveClientSignup = defineOperation({
  operationId: "approveClientSignup", method: "post", path: "/client-signups/{id}/approve", params: { id: uuidParam("Client sign-up") }, tags: brandingTags, permission: "organizations.write",
  summary: "Approve a client that signed up while approval was required",
  responses: { 200: { description: "The client", schema: clientSignupSchema } },
  errors: partnersOnly,
});
