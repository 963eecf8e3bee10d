import { z } from "zod";
import { paginationQuerySchema, uuidSchema } from "@/lib/schemas/common";
import { e164Schema } from "@/lib/schemas/phone";

// Outbound campaigns and their leads (HMS §9 plus the dialer's extensions). Statuses are
// accepted in both spellings seen in HMS's docs and SDKs (`cancelled`/`canceled`,
// `no_answer`/`no-answer`) and always answered in the first.

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "paused", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const LEAD_STATUSES = ["pending", "calling", "completed", "failed", "no_answer", "skipped"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** What one attempt ended as (the lead's `outcome`); `dnc` and `invalid` mark skipped leads. */
export const ATTEMPT_OUTCOMES = ["answered", "busy", "no_answer", "failed", "voicemail", "transferred"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
export const RETRY_OUTCOMES = ["no_answer", "busy", "failed", "voicemail"] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];
export const VOICEMAIL_ACTIONS = ["hang_up", "leave_message", "retry"] as const;

const spelling = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase().replace(/-/g, "_").replace(/^canceled$/, "cancelled") : value);

export const campaignStatusSchema = z.preprocess(spelling, z.enum(CAMPAIGN_STATUSES)).describe("draft, scheduled, paused, completed, cancelled (also canceled)");
export const leadStatusSchema = z.preprocess(spelling, z.enum(LEAD_STATUSES)).describe("pending, calling, completed, failed, no_answer (also no-answer), skipped");

/** Whether `zone` is an IANA timezone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, "must be an IANA timezone, e.g. Europe/Amsterdam")
  .describe("IANA timezone, e.g. Europe/Amsterdam");

// "HH:MM" is read as "HH:MM:00"; answered as "HH:MM:SS".
export const clockTimeSchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a time of day "HH:MM:SS" (24 h)')
  .transform((value) => (value.length === 5 ? `${value}:00` : value))
  .describe('Time of day "HH:MM:SS" (24 h)');

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "is not a calendar date")
  .describe('Date "YYYY-MM-DD" in the campaign timezone (inclusive)');

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const dayOfWeekSchema = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    const index = DAY_NAMES.indexOf(value.trim().slice(0, 3).toLowerCase() as (typeof DAY_NAMES)[number]);
    return index >= 0 ? index + 1 : value;
  },
  z.number({ error: "must be 1 (Monday) … 7 (Sunday) or a day name" }).int().min(1, "must be 1 (Monday) … 7 (Sunday)").max(7, "must be 1 (Monday) … 7 (Sunday)"),
);
export const daysOfWeekSchema = z
  .array(dayOfWeekSchema)
  .min(1, "at least one day is required")
  .max(7)
  .transform((days) => [...new Set(days)].sort((a, b) => a - b))
  .describe("ISO weekdays the campaign calls on: 1 = Monday … 7 = Sunday (names like \"mon\" accepted)");

const delay = z.number().int().min(0).max(10_080, "must be at most 10080 minutes (a week)");
export const retryDelaySchema = z
  .union([delay, z.object({ no_answer: delay.optional(), busy: delay.optional(), failed: delay.optional(), voicemail: delay.optional() }).strict()])
  .describe("Minutes before a retry: one number for every outcome, or per outcome {no_answer, busy, failed, voicemail}");
export type RetryDelays = Record<RetryOutcome, number>;
export const DEFAULT_RETRY_DELAYS: RetryDelays = { no_answer: 60, busy: 15, failed: 30, voicemail: 120 };

export function resolveRetryDelays(input: z.output<typeof retryDelaySchema> | undefined, base: RetryDelays = DEFAULT_RETRY_DELAYS): RetryDelays {
  if (input === undefined) return base;
  if (typeof input === "number") return { no_answer: input, busy: input, failed: input, voicemail: input };
  return { ...base, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
}

/** Limits the API states and enforces. */
export const CAMPAIGN_LIMITS = {
  maxConcurrentCalls: 50,
  maxCallsPerSecond: 10,
  maxAttempts: 10,
  leadsPerRequest: 1000,
  variables: 50,
  variableLength: 1000,
} as const;

const variableValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? "" : String(v)));
export const leadVariablesSchema = z
  .record(z.string().trim().min(1).max(100), variableValue.pipe(z.string().max(CAMPAIGN_LIMITS.variableLength)))
  .refine((v) => Object.keys(v).length <= CAMPAIGN_LIMITS.variables, `at most ${CAMPAIGN_LIMITS.variables} variables`)
  .describe("String values for the {{variables}} of the system message template");

