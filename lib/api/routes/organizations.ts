import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/organizations";
import { getOrganizationOrThrow } from "@/lib/organizations/get-organization";
import { createChildOrganization } from "@/lib/organizations/create-organization";
import { updateOrganization } from "@/lib/organizations/update-organization";

export const getOrganization = route(op.getOrganization, async ({ scope, query }) => getOrganizationOrThrow(scope, { includeChildren: query.include_children }));

/** Deprecated alias of GET /organizations. */
export const getAccount = route(op.getAccount, getOrganization.handler);

/** The child's API key is in this response only. */
export const postOrganization = route(op.createOrganization, async ({ scope, body }) => createChildOrganization(scope, body));

export const patchOrganization = route(op.updateOrganization, async ({ scope, body }) => updateOrganization(scope, body));
