import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/organizations";
import { getOrganizationOrThrow } from "@/lib/organizations/get-organization";

export const getOrganization = route(op.getOrganization, async ({ scope }) => getOrganizationOrThrow(scope));

/** Deprecated alias of GET /organizations. */
export const getAccount = route(op.getAccount, getOrganization.handler);
