import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/branding";
import { deleteBrandAsset, getBranding as readBranding, updateBranding, uploadBrandAsset } from "@/lib/branding/settings";
import { createPortalDomain, deletePortalDomain, listPortalDomains, verifyPortalDomain } from "@/lib/branding/portal-domains";
import { approveClientSignup, listClientSignups } from "@/lib/branding/client-signups";

export const getBranding = route(op.getBranding, async ({ scope }) => readBranding(scope));
export const patchBranding = route(op.updateBranding, async ({ scope, body }) => updateBranding(scope, body));
export const putBrandAsset = route(op.uploadBrandAsset, async ({ scope, params, body }) => uploadBrandAsset(scope, params.asset, body));
export const removeBrandAsset = route(op.deleteBrandAsset, async ({ scope, params }) => deleteBrandAsset(scope, params.asset));

export const getPortalDomains = route(op.listPortalDomains, async ({ scope }) => ({ data: await listPortalDomains(scope) }));
export const postPortalDomain = route(op.createPortalDomain, async ({ scope, body }) => createPortalDomain(scope, body));
export const postPortalDomainVerify = route(op.verifyPortalDomain, async ({ scope, params }) => verifyPortalDomain(scope, params.id));
export const removePortalDomain = route(op.deletePortalDomain, async ({ scope, params }) => {
  await deletePortalDomain(scope, params.id);
  return { success: true } as const;
});

export const getClientSignups = route(op.listClientSignups, async ({ scope, query }) => ({ data: await listClientSignups(scope, { pendingOnly: query.status === "pending" }) }));
export const postClientSignupApprove = route(op.approveClientSignup, async ({ scope, params }) => approveClientSignup(scope, params.id));
