import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { organizationUpdateSchema, type OrganizationUpdateInput } from "@/lib/schemas/organization";
import { getOrganizationOrThrow } from "@/lib/organizations/get-organization";
import { organizationWhere, orgWhere, type OrgScope } from "@/lib/tenancy/scope";

/** Renames the acting organisation and sets its retention; content is never kept longer than metadata. */
export async function updateOrganization(scope: OrgScope, input: OrganizationUpdateInput) {
  const data = organizationUpdateSchema.parse(input);
  await db.$transaction(async (tx) => {
    if (data.name !== undefined) await tx.organization.update({ where: organizationWhere(scope), data: { name: data.name } });
    if (data.content_retention_days === undefined && data.metadata_retention_days === undefined) return;
    const stored = await tx.organizationRetention.findFirst({ where: orgWhere(scope) });
    const content = data.content_retention_days !== undefined ? data.content_retention_days : (stored?.contentRetentionDays ?? null);
    const metadata = data.metadata_retention_days !== undefined ? data.metadata_retention_days : (stored?.metadataRetentionDays ?? null);
    // Call rows carry their content: deleting a row after `metadata` days deletes its content
    // too, so "content forever" with a metadata window means content for that window.
    if (metadata !== null && content !== null && content > metadata) {
      throw new AppError("validation_error", `content_retention_days must be at most metadata_retention_days (${metadata})`, "content_retention_days");
    }
    await tx.organizationRetention.upsert({
      where: { organizationId: scope.organizationId },
      create: { ...orgWhere(scope), contentRetentionDays: content, metadataRetentionDays: metadata },
      update: { contentRetentionDays: content, metadataRetentionDays: metadata },
    });
  });
  return getOrganizationOrThrow(scope);
}