export const leadCreateSchema = z
  .object({
    phone_number: e164Schema,
    name: z.string().trim().max(200).nullable().optional(),
    timezone: timeZoneSchema.nullable().optional().describe("The lead's IANA timezone (else derived from the number when respect_lead_timezone)"),
    variables: leadVariablesSchema.optional(),
  })
  .strict();
export type LeadCreateInput = z.output<typeof leadCreateSchema>;

const leadsManySchema = z.object({ leads: z.array(leadCreateSchema).min(1, "at least one lead").max(CAMPAIGN_LIMITS.leadsPerRequest, `at most ${CAMPAIGN_LIMITS.leadsPerRequest} leads per request; use /leads/import for files`) }).strict();

/**
 * One body, one of two shapes: read by the key it has, so the error names the field at fault
 * (a plain union would only say that neither shape fits). Documented as the union.
 */
function eitherByKey<A extends z.ZodType, B extends z.ZodType>(key: string, many: A, one: B) {
  return z.looseObject({}).transform((value, ctx): z.output<A> | z.output<B> => {
    const parsed = (key in value ? many : one).safeParse(value);
    if (parsed.success) return parsed.data as z.output<A> | z.output<B>;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message, path: issue.path } as never);
    return z.NEVER;
  });
}

export const leadsCreateDocumented = z.union([leadsManySchema, leadCreateSchema]);
export const leadsCreateSchema = eitherByKey("leads", leadsManySchema, leadCreateSchema);

// Stated with descriptions once (create); the update's fields are the same, undescribed.
function settings(described: boolean) {
  const d = <T extends z.ZodType>(schema: T, text: string): T => (described ? schema.describe(text) : schema);
  return {
    system_message_template: d(z.string().max(20_000).nullable().optional(), "System message with {{variable}} placeholders filled from each lead's variables (and {{name}}, {{phone_number}})"),
    schedule_start_time: d(clockTimeSchema.optional(), 'Daily window start "HH:MM:SS" (default 09:00:00)'),
    schedule_end_time: d(clockTimeSchema.optional(), 'Daily window end "HH:MM:SS" (default 17:00:00); before the start: the window crosses midnight'),
    timezone: d(timeZoneSchema.optional(), "IANA timezone of the window (default Europe/Amsterdam)"),
    days_of_week: daysOfWeekSchema.optional(),
    start_date: dateSchema.nullable().optional(),
    end_date: dateSchema.nullable().optional(),
    max_concurrent_calls: d(z.number().int().min(1).max(CAMPAIGN_LIMITS.maxConcurrentCalls).optional(), `Calls in progress at most (1–${CAMPAIGN_LIMITS.maxConcurrentCalls}, default 1)`),
    calls_per_second: d(z.number().positive().max(CAMPAIGN_LIMITS.maxCallsPerSecond).optional(), `New calls per second at most, evenly spaced (carrier CPS; default 1, at most ${CAMPAIGN_LIMITS.maxCallsPerSecond})`),
    max_attempts: d(z.number().int().min(1).max(CAMPAIGN_LIMITS.maxAttempts).optional(), `Dials per lead at most (default 3, at most ${CAMPAIGN_LIMITS.maxAttempts})`),
    retry_delay_minutes: retryDelaySchema.optional(),
    respect_lead_timezone: d(z.boolean().optional(), "Call each lead inside the window in its own timezone (its timezone, else its number's)"),
    voicemail_action: d(z.enum(VOICEMAIL_ACTIONS).optional(), "On voicemail: hang_up (lead completed), leave_message (the assistant's voicemail message, completed) or retry"),
    auto_pause_failure_rate: d(z.number().min(0.05).max(1).nullable().optional(), "Pause when this share of the last auto_pause_window attempts failed (default 0.8; null: never)"),
    auto_pause_window: d(z.number().int().min(3).max(1000).optional(), "Attempts the failure rate is measured over (default 10)"),
    test_first_leads: d(z.number().int().min(1).max(1000).nullable().optional(), "Dial this many leads, then pause for review (null: off)"),
  };
}
const settingsFields = settings(true);

