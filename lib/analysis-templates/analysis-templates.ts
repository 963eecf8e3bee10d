import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AnalysisTemplateCreate, AnalysisTemplateUpdate } from "@/lib/schemas/analysis-template";
import { serializeAnalysisTemplate } from "@/lib/analysis-templates/serialize";

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

const knownError = (error: unknown, code: string) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
const duplicateName = (name: string) =>
  new AppError("conflict", `An analysis template named "${name}" already exists in this organisation`, "name");

export async function createAnalysisTemplate(scope: OrgScope, input: AnalysisTemplateCreate) {
  try {
    const row = await db.analysisTemplate.create({
      data: {
        organizationId: scope.organizationId,
        name: input.name,
        description: input.description ?? null,
        schema: input.schema as Prisma.InputJsonValue,
        messages: input.messages,
        minMessagesThreshold: input.min_messages_threshold,
      },
    });
    return serializeAnalysisTemplate(row);
  } catch (error) {
    throw knownError(error, "P2002") ? duplicateName(input.name) : error;
  }
}

export async function findAnalysisTemplates(scope: OrgScope, options: { limit: number; offset: number }) {
  const where = orgWhere(scope);
  const [rows, total] = await Promise.all([
    db.analysisTemplate.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.analysisTemplate.count({ where }),
  ]);
  return { analysisTemplates: rows.map(serializeAnalysisTemplate), total };
}

export async function getAnalysisTemplateRowOrThrow(scope: OrgScope, id: string) {
  const row = await db.analysisTemplate.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw notFound("Analysis template");
  return row;
}

export async function getAnalysisTemplateOrThrow(scope: OrgScope, id: string) {
  return serializeAnalysisTemplate(await getAnalysisTemplateRowOrThrow(scope, id));
}

export async function updateAnalysisTemplate(scope: OrgScope, id: string, patch: AnalysisTemplateUpdate) {
  const data: Prisma.AnalysisTemplateUpdateManyMutationInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.description !== undefined) data.description = patch.description;
  if (patch.schema !== undefined) data.schema = patch.schema as Prisma.InputJsonValue;
  if (patch.messages !== undefined) data.messages = patch.messages;
  if (patch.min_messages_threshold !== undefined) data.minMessagesThreshold = patch.min_messages_threshold;
  try {
    const result = await db.analysisTemplate.updateMany({ where: { id, ...orgWhere(scope) }, data });
    if (result.count === 0) throw notFound("Analysis template");
  } catch (error) {
    throw knownError(error, "P2002") && patch.name ? duplicateName(patch.name) : error;
  }
  return getAnalysisTemplateOrThrow(scope, id);
}

// Refused while an assistant uses the template; the database's RESTRICT is the backstop.
export async function deleteAnalysisTemplate(scope: OrgScope, id: string) {
  await getAnalysisTemplateRowOrThrow(scope, id);
  const where = { ...orgWhere(scope), analysisTemplateId: id };
  const [count, users] = await Promise.all([
    db.assistant.count({ where }),
    db.assistant.findMany({ where, select: { name: true }, orderBy: { name: "asc" }, take: 10 }),
  ]);
  if (count > 0) {
    const more = count > users.length ? `, and ${count - users.length} more` : "";
    throw new AppError("conflict", `Analysis template is used by ${count} assistant(s): ${users.map((a) => a.name).join(", ")}${more}`);
  }
  try {
    const result = await db.analysisTemplate.deleteMany({ where: { id, ...orgWhere(scope) } });
    if (result.count === 0) throw notFound("Analysis template");
  } catch (error) {
    if (knownError(error, "P2003")) throw new AppError("conflict", "Analysis template is used by an assistant");
    throw error;
  }
}

/** 422 unless the id is an analysis template of the organisation. */
export async function assertAnalysisTemplateInScope(scope: OrgScope, id: string, param: string) {
  const row = await db.analysisTemplate.findFirst({ where: { id: id.toLowerCase(), ...orgWhere(scope) }, select: { id: true } });
  if (!row) throw new AppError("validation_error", `${param}: no analysis template with this id in the organisation`, param);
  return row.id;
}
