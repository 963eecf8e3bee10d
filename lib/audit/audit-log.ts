import "server-only";
import { db } from "@/lib/db";
import { auditLogEntrySchema, type AuditLogEntry } from "@/lib/schemas/audit";
import { orgWhere, type Scope } from "@/lib/tenancy/scope";

// Who did what to an organisation, and when. The route wrapper (lib/api/handler.ts) records
// every write; the entry lives in the organisation acted on, so its admins and (acting on it)
// its parent read it. Background work (system principals) is not a person's act and is not
// recorded.

export type AuditedRequest = { operationId: string; method: string; path: string; status: number };

export async function recordAuditEntry(scope: Scope, request: AuditedRequest): Promise<void> {
  const { principal } = scope;
  if (principal.kind === "system") return;
  await db.auditLogEntry.create({
    data: {
      organizationId: scope.organizationId,
      actorOrganizationId: scope.homeOrganizationId,
      actorType: principal.kind,
      actorUserId: principal.kind === "user" ? principal.userId : null,
      actorApiKeyId: principal.kind === "api_key" ? principal.apiKeyId : null,
      operationId: request.operationId,
      method: request.method.toUpperCase(),
      path: request.path,
      status: request.status,
    },
  });
}

export async function findAuditLog(scope: Scope, options: { limit: number; offset: number; actingOnly?: boolean }) {
  const where = { ...orgWhere(scope), ...(options.actingOnly ? { NOT: { actorOrganizationId: scope.organizationId } } : {}) };
  const [rows, total] = await Promise.all([
    db.auditLogEntry.findMany({
      where,
      include: { actorUser: { select: { email: true } }, actorApiKey: { select: { name: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: options.limit,
      skip: options.offset,
    }),
    db.auditLogEntry.count({ where }),
  ]);
  const entries: AuditLogEntry[] = rows.map((r) =>
    auditLogEntrySchema.parse({
      id: r.id,
      organization_id: r.organizationId,
      actor: {
        type: r.actorType,
        user_id: r.actorUserId,
        email: r.actorUser?.email ?? null,
        api_key_id: r.actorApiKeyId,
        api_key_name: r.actorApiKey?.name ?? null,
        organization_id: r.actorOrganizationId,
      },
      acting: r.actorOrganizationId !== r.organizationId,
      operation_id: r.operationId,
      method: r.method,
      path: r.path,
      status: r.status,
      created_at: r.createdAt.toISOString(),
    }),
  );
  return { entries, total };
}
