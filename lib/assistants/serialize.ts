import "server-only";
import type { Assistant as AssistantRow, ToolTemplate as ToolTemplateRow } from "@/lib/generated/prisma/client";
import {
  assistantSchema,
  speechConfigSchema,
  storedLlmConfigSchema,
  storedSttConfigSchema,
  storedTtsConfigSchema,
  type Assistant,
} from "@/lib/schemas/assistant";
import { toolKey } from "@/lib/schemas/tools";
import { maskLlmConfigSecrets } from "@/lib/tools/secrets";
import { toolOfTemplate } from "@/lib/tool-templates/serialize";

const MASKED_SECRET = "********";

// The template links, when the query included them (ordered by the query).
type AssistantRowWithTemplates = AssistantRow & { toolTemplates?: { toolTemplateId: string }[] };

// Row -> public assistant object. Webhook secrets (the assistant's and its tools') are never
// returned, only masked.
export function serializeAssistant(row: AssistantRowWithTemplates): Assistant {
  return assistantSchema.parse({
    id: row.id,
    name: row.name,
    business_name: row.businessName,
    notification_email: row.notificationEmail,
    first_message: row.firstMessage,
    is_active: row.isActive,
    max_duration_seconds: row.maxDurationSeconds,
    autonomous_silence_handling: row.autonomousSilenceHandling,
    silence_timeout_seconds: row.silenceTimeoutSeconds,
    gdpr_mode: row.gdprMode,
    voicemail_detection: row.voicemailDetection,
    voicemail_message: row.voicemailMessage,
    webhook_url: row.webhookUrl,
    webhook_secret: row.webhookSecretEnc ? MASKED_SECRET : null,
    webhook_events: row.webhookEvents,
    analysis_plan: row.analysisPlan ?? null,
    tool_template_ids: row.toolTemplates?.map((t) => t.toolTemplateId) ?? [],
    stt_config: storedSttConfigSchema.parse(row.sttConfig),
    llm_config: storedLlmConfigSchema.parse(maskLlmConfigSecrets(row.llmConfig)),
    tts_config: storedTtsConfigSchema.parse(row.ttsConfig),
    speech_config: speechConfigSchema.parse(row.speechConfig ?? {}),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

/**
 * The assistant a call runs with: its own tools followed by those of its tool templates, as
 * one llm_config.tools list (the first tool of a function name or built-in type wins).
 */
export function serializeAssistantForCall(
  row: AssistantRow & { toolTemplates: { toolTemplateId: string; toolTemplate: ToolTemplateRow }[] },
): Assistant {
  const assistant = serializeAssistant(row);
  const tools = [...assistant.llm_config.tools];
  const seen = new Set(tools.map(toolKey));
  for (const { toolTemplate } of row.toolTemplates) {
    const tool = toolOfTemplate(toolTemplate);
    if (seen.has(toolKey(tool))) continue;
    seen.add(toolKey(tool));
    tools.push(tool);
  }
  return { ...assistant, llm_config: { ...assistant.llm_config, tools } };
}
