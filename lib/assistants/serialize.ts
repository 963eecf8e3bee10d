import "server-only";
import type { Assistant as AssistantRow } from "@/lib/generated/prisma/client";
import {
  assistantSchema,
  llmConfigSchema,
  sttConfigSchema,
  ttsConfigSchema,
  type Assistant,
} from "@/lib/schemas/assistant";

const MASKED_SECRET = "********";

// Row -> public assistant object. The webhook secret is never returned, only masked.
export function serializeAssistant(row: AssistantRow): Assistant {
  return assistantSchema.parse({
    id: row.id,
    name: row.name,
    business_name: row.businessName,
    notification_email: row.notificationEmail,
    first_message: row.firstMessage,
    is_active: row.isActive,
    max_duration_seconds: row.maxDurationSeconds,
    autonomous_silence_handling: row.autonomousSilenceHandling,
    voicemail_detection: row.voicemailDetection,
    voicemail_message: row.voicemailMessage,
    webhook_url: row.webhookUrl,
    webhook_secret: row.webhookSecretEnc ? MASKED_SECRET : null,
    webhook_events: row.webhookEvents,
    analysis_plan: row.analysisPlan ?? null,
    stt_config: sttConfigSchema.parse(row.sttConfig),
    llm_config: llmConfigSchema.parse(row.llmConfig),
    tts_config: ttsConfigSchema.parse(row.ttsConfig),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}