function checkDates(input: { start_date?: string | null; end_date?: string | null }, ctx: z.RefinementCtx) {
  if (input.start_date && input.end_date && input.end_date < input.start_date) {
    ctx.addIssue({ code: "custom", path: ["end_date"], message: "must not be before start_date" });
  }
}

function checkWindow(input: { schedule_start_time?: string; schedule_end_time?: string }, ctx: z.RefinementCtx) {
  if (input.schedule_start_time && input.schedule_start_time === input.schedule_end_time) {
    ctx.addIssue({ code: "custom", path: ["schedule_end_time"], message: "must differ from schedule_start_time" });
  }
}

function mergeAgentAlias<T extends { assistant_id?: string; agent_id?: string }>(input: T, ctx: z.RefinementCtx) {
  if (input.assistant_id !== undefined && input.agent_id !== undefined && input.assistant_id !== input.agent_id) {
    ctx.addIssue({ code: "custom", path: ["agent_id"], message: "assistant_id and agent_id disagree: send one of them" });
  }
  const { agent_id, ...rest } = input;
  const assistantId = input.assistant_id ?? agent_id;
  return { ...rest, ...(assistantId !== undefined ? { assistant_id: assistantId } : {}) } as Omit<T, "agent_id">;
}

export const campaignCreateSchema = z
  .object({
    name: z.string().trim().min(1, "name is required").max(200),
    assistant_id: uuidSchema.optional().describe("The assistant that makes the calls (must be active)"),
    agent_id: uuidSchema.optional().describe("Deprecated alias of assistant_id"),
    number_id: uuidSchema.describe("Caller ID: a registered number whose SIP trunk has an outbound address"),
    status: z.preprocess(spelling, z.enum(["draft", "scheduled"])).optional().describe("draft (default) or scheduled (start dialling in the window)"),
    ...settingsFields,
    leads: z.array(leadCreateSchema).max(CAMPAIGN_LIMITS.leadsPerRequest).optional().describe("Leads to add with the campaign"),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.assistant_id && !input.agent_id) ctx.addIssue({ code: "custom", path: ["assistant_id"], message: "assistant_id is required" });
    checkDates(input, ctx);
    checkWindow({ schedule_start_time: input.schedule_start_time ?? "09:00:00", schedule_end_time: input.schedule_end_time ?? "17:00:00" }, ctx);
  })
  .transform((input, ctx) => mergeAgentAlias(input, ctx));
export type CampaignCreateInput = z.output<typeof campaignCreateSchema>;

export const campaignUpdateSchema = z
  .object({
    name: z.string().trim().min(1, "name is required").max(200).optional(),
    assistant_id: uuidSchema.optional(),
    agent_id: uuidSchema.optional().describe("Deprecated alias of assistant_id"),
    number_id: uuidSchema.optional(),
    status: campaignStatusSchema.optional().describe("scheduled (start or resume), paused, cancelled; completed is set by the platform"),
    ...settings(false),
  })
  .strict()
  .superRefine((input, ctx) => {
    checkDates(input, ctx);
    checkWindow(input, ctx);
  })
  .transform((input, ctx) => mergeAgentAlias(input, ctx));
export type CampaignUpdateInput = z.output<typeof campaignUpdateSchema>;

