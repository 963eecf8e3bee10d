import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors/app-error";
import type { Assistant as AssistantRow, Prisma, ToolTemplate as ToolTemplateRow } from "@/lib/generated/prisma/client";
import { serializeAssistantForCall } from "@/lib/assistants/serialize";
import { assistantCreateSchema, defaultLlmConfig, defaultSttConfig, defaultTtsConfig, type AssistantCreate } from "@/lib/schemas/assistant";
import { ASSISTANT_DEFAULTS } from "@/lib/contract/defaults";
import { maskToolSecret, sealToolSecrets } from "@/lib/tools/secrets";
import { MASKED_TOOL_SECRET, toolKey, type Tool } from "@/lib/schemas/tools";
import { toolOfTemplate } from "@/lib/tool-templates/serialize";
import { resolveToolTemplateIds } from "@/lib/tool-templates/tool-templates";
import { assertAnalysisTemplateInScope } from "@/lib/analysis-templates/analysis-templates";

// The assistant a call runs with, frozen on the call (calls.assistant_snapshot): the public
// assistant shape (secrets masked, template tools merged into llm_config.tools) plus two
// internal keys that never leave the server except in the worker's config:
//   _secrets  — the encrypted webhook secret and tool secrets (by function name)
//   _resolved — the routing and assistant-request outcome, once the worker's config was resolved
// A transient assistant (web call or assistant-request answer) has `id: null`.

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
type Json = Record<string, unknown>;
export type AssistantRowForCall = AssistantRow & { toolTemplates: { toolTemplateId: string; toolTemplate: ToolTemplateRow }[] };

export interface SnapshotSecrets {
  webhook_secret_enc: string | null;
  tool_secrets_enc: Record<string, string>;
}

export interface ResolvedRouting {
  at: string;
  webhook: { url: string; secret_enc: string | null; events: string[] } | null;
  tool_servers: Record<string, { url: string; secret_enc: string | null } | null>;
  /** The assistant-request outcome: used | not_requested | fallback (with reason) | refused. */
  assistant_request: { outcome: string; reason: string | null; delivery_id: string | null };
  /** Set when the assistant-request answer refused the call: the text to say. */
  refusal: string | null;
}

export type CallSnapshot = Json & { _secrets?: SnapshotSecrets; _resolved?: ResolvedRouting };

const { first_message: DEFAULT_FIRST_MESSAGE, max_duration_seconds: DEFAULT_MAX_DURATION_SECONDS } = ASSISTANT_DEFAULTS;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export const assistantTemplatesInclude = {
  toolTemplates: { include: { toolTemplate: true }, orderBy: [{ toolTemplate: { createdAt: "asc" } }, { toolTemplateId: "asc" }] },
} satisfies Prisma.AssistantInclude;

function storedToolSecrets(tools: unknown, into: Record<string, string>) {
  for (const tool of Array.isArray(tools) ? tools : []) {
    if (!isObject(tool) || tool.type !== "function" || !isObject(tool.function) || !isObject(tool.server)) continue;
    const name = tool.function.name;
    if (typeof name === "string" && typeof tool.server.secret_enc === "string" && !(name in into)) into[name] = tool.server.secret_enc;
  }
}

/** Row (with its templates) -> snapshot. Own tools win over template tools of the same name. */
export function buildAssistantSnapshot(row: AssistantRowForCall, options: { transient?: boolean } = {}): CallSnapshot {
  const toolSecrets: Record<string, string> = {};
  storedToolSecrets((row.llmConfig as Json | null)?.tools, toolSecrets);
  for (const { toolTemplate } of row.toolTemplates) {
    const config = toolTemplate.toolConfig as Json | null;
    if (toolTemplate.toolType === "function" && config) storedToolSecrets([{ ...config, type: "function" }], toolSecrets);
  }
  const assistant = serializeAssistantForCall(row) as Json;
  return {
    ...assistant,
    ...(options.transient ? { id: null } : {}),
    _secrets: { webhook_secret_enc: row.webhookSecretEnc, tool_secrets_enc: toolSecrets },
  };
}

/** The snapshot without its internal keys: what webhooks and the worker see of the assistant. */
export function publicAssistantOf(snapshot: unknown): Json {
  if (!isObject(snapshot)) return {};
  const { _secrets: _s, _resolved: _r, ...assistant } = snapshot;
  return assistant;
}

export const snapshotSecretsOf = (snapshot: unknown): SnapshotSecrets =>
  isObject(snapshot) && isObject(snapshot._secrets)
    ? (snapshot._secrets as unknown as SnapshotSecrets)
    : { webhook_secret_enc: null, tool_secrets_enc: {} };

export const resolvedRoutingOf = (snapshot: unknown): ResolvedRouting | null =>
  isObject(snapshot) && isObject(snapshot._resolved) ? (snapshot._resolved as unknown as ResolvedRouting) : null;

export async function getAssistantRowForCall(scope: OrgScope, id: string): Promise<AssistantRowForCall | null> {
  return db.assistant.findFirst({ where: { id: id.toLowerCase(), ...orgWhere(scope) }, include: assistantTemplatesInclude });
}

