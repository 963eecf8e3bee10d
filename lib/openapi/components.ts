import { z } from "zod";
import { errorCodes } from "@/lib/errors/app-error";
import { successSchema } from "@/lib/api/operation";
import { healthSchema } from "@/lib/api/operations/system";
import { analysisTemplateListSchema, analysisTemplateResponseSchema } from "@/lib/api/operations/analysis-templates";
import { assistantListSchema, assistantResponseSchema } from "@/lib/api/operations/assistants";
import { toolTemplateResponseSchema } from "@/lib/api/operations/tool-templates";
import { phoneNumberResponseSchema, sipTrunkResponseSchema } from "@/lib/api/operations/telephony";
import { campaignListSchema, campaignResponseSchema, doNotCallResponseSchema, leadListSchema, leadResponseSchema, leadsAddedSchema } from "@/lib/api/operations/campaigns";
import { leadsCreateDocumented, leadsCreateSchema, doNotCallCreateDocumented, doNotCallCreateSchema, campaignCreateSchema, campaignSchema, campaignUpdateSchema, doNotCallSchema, importResultSchema, leadCreateSchema, leadSchema } from "@/lib/schemas/campaign";
import { phoneNumberCreateSchema, phoneNumberSchema, phoneNumberUpdateSchema } from "@/lib/schemas/phone-number";
import { sipTrunkCreateSchema, sipTrunkSchema, sipTrunkUpdateSchema } from "@/lib/schemas/sip-trunk";
import { paginationSchema } from "@/lib/schemas/common";
import {
  brandingSchema,
  clientSignupListSchema,
  clientSignupSchema,
  colorCheckSchema,
  createPortalDomainSchema,
  portalDomainListSchema,
  portalDomainSchema,
  updateBrandingSchema,
  uploadBrandAssetSchema,
} from "@/lib/schemas/branding";
import { languageSchema } from "@/lib/contract/languages";
import {
  assistantCreateSchema,
  assistantSchema,
  assistantUpdateSchema,
  baseUrlSchema,
  chatMessageSchema,
  llmProviderSchema,
  providerModelSchema,
  sttConfigPatchSchema,
  sttProviderSchema,
  ttsConfigPatchSchema,
  ttsProviderSchema,
  llmConfigSchema,
  speechConfigSchema,
  storedLlmConfigSchema,
  storedSttConfigSchema,
  storedTtsConfigSchema,
  sttConfigSchema,
  ttsConfigSchema,
} from "@/lib/schemas/assistant";
import {
  functionDefinitionSchema,
  endCallToolSchema,
  sendDtmfToolSchema,
  functionToolSchema,
  toolConfigSchema,
  toolSchema,
  toolServerSchema,
  toolTemplateCreateSchema,
  toolTemplateSchema,
  toolTemplateUpdateSchema,
  transferCallToolSchema,
  transferDestinationSchema,
} from "@/lib/schemas/tools";
import { analysisTemplateCreateSchema, analysisTemplateSchema, analysisTemplateUpdateSchema } from "@/lib/schemas/analysis-template";
import {
  callControlResponseSchema,
  callControlSchema,
  callSchema,
  costItemSchema,
  failoverSchema,
  toolCallRecordSchema,
  transcriptTurnSchema,
  turnTimingSchema,
  webCallCreateSchema,
  webCallResponseSchema,
  outboundCallCreateSchema,
  outboundCallResponseSchema,
} from "@/lib/schemas/call";
import { usageLogSchema, usageResponseSchema } from "@/lib/schemas/usage";
import { voiceSchema } from "@/lib/schemas/voice";
import { organizationChildSchema, organizationCreatedSchema, organizationCreateSchema, organizationSchema, organizationUpdateSchema } from "@/lib/schemas/organization";
import { invitationCreatedSchema, invitationCreateSchema, invitationSchema, memberSchema } from "@/lib/schemas/team";
import { auditLogEntrySchema } from "@/lib/schemas/audit";
import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeySchema } from "@/lib/schemas/api-key";
import { byokConfigSchema, byokKeysMapSchema, providerKeyDeletedSchema as byokDeletedSchema, providerKeyListSchema as byokListSchema, providerKeyCreateSchema as byokCreateSchema, providerKeySchema as byokKeySchema, providerKeyOneSchema as byokOneSchema, providerKeyProviderSchema as byokProviderSchema, providerKeyTestResultSchema as byokTestResultSchema } from "@/lib/schemas/provider-key";
import { organizationWebhookSchema, organizationWebhookUpdateSchema, webhookAttemptSchema, webhookDeliverySchema } from "@/lib/schemas/webhook";
import { assistantDraftRequestSchema, assistantDraftSchema } from "@/lib/schemas/generation";

