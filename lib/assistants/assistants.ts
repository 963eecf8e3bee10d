import "server-only";
import { db } from "@/lib/db";
import { z } from "zod";
import { notFound, fromZodError } from "@/lib/errors/app-error";
import { encryptSecret } from "@/lib/crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  assistantCreateSchema,
  defaultLlmConfig,
  defaultSttConfig,
  defaultTtsConfig,
  llmConfigSchema,
  speechConfigSchema,
  sttConfigSchema,
  ttsConfigSchema,
  type AssistantCreateInput,
  type AssistantUpdate,
} from "@/lib/schemas/assistant";
import { ASSISTANT_DEFAULTS } from "@/lib/contract/defaults";
import { serializeAssistant } from "@/lib/assistants/serialize";
import { resolveToolTemplateIds } from "@/lib/tool-templates/tool-templates";
import { assertAnalysisTemplateInScope } from "@/lib/analysis-templates/analysis-templates";
import { maskLlmConfigSecrets, sealToolSecrets } from "@/lib/tools/secrets";

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

const { first_message: DEFAULT_FIRST_MESSAGE, max_duration_seconds: DEFAULT_MAX_DURATION_SECONDS } = ASSISTANT_DEFAULTS;

const jsonOrNull = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

// Tool template links, in a stable order (the templates' creation order).
const withTemplates = {
  toolTemplates: { include: { toolTemplate: true }, orderBy: [{ toolTemplate: { createdAt: "asc" } }, { toolTemplateId: "asc" }] },
} satisfies Prisma.AssistantInclude;

type AnalysisPlan = AssistantUpdate["analysis_plan"];

// analysis_plan.structured_data_plan.template_id must name one of the organisation's analysis
// templates; it is mirrored in analysisTemplateId so the template cannot be deleted meanwhile.
async function analysisTemplateIdOf(scope: OrgScope, plan: AnalysisPlan): Promise<string | null> {
  const id = plan?.structured_data_plan?.template_id;
  return id ? assertAnalysisTemplateInScope(scope, id, "analysis_plan.structured_data_plan.template_id") : null;
}

export async function createAssistant(scope: OrgScope, input: AssistantCreateInput) {
  const data = assistantCreateSchema.parse(input);
  const toolTemplateIds = data.tool_template_ids ? await resolveToolTemplateIds(scope, data.tool_template_ids) : [];
  const analysisTemplateId = await analysisTemplateIdOf(scope, data.analysis_plan);
  const llmConfig = data.llm_config ?? defaultLlmConfig();
  const row = await db.assistant.create({
    data: {
      organizationId: scope.organizationId,
      name: data.name,
      businessName: data.business_name ?? null,
      notificationEmail: data.notification_email ?? null,
      firstMessage: data.first_message === undefined ? DEFAULT_FIRST_MESSAGE : data.first_message,
      isActive: data.is_active ?? true,
      maxDurationSeconds: data.max_duration_seconds === undefined ? DEFAULT_MAX_DURATION_SECONDS : data.max_duration_seconds,
      autonomousSilenceHandling: data.autonomous_silence_handling ?? false,
      silenceTimeoutSeconds: data.silence_timeout_seconds ?? null,
      gdprMode: data.gdpr_mode ?? false,
      voicemailDetection: data.voicemail_detection ?? false,
      voicemailMessage: data.voicemail_message ?? null,
      webhookUrl: data.webhook_url ?? null,
      webhookSecretEnc: data.webhook_secret ? encryptSecret(data.webhook_secret) : null,
      webhookEvents: data.webhook_events ?? [],
      analysisPlan: data.analysis_plan === undefined ? Prisma.DbNull : jsonOrNull(data.analysis_plan),
      analysisTemplateId,
      sttConfig: data.stt_config ?? defaultSttConfig(),
      llmConfig: { ...llmConfig, tools: sealToolSecrets(llmConfig.tools, []) } as Prisma.InputJsonValue,
      ttsConfig: data.tts_config ?? defaultTtsConfig(),
      speechConfig: data.speech_config ? (data.speech_config as Prisma.InputJsonValue) : Prisma.DbNull,
      toolTemplates: { create: toolTemplateIds.map((toolTemplateId) => ({ toolTemplateId })) },
    },
    include: withTemplates,
  });
  return serializeAssistant(row);
}

export async function findAssistants(scope: OrgScope, options: { limit: number; offset: number }) {
  const where = orgWhere(scope);
  const [rows, total] = await Promise.all([
    db.assistant.findMany({ where, orderBy: { createdAt: "desc" }, take: options.limit, skip: options.offset, include: withTemplates }),
    db.assistant.count({ where }),
  ]);
  return { assistants: rows.map(serializeAssistant), total };
}

