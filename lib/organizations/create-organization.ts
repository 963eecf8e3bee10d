import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { generateApiKey } from "@/lib/api-keys/api-keys";
import { slugify } from "@/lib/organizations/sign-up";
import { organizationCreatedSchema, organizationCreateSchema, type OrganizationCreateInput, type OrganizationKind } from "@/lib/schemas/organization";
import { inviteMember } from "@/lib/team/invitations";
import { isDescendantOrSelf } from "@/lib/tenancy/organization-tree";
import { organizationWhere, orgWhere, type Scope } from "@/lib/tenancy/scope";

// The tree grows one level at a time: the platform operator creates partners, a partner
// creates its clients; a client has nothing below it.
const CHILD_KIND: Record<OrganizationKind, OrganizationKind | null> = { platform: "partner", partner: "client", client: null };

/**
 * Creates an organisation below the acting one (or below `parent_org_id`, when that is the
 * acting organisation or lies under it), with a full-access API key shown once. With `email`,
 * that address is invited as the new organisation's owner.
 */
export async function createChildOrganization(scope: Scope, input: OrganizationCreateInput) {
  const data = organizationCreateSchema.parse(input);
  const parentId = data.parent_org_id ?? scope.organizationId;
  if (!(await isDescendantOrSelf(scope.organizationId, parentId))) throw new AppError("not_found", "Organization not found", "parent_org_id");
  const parent = await db.organization.findUnique({ where: organizationWhere({ organizationId: parentId }), select: { id: true, kind: true } });
  if (!parent) throw new AppError("not_found", "Organization not found", "parent_org_id");
  const kind = CHILD_KIND[parent.kind];
  if (!kind) {
    throw new AppError("forbidden", "A client organisation cannot have organisations below it", data.parent_org_id ? "parent_org_id" : null);
  }
  const { key, prefix, hashedKey } = generateApiKey();
  const child = await db.$transaction(async (tx) => {
    const row = await tx.organization.create({ data: { name: data.name, slug: slugify(data.name), kind, parentId: parent.id } });
    const childScope = { organizationId: row.id };
    await tx.apiKey.create({ data: { ...orgWhere(childScope), name: "Created with the organisation", prefix, hashedKey, scopes: [] } });
    return row;
  });
  if (data.email) {
    // The caller manages the new organisation from above, so it may make its first owner.
    await inviteMember({ ...scope, organizationId: child.id }, { email: data.email, role: "owner" });
  }
  return organizationCreatedSchema.parse({
    id: child.id, name: child.name, slug: child.slug, kind: child.kind, parent_org_id: child.parentId, api_key: key, created_at: child.createdAt.toISOString(),
  });
}