/**
 * The public error format: { "error": { "code", "message", "param", "type" } }. Clients that
 * send `X-Error-Format: flat` (or the HMS SDK's User-Agent, hmsovereign-node/…) receive the flat
 * form { "error": message, "message", "code", "param", "type": code } instead.
 */
export const errorSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes).describe("Stable machine-readable code, e.g. validation_error"),
    message: z.string(),
    param: z.string().nullable().describe("Dotted path of the offending field"),
    type: z.string(),
  }),
});

// The named schemas of the OpenAPI document (#/components/schemas/<name>): HMS Sovereign's
// names where HMS has the object, ours otherwise. A schema used both in requests and in
// responses whose two JSON Schemas differ (defaults are optional in one, present in the
// other) is emitted twice, the request form as <name>Input (lib/openapi/document.ts), and the
// response form is stated as allOf the request form plus what it requires where that accepts
// the same. A field schema several schemas share (Language, the providers, BaseUrl) is named
// too, so that it is stated once: the document's size is what makes generated clients usable.
// Kept here rather than as .meta({ id }) on the schemas so that other JSON Schema
// conversions (tool parameters for the language models, tests) stay self-contained.
export const componentSchemas: [string, z.ZodType][] = [
  ["Error", errorSchema],
  ["Pagination", paginationSchema],
  ["SuccessResponse", successSchema],
  ["Health", healthSchema],
  // Assistants (HMS: agents)
  ["Agent", assistantSchema],
  ["AgentResponse", assistantResponseSchema],
  ["AgentListResponse", assistantListSchema],
  ["AgentCreate", assistantCreateSchema],
  ["AgentUpdate", assistantUpdateSchema],
  // Field schemas shared by every stage's config and fallback forms.
  ["Language", languageSchema],
  ["STTProvider", sttProviderSchema],
  ["LLMProvider", llmProviderSchema],
  ["TTSProvider", ttsProviderSchema],
  ["ProviderModel", providerModelSchema],
  ["BaseUrl", baseUrlSchema],
  ["STTConfig", storedSttConfigSchema],
  ["LLMConfig", storedLlmConfigSchema],
  ["TTSConfig", storedTtsConfigSchema],
  ["STTConfigInput", sttConfigSchema],
  ["LLMConfigInput", llmConfigSchema],
  ["TTSConfigInput", ttsConfigSchema],
  // A fallback repeats its stage's fields: named once, not copied into every config.
  ["STTFallback", storedSttConfigSchema.shape.fallbacks.unwrap().element],
  ["LLMFallback", storedLlmConfigSchema.shape.fallbacks.unwrap().element],
  ["TTSFallback", storedTtsConfigSchema.shape.fallbacks.unwrap().element],
  ["STTFallbackInput", sttConfigSchema.in.shape.fallbacks.unwrap().element],
  ["LLMFallbackInput", llmConfigSchema.in.shape.fallbacks.unwrap().element],
  ["TTSFallbackInput", ttsConfigSchema.in.shape.fallbacks.unwrap().element],
  ["SpeechConfig", speechConfigSchema],
  ["SpeechBackgroundAudio", speechConfigSchema.shape.background_audio.unwrap()],
  ["SpeechTurnTaking", speechConfigSchema.shape.turn_taking.unwrap()],
  ["SpeechSilence", speechConfigSchema.shape.silence.unwrap()],
  ["AnalysisPlan", assistantSchema.shape.analysis_plan],
  ["StructuredDataPlan", assistantSchema.shape.analysis_plan.unwrap().shape.structured_data_plan.unwrap()],
  ["ChatMessage", chatMessageSchema],
  ["AssistantDraftRequest", assistantDraftRequestSchema],
  ["AssistantDraft", assistantDraftSchema],
  // Tools
  ["ToolDefinition", toolSchema],
  ["FunctionTool", functionToolSchema],
  ["ToolFunctionConfig", functionDefinitionSchema],
  ["ToolServer", toolServerSchema],
  ["EndCallTool", endCallToolSchema],
  ["SendDtmfTool", sendDtmfToolSchema],
  ["TransferCallTool", transferCallToolSchema],
  ["ToolTransferDestination", transferDestinationSchema],
  ["ToolTemplate", toolTemplateSchema],
  ["ToolTemplateResponse", toolTemplateResponseSchema],
  ["ToolTemplateCreate", toolTemplateCreateSchema],
  ["ToolTemplateUpdate", toolTemplateUpdateSchema],
  ["ToolConfig", toolConfigSchema],
  // Analysis templates
  ["AnalysisTemplate", analysisTemplateSchema],
  ["CreateAnalysisTemplate", analysisTemplateCreateSchema],
  ["UpdateAnalysisTemplate", analysisTemplateUpdateSchema],
  ["AnalysisTemplateResponse", analysisTemplateResponseSchema],
  ["AnalysisTemplateListResponse", analysisTemplateListSchema],
  // Calls
  ["Call", callSchema],
  ["TranscriptMessage", transcriptTurnSchema],
  ["TurnTiming", turnTimingSchema],
  ["ToolCallRecord", toolCallRecordSchema],
  ["Failover", failoverSchema],
  ["CostItem", costItemSchema],
  ["WebCallRequest", webCallCreateSchema],
  ["WebCallResponse", webCallResponseSchema],
  ["OutboundCallRequest", outboundCallCreateSchema],
  ["OutboundCallResponse", outboundCallResponseSchema],
  ["CallControlCommand", callControlSchema],
  ["InjectContextCommand", callControlSchema.options[0]],
  ["SayCommand", callControlSchema.options[1]],
  ["EndCallCommand", callControlSchema.options[2]],
  ["TransferCommand", callControlSchema.options[3]],
  ["CallControlResponse", callControlResponseSchema],
  // Usage, voices, organisation
  ["UsageLog", usageLogSchema],
  ["UsageSummary", usageResponseSchema.shape.summary],
  ["Voice", voiceSchema],
  ["Organization", organizationSchema],
  ["OrganizationChild", organizationChildSchema],
  ["OrganizationCreate", organizationCreateSchema],
  ["OrganizationCreated", organizationCreatedSchema],
  ["OrganizationUpdate", organizationUpdateSchema],
  // Team, audit log
  ["Member", memberSchema],
  ["Invitation", invitationSchema],
  ["InvitationCreate", invitationCreateSchema],
  ["InvitationCreated", invitationCreatedSchema],
  ["AuditLogEntry", auditLogEntrySchema],
  // API keys, provider keys, webhooks
  ["ApiKey", apiKeySchema],
  ["ApiKeyCreate", apiKeyCreateSchema],
  ["ApiKeyCreated", apiKeyCreatedSchema],
  ["ByokProvider", byokProviderSchema],
  ["ByokKeys", byokKeysMapSchema],
  ["ByokKeyList", byokListSchema],
  ["ByokKeyDeleted", byokDeletedSchema],
  ["ByokConfig", byokConfigSchema],
  ["ByokKey", byokKeySchema],
  ["ByokKeyResponse", byokOneSchema],
  ["ByokKeyCreate", byokCreateSchema],
  ["ByokTestResult", byokTestResultSchema],
  ["WebhookDelivery", webhookDeliverySchema],
  ["WebhookAttempt", webhookAttemptSchema],
  ["OrganizationWebhook", organizationWebhookSchema],
  ["OrganizationWebhookUpdate", organizationWebhookUpdateSchema],
  // Phone numbers and SIP trunks (SipTrunkUpdate is ours: HMS has no trunk update)
  ["PhoneNumber", phoneNumberSchema],
  ["PhoneNumberCreate", phoneNumberCreateSchema],
  ["PhoneNumberUpdate", phoneNumberUpdateSchema],
  ["PhoneNumberResponse", phoneNumberResponseSchema],
  ["SipTrunk", sipTrunkSchema],
  ["SipTrunkCreate", sipTrunkCreateSchema],
  ["SipTrunkUpdate", sipTrunkUpdateSchema],
  ["SipTrunkResponse", sipTrunkResponseSchema],
  // Campaigns and leads (HMS names), import results and the do-not-call list (ours)
  ["Campaign", campaignSchema],
  ["CampaignCreate", campaignCreateSchema],
  ["CampaignUpdate", campaignUpdateSchema],
  ["CampaignResponse", campaignResponseSchema],
  ["CampaignListResponse", campaignListSchema],
  ["CampaignLead", leadSchema],
  ["CampaignLeadCreate", leadCreateSchema],
  ["CampaignLeadResponse", leadResponseSchema],
  ["CampaignLeadListResponse", leadListSchema],
  ["CampaignLeadsAdded", leadsAddedSchema],
  ["CampaignLeadsCreate", leadsCreateDocumented],
  ["DoNotCallCreate", doNotCallCreateDocumented],
  ["LeadImportResult", importResultSchema],
  ["DoNotCallNumber", doNotCallSchema],
  ["DoNotCallResponse", doNotCallResponseSchema],
  // Whitelabel: a partner's brand and portal domains
  ["Branding", brandingSchema],
  ["BrandingUpdate", updateBrandingSchema],
  ["BrandAssetUpload", uploadBrandAssetSchema],
  ["ColorContrast", colorCheckSchema],
  ["PortalDomain", portalDomainSchema],
  ["PortalDomainCreate", createPortalDomainSchema],
  ["PortalDomainList", portalDomainListSchema],
  ["ClientSignup", clientSignupSchema],
  ["ClientSignupList", clientSignupListSchema],
];

// Schemas documented as another one. A PATCH's stage and speech configs are merged into the
// stored config and the result is checked with the full schema, so what a client may send
// is exactly that schema's input form (the patch schemas themselves only defer the check).
export const documentedAs: [z.ZodType, z.ZodType][] = [
  [sttConfigPatchSchema, sttConfigSchema],
  [ttsConfigPatchSchema, ttsConfigSchema],
  [assistantUpdateSchema.shape.llm_config.unwrap(), llmConfigSchema],
  [assistantUpdateSchema.shape.speech_config.unwrap().unwrap(), speechConfigSchema],
  [leadsCreateSchema, leadsCreateDocumented],
  [doNotCallCreateSchema, doNotCallCreateDocumented],
];

// Named schemas that repeat another one's fields and add their own: stated as allOf that one
// plus the additions (for the response and the request form alike) where that accepts
// exactly the same (lib/openapi/document.ts composeSchemas).
export const componentBases: [name: string, base: string][] = [
  ["Organization", "OrganizationChild"],
  ["STTConfig", "STTFallback"],
  ["LLMConfig", "LLMFallback"],
  ["TTSConfig", "TTSFallback"],
];