export const campaignListQuerySchema = paginationQuerySchema.extend({ status: campaignStatusSchema.optional() });
export const leadListQuerySchema = paginationQuerySchema.extend({
  status: leadStatusSchema.optional(),
  phone_number: z.string().trim().max(40).optional().describe("Only leads whose number contains this"),
});

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  assistant_id: z.string().nullable().describe("null once the assistant was deleted"),
  agent_id: z.string().nullable().describe("Same as assistant_id"),
  number_id: z.string().nullable().describe("null once the number was deleted"),
  system_message_template: z.string().nullable(),
  schedule_start_time: z.string(),
  schedule_end_time: z.string(),
  timezone: z.string(),
  days_of_week: z.array(z.number()),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  status: z.enum(CAMPAIGN_STATUSES),
  paused_reason: z.string().nullable().describe("Why the platform paused it: failure_rate, test_first, assistant_inactive, assistant_missing, number_missing"),
  max_concurrent_calls: z.number(),
  calls_per_second: z.number(),
  max_attempts: z.number(),
  retry_delay_minutes: z.object({ no_answer: z.number(), busy: z.number(), failed: z.number(), voicemail: z.number() }),
  respect_lead_timezone: z.boolean(),
  voicemail_action: z.enum(VOICEMAIL_ACTIONS),
  auto_pause_failure_rate: z.number().nullable(),
  auto_pause_window: z.number(),
  test_first_leads: z.number().nullable(),
  total_leads: z.number(),
  pending_leads: z.number(),
  calling_leads: z.number(),
  completed_leads: z.number(),
  failed_leads: z.number(),
  no_answer_leads: z.number(),
  skipped_leads: z.number(),
  next_window_at: z.string().nullable().describe("When the campaign's window next opens (campaign timezone); null when it is open now or never again"),
  completed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const leadSchema = z.object({
  id: z.string(),
  campaign_id: z.string(),
  phone_number: z.string(),
  name: z.string().nullable(),
  timezone: z.string().nullable(),
  variables: z.record(z.string(), z.string()),
  status: z.enum(LEAD_STATUSES),
  attempts: z.number(),
  last_attempt_at: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  call_id: z.string().nullable(),
  outcome: z.string().nullable().describe("The last attempt's outcome (answered, busy, no_answer, failed, voicemail, transferred) or why it was skipped (dnc)"),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Lead = z.infer<typeof leadSchema>;

export const importResultSchema = z.object({
  imported: z.number(),
  skipped_duplicates: z.number(),
  skipped_dnc: z.number().describe("Stored as skipped (outcome dnc): on the do-not-call list; total = imported + skipped_duplicates + skipped_dnc + invalid_count"),
  invalid: z.array(z.object({ row: z.number().describe("1-based line of the file (the header is row 1)"), reason: z.string() })).describe("The first 1000 invalid rows"),
  invalid_count: z.number().describe("Invalid rows in all"),
  total: z.number().describe("Data rows read"),
});
export type ImportResult = z.infer<typeof importResultSchema>;

const doNotCallOneSchema = z.object({ phone_number: e164Schema, reason: z.string().trim().max(500).nullable().optional() }).strict();
const doNotCallManySchema = z.object({ phone_numbers: z.array(e164Schema).min(1).max(CAMPAIGN_LIMITS.leadsPerRequest), reason: z.string().trim().max(500).nullable().optional() }).strict();
export const doNotCallCreateDocumented = z.union([doNotCallOneSchema, doNotCallManySchema]);
export const doNotCallCreateSchema = eitherByKey("phone_numbers", doNotCallManySchema, doNotCallOneSchema);
export const doNotCallSchema = z.object({
  id: z.string(),
  phone_number: z.string(),
  reason: z.string().nullable(),
  source: z.string().describe("api, import, portal or call (the person asked during a call)"),
  created_at: z.string(),
});
export type DoNotCall = z.infer<typeof doNotCallSchema>;