/**
 * Applies (validated) assistant fields onto a row, top-level key by key, the way a stored
 * assistant would hold them: secrets encrypted, tool templates of the organisation resolved.
 * `param` prefixes validation errors (e.g. "assistant_override").
 */
export async function applyAssistantFields(
  scope: OrgScope,
  base: AssistantRowForCall,
  fields: Partial<AssistantCreate>,
  param: string,
): Promise<AssistantRowForCall> {
  const row: AssistantRowForCall = { ...base };
  const set = <K extends keyof AssistantCreate>(key: K, apply: (value: NonNullable<AssistantCreate[K]> | null) => void) => {
    if (fields[key] !== undefined) apply(fields[key] as NonNullable<AssistantCreate[K]> | null);
  };
  set("name", (v) => (row.name = v ?? row.name));
  set("business_name", (v) => (row.businessName = v));
  set("notification_email", (v) => (row.notificationEmail = v));
  set("first_message", (v) => (row.firstMessage = v));
  set("is_active", (v) => (row.isActive = v ?? row.isActive));
  set("max_duration_seconds", (v) => (row.maxDurationSeconds = v));
  set("autonomous_silence_handling", (v) => (row.autonomousSilenceHandling = v ?? false));
  set("silence_timeout_seconds", (v) => (row.silenceTimeoutSeconds = v));
  set("gdpr_mode", (v) => (row.gdprMode = v ?? false));
  set("voicemail_detection", (v) => (row.voicemailDetection = v ?? false));
  set("voicemail_message", (v) => (row.voicemailMessage = v));
  set("webhook_url", (v) => (row.webhookUrl = v));
  set("webhook_secret", (v) => (row.webhookSecretEnc = v ? encryptSecret(v) : null));
  set("webhook_events", (v) => (row.webhookEvents = v ?? []));
  set("stt_config", (v) => (row.sttConfig = v ?? defaultSttConfig()));
  set("tts_config", (v) => (row.ttsConfig = v ?? defaultTtsConfig()));
  set("llm_config", (v) => {
    const llm = v ?? defaultLlmConfig();
    row.llmConfig = { ...llm, tools: sealToolSecrets(llm.tools, (base.llmConfig as Json | null)?.tools) } as AssistantRow["llmConfig"];
  });
  if (fields.analysis_plan !== undefined) {
    row.analysisPlan = fields.analysis_plan as AssistantRow["analysisPlan"];
    const templateId = fields.analysis_plan?.structured_data_plan?.template_id;
    row.analysisTemplateId = templateId ? await assertAnalysisTemplateInScope(scope, templateId, `${param}.analysis_plan.structured_data_plan.template_id`) : null;
  }
  // The conversation settings block, when the schema in use has it.
  const speech = (fields as Json).speech_config;
  if (speech !== undefined && "speechConfig" in base) (row as Json).speechConfig = speech;
  if (fields.tool_template_ids !== undefined) {
    const ids = await resolveToolTemplateIds(scope, fields.tool_template_ids, `${param}.tool_template_ids`);
    const templates = await db.toolTemplate.findMany({ where: { id: { in: ids }, ...orgWhere(scope) }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    row.toolTemplates = templates.map((toolTemplate) => ({ toolTemplateId: toolTemplate.id, toolTemplate }));
  }
  return row;
}

/** A transient assistant (not saved): validated like a created one, defaults included. */
export async function buildTransientSnapshot(scope: OrgScope, input: unknown, param: string): Promise<CallSnapshot> {
  const parsed = assistantCreateSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [param, ...(issue?.path ?? []).map(String)];
    if (issue?.code === "unrecognized_keys" && issue.keys[0]) path.push(issue.keys[0]);
    throw new AppError("validation_error", `${path.join(".")}: ${issue?.message ?? "invalid assistant"}`, path.join("."));
  }
  const now = new Date();
  const blank = {
    id: randomUUID(),
    organizationId: scope.organizationId,
    name: parsed.data.name,
    businessName: null,
    notificationEmail: null,
    firstMessage: DEFAULT_FIRST_MESSAGE,
    isActive: true,
    maxDurationSeconds: DEFAULT_MAX_DURATION_SECONDS,
    autonomousSilenceHandling: false,
    silenceTimeoutSeconds: null,
    gdprMode: false,
    voicemailDetection: false,
    voicemailMessage: null,
    webhookUrl: null,
    webhookSecretEnc: null,
    webhookEvents: [],
    sttConfig: defaultSttConfig(),
    llmConfig: defaultLlmConfig(),
    ttsConfig: defaultTtsConfig(),
    analysisPlan: null,
    speechConfig: null,
    analysisTemplateId: null,
    createdAt: now,
    updatedAt: now,
    toolTemplates: [],
  } as AssistantRowForCall;
  const row = await applyAssistantFields(scope, blank, { llm_config: undefined, ...parsed.data }, param);
  return buildAssistantSnapshot(row, { transient: true });
}

/** Validates a shallow override (any subset of the assistant's create fields). */
export function parseAssistantOverride(input: unknown, param: string): Partial<AssistantCreate> {
  const parsed = assistantCreateSchema.partial().safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [param, ...(issue?.path ?? []).map(String)];
    if (issue?.code === "unrecognized_keys" && issue.keys[0]) path.push(issue.keys[0]);
    throw new AppError("validation_error", `${path.join(".")}: ${issue?.message ?? "invalid override"}`, path.join("."));
  }
  return parsed.data;
}

