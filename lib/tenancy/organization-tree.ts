import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";

// Organisations form a tree (platform -> partner -> client). A principal acts on its own
// organisation or, when it says so explicitly, on one below it; never above or beside it.

export const ORGANIZATION_HEADER = "X-Organization-Id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Deeper than any real tree; stops the walk should a cycle ever be written by hand.
const MAX_DEPTH = 16;

/** Whether `organizationId` is `ancestorId` itself or lies anywhere below it. */
export async function isDescendantOrSelf(ancestorId: string, organizationId: string): Promise<boolean> {
  if (ancestorId === organizationId) return true;
  // Walks up from the candidate: a path to the root is short, a subtree may be wide.
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE up (id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM organizations WHERE id = ${organizationId}::uuid
      UNION ALL
      SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id
      WHERE up.depth < ${MAX_DEPTH}
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${ancestorId}::uuid AND depth > 0) AS found`;
  return rows[0]?.found === true;
}

/**
 * The organisation a request acts on: the home organisation, or the one named by the
 * X-Organization-Id header when it is the home organisation or a descendant. Any other id,
 * existing or not, is `not_found`, so another tenant's id reveals nothing.
 */
export async function resolveActingOrganization(homeOrganizationId: string, requested: string | null): Promise<string> {
  if (requested === null) return homeOrganizationId;
  const id = requested.trim();
  if (!UUID.test(id)) {
    throw new AppError("invalid_request", `${ORGANIZATION_HEADER} must be an organisation id (a UUID)`, ORGANIZATION_HEADER);
  }
  const organizationId = id.toLowerCase();
  if (!(await isDescendantOrSelf(homeOrganizationId, organizationId))) throw notFound("Organization");
  return organizationId;
}
