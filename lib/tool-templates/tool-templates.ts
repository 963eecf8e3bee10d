import "server-only";
import { db } from "@/lib/db";
import { AppError, fromZodError, notFound } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { hasSdkTemplateFields, parseToolConfig, toolConfigWithSdkFields, type ToolTemplateCreate, type ToolTemplateUpdate, type ToolType } from "@/lib/schemas/tools";
import { maskToolSecret, sealToolSecret } from "@/lib/tools/secrets";
import { serializeToolTemplate } from "@/lib/tool-templates/serialize";

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

const knownError = (error: unknown, code: string) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
const duplicateName = (name: string) =>
  new AppError("conflict", `A tool template named "${name}" already exists in this organisation`, "name");

// Validated, canonical config as stored: without `type` (that is tool_type), secret encrypted.
function storedConfig(toolType: ToolType, config: unknown, previous?: unknown): Prisma.InputJsonValue {
  const result = parseToolConfig(toolType, config);
  if (!result.success) throw fromZodError(result.error, ["tool_config"]);
  const { type: _type, ...sealed } = sealToolSecret({ ...result.data, type: toolType } as never, previous);
  return sealed as Prisma.InputJsonValue;
}

// The HMS SDK's fields (function_definition, server_url, server_secret, async) describe a
// function tool's config; the schema accepts them or tool_config, never both.
export async function createToolTemplate(scope: OrgScope, input: ToolTemplateCreate) {
  const toolType = input.tool_type ?? "function";
  const config = hasSdkTemplateFields(input) ? toolConfigWithSdkFields({}, input) : (input.tool_config ?? {});
  const data = {
    organizationId: scope.organizationId,
    name: input.name,
    description: input.description ?? null,
    toolType,
    toolConfig: storedConfig(toolType, config),
  };
  try {
    return serializeToolTemplate(await db.toolTemplate.create({ data }));
  } catch (error) {
    throw knownError(error, "P2002") ? duplicateName(input.name) : error;
  }
}

export async function findToolTemplates(scope: OrgScope, options: { limit: number; offset: number }) {
  const where = orgWhere(scope);
  const [rows, total] = await Promise.all([
    db.toolTemplate.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.toolTemplate.count({ where }),
  ]);
  return { toolTemplates: rows.map(serializeToolTemplate), total };
}

export async function getToolTemplateRowOrThrow(scope: OrgScope, id: string) {
  const row = await db.toolTemplate.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw notFound("Tool template");
  return row;
}

export async function getToolTemplateOrThrow(scope: OrgScope, id: string) {
  return serializeToolTemplate(await getToolTemplateRowOrThrow(scope, id));
}

// A new tool_type without a tool_config re-validates the stored config for the new type.
export async function updateToolTemplate(scope: OrgScope, id: string, patch: ToolTemplateUpdate) {
  const current = await getToolTemplateRowOrThrow(scope, id);
  const data: Prisma.ToolTemplateUpdateManyMutationInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.description !== undefined) data.description = patch.description;
  const sdkForm = hasSdkTemplateFields(patch);
  if (patch.tool_type !== undefined || patch.tool_config !== undefined || sdkForm) {
    const toolType = patch.tool_type ?? (current.toolType as ToolType);
    if (sdkForm && toolType !== "function") {
      throw new AppError("validation_error", "function_definition, server_url, server_secret and async apply to function tools only", "tool_type");
    }
    data.toolType = toolType;
    const base = maskToolSecret(current.toolConfig);
    const config = sdkForm ? toolConfigWithSdkFields(current.toolType === "function" ? base : {}, patch) : (patch.tool_config ?? base);
    data.toolConfig = storedConfig(toolType, config, current.toolConfig);
  }
  try {
    const result = await db.toolTemplate.updateMany({ where: { id, ...orgWhere(scope) }, data });
    if (result.count === 0) throw notFound("Tool template");
  } catch (error) {
    throw knownError(error, "P2002") ? duplicateName(patch.name ?? current.name) : error;
  }
  return getToolTemplateOrThrow(scope, id);
}

// Refused while an assistant uses the template; the database's RESTRICT is the backstop.
export async function deleteToolTemplate(scope: OrgScope, id: string) {
  await getToolTemplateRowOrThrow(scope, id);
  const where = { ...orgWhere(scope), toolTemplates: { some: { toolTemplateId: id } } };
  const [count, users] = await Promise.all([
    db.assistant.count({ where }),
    db.assistant.findMany({ where, select: { name: true }, orderBy: { name: "asc" }, take: 10 }),
  ]);
  if (count > 0) {
    const more = count > users.length ? `, and ${count - users.length} more` : "";
    throw new AppError("conflict", `Tool template is used by ${count} assistant(s): ${users.map((a) => a.name).join(", ")}${more}`);
  }
  try {
    const result = await db.toolTemplate.deleteMany({ where: { id, ...orgWhere(scope) } });
    if (result.count === 0) throw notFound("Tool template");
  } catch (error) {
    if (knownError(error, "P2003")) throw new AppError("conflict", "Tool template is used by an assistant");
    throw error;
  }
}

/** Checks that every id is a tool template of the organisation; 422 names the first that is not. */
export async function resolveToolTemplateIds(scope: OrgScope, ids: string[], param = "tool_template_ids"): Promise<string[]> {
  const wanted = ids.map((id) => id.toLowerCase());
  const rows = await db.toolTemplate.findMany({
    where: { id: { in: [...new Set(wanted)] }, ...orgWhere(scope) },
    select: { id: true },
  });
  const found = new Set(rows.map((r) => r.id));
  const missing = wanted.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw new AppError("validation_error", `${param}.${missing}: no tool template with this id in the organisation`, `${param}.${missing}`);
  }
  return [...new Set(wanted)];
}