const SNAKE_TO_SCALAR = [
  "name", "business_name", "notification_email", "first_message", "is_active", "max_duration_seconds",
  "autonomous_silence_handling", "silence_timeout_seconds", "gdpr_mode", "voicemail_detection",
  "voicemail_message", "webhook_url", "webhook_events", "stt_config", "tts_config", "speech_config",
] as const;

async function templateTools(scope: OrgScope, ids: string[], param: string) {
  if (ids.length === 0) return { tools: [] as Json[], secrets: {} as Record<string, string> };
  const resolved = await resolveToolTemplateIds(scope, ids, param);
  const rows = await db.toolTemplate.findMany({ where: { id: { in: resolved }, ...orgWhere(scope) }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const secrets: Record<string, string> = {};
  for (const row of rows) if (row.toolType === "function" && isObject(row.toolConfig)) storedToolSecrets([{ ...row.toolConfig, type: "function" }], secrets);
  return { tools: rows.map((row) => toolOfTemplate(row) as Json), secrets, ids: resolved };
}

const keyOfTool = (tool: unknown) => (isObject(tool) ? toolKey(tool as Tool) : "");

/**
 * A shallow override (HMS `assistant_override`, or top-level keys of an assistant-request
 * answer) applied to a snapshot: each given top-level key replaces the snapshot's. Secrets
 * are encrypted into _secrets and masked in the public part; template tools are kept.
 */
export async function applyOverrideToSnapshot(scope: OrgScope, snapshot: CallSnapshot, fields: Partial<AssistantCreate>, param: string): Promise<CallSnapshot> {
  const next: CallSnapshot = { ...snapshot };
  const secrets = snapshotSecretsOf(snapshot);
  const nextSecrets: SnapshotSecrets = { webhook_secret_enc: secrets.webhook_secret_enc, tool_secrets_enc: { ...secrets.tool_secrets_enc } };
  const given = fields as Json;
  for (const key of SNAKE_TO_SCALAR) if (given[key] !== undefined) next[key] = given[key];
  if (fields.webhook_secret !== undefined) {
    nextSecrets.webhook_secret_enc = fields.webhook_secret ? encryptSecret(fields.webhook_secret) : null;
    next.webhook_secret = fields.webhook_secret ? MASKED_TOOL_SECRET : null;
  }
  if (fields.analysis_plan !== undefined) {
    const templateId = fields.analysis_plan?.structured_data_plan?.template_id;
    if (templateId) await assertAnalysisTemplateInScope(scope, templateId, `${param}.analysis_plan.structured_data_plan.template_id`);
    next.analysis_plan = fields.analysis_plan;
  }
  if (fields.llm_config !== undefined || fields.tool_template_ids !== undefined) {
    const currentIds = Array.isArray(snapshot.tool_template_ids) ? (snapshot.tool_template_ids as string[]) : [];
    const current = await templateTools(scope, currentIds, `${param}.tool_template_ids`).catch(() => ({ tools: [] as Json[], secrets: {} }));
    const fromTemplates = new Set(current.tools.map(keyOfTool));
    const currentLlm = isObject(snapshot.llm_config) ? snapshot.llm_config : {};
    let ownTools: Json[];
    if (fields.llm_config !== undefined) {
      const llm = fields.llm_config ?? defaultLlmConfig();
      ownTools = llm.tools.map((tool) => {
        if (tool.type === "function" && tool.server?.secret && tool.server.secret !== MASKED_TOOL_SECRET) {
          nextSecrets.tool_secrets_enc[tool.function.name] = encryptSecret(tool.server.secret);
        }
        return maskToolSecret(tool) as Json;
      });
      next.llm_config = { ...llm, tools: ownTools };
    } else {
      ownTools = (Array.isArray(currentLlm.tools) ? (currentLlm.tools as Json[]) : []).filter((t) => !fromTemplates.has(keyOfTool(t)));
    }
    const wanted = fields.tool_template_ids !== undefined ? await templateTools(scope, fields.tool_template_ids ?? [], `${param}.tool_template_ids`) : current;
    const seen = new Set(ownTools.map(keyOfTool));
    const tools = [...ownTools];
    for (const tool of wanted.tools) {
      const key = keyOfTool(tool);
      if (seen.has(key)) continue;
      seen.add(key);
      tools.push(tool);
    }
    for (const [name, enc] of Object.entries(wanted.secrets as Record<string, string>)) nextSecrets.tool_secrets_enc[name] ??= enc;
    next.llm_config = { ...(isObject(next.llm_config) ? next.llm_config : currentLlm), tools };
    if ("ids" in wanted && wanted.ids) next.tool_template_ids = wanted.ids;
  }
  next._secrets = nextSecrets;
  return next;
}