export async function getAssistantRowOrThrow(scope: OrgScope, id: string) {
  const row = await db.assistant.findFirst({ where: { id, ...orgWhere(scope) }, include: withTemplates });
  if (!row) throw notFound("Assistant");
  return row;
}

export async function getAssistantOrThrow(scope: OrgScope, id: string) {
  return serializeAssistant(await getAssistantRowOrThrow(scope, id));
}

// Partial update: only provided fields change; nested configs merge into the stored ones
// (a provider change replaces the config) and the result is validated as a whole.
export async function updateAssistant(scope: OrgScope, id: string, patch: AssistantUpdate) {
  const current = await getAssistantRowOrThrow(scope, id);
  const merge = (stored: unknown, change: Record<string, unknown> | undefined) => {
    if (!change) return stored;
    const base = stored as Record<string, unknown>;
    return change.provider && change.provider !== base.provider ? change : { ...base, ...change };
  };
  const data: Prisma.AssistantUncheckedUpdateManyInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.business_name !== undefined) data.businessName = patch.business_name;
  if (patch.notification_email !== undefined) data.notificationEmail = patch.notification_email;
  if (patch.first_message !== undefined) data.firstMessage = patch.first_message;
  if (patch.is_active !== undefined) data.isActive = patch.is_active;
  if (patch.max_duration_seconds !== undefined) data.maxDurationSeconds = patch.max_duration_seconds;
  if (patch.autonomous_silence_handling !== undefined) data.autonomousSilenceHandling = patch.autonomous_silence_handling;
  if (patch.silence_timeout_seconds !== undefined) data.silenceTimeoutSeconds = patch.silence_timeout_seconds;
  if (patch.gdpr_mode !== undefined) data.gdprMode = patch.gdpr_mode;
  if (patch.voicemail_detection !== undefined) data.voicemailDetection = patch.voicemail_detection;
  if (patch.voicemail_message !== undefined) data.voicemailMessage = patch.voicemail_message;
  if (patch.webhook_url !== undefined) data.webhookUrl = patch.webhook_url;
  if (patch.webhook_secret !== undefined) data.webhookSecretEnc = patch.webhook_secret ? encryptSecret(patch.webhook_secret) : null;
  if (patch.webhook_events !== undefined) data.webhookEvents = patch.webhook_events;
  if (patch.analysis_plan !== undefined) {
    data.analysisPlan = jsonOrNull(patch.analysis_plan);
    data.analysisTemplateId = await analysisTemplateIdOf(scope, patch.analysis_plan);
  }
  if (patch.stt_config) data.sttConfig = validateConfig(sttConfigSchema, merge(current.sttConfig, patch.stt_config), "stt_config");
  if (patch.llm_config) {
    // Tools are merged in their public form, so a masked secret sent back keeps the stored one.
    const llmConfig = validateConfig(llmConfigSchema, merge(maskLlmConfigSecrets(current.llmConfig), patch.llm_config), "llm_config");
    const storedTools = (current.llmConfig as { tools?: unknown } | null)?.tools;
    data.llmConfig = { ...llmConfig, tools: sealToolSecrets(llmConfig.tools, storedTools) } as Prisma.InputJsonValue;
  }
  if (patch.tts_config) data.ttsConfig = validateConfig(ttsConfigSchema, merge(current.ttsConfig, patch.tts_config), "tts_config");
  if (patch.speech_config !== undefined) {
    data.speechConfig =
      patch.speech_config === null
        ? Prisma.DbNull
        : (validateConfig(speechConfigSchema, patch.speech_config, "speech_config") as Prisma.InputJsonValue);
  }

  const toolTemplateIds = patch.tool_template_ids ? await resolveToolTemplateIds(scope, patch.tool_template_ids) : undefined;

  await db.$transaction(async (tx) => {
    const result = await tx.assistant.updateMany({ where: { id, ...orgWhere(scope) }, data });
    if (result.count === 0) throw notFound("Assistant");
    if (toolTemplateIds) {
      // The links have no organisation of their own: they are replaced through their assistant.
      await tx.assistant.update({
        where: { id, ...orgWhere(scope) },
        data: { toolTemplates: { deleteMany: {}, createMany: { data: toolTemplateIds.map((toolTemplateId) => ({ toolTemplateId })) } } },
      });
    }
  });
  return getAssistantOrThrow(scope, id);
}

function validateConfig<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, [field]);
  return result.data;
}

export async function deleteAssistant(scope: OrgScope, id: string) {
  const result = await db.assistant.deleteMany({ where: { id, ...orgWhere(scope) } });
  if (result.count === 0) throw notFound("Assistant");
}
