import "server-only";
import { json, withOrg } from "@/lib/api/handler";
import { getOrganizationOrThrow } from "@/lib/organizations/get-organization";

/** GET /organizations (and the deprecated GET /account) — the caller's organisation. */
export const getOrganization = withOrg(async ({ scope }) => json(await getOrganizationOrThrow(scope)), { permission: "organizations.read" });
