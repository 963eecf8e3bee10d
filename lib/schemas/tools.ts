import { z } from "zod";
import { jsonSchemaField } from "@/lib/schemas/json-schema";

// The tools an assistant's language model may call (llm_config.tools[]) and the tool
// templates built from them. Input accepts every documented spelling (camelCase built-in
// types, the flat legacy function form); output is always the canonical snake_case form.

export const TOOL_TYPES = ["function", "end_call", "transfer_call", "send_dtmf"] as const;
export type ToolType = (typeof TOOL_TYPES)[number];

const TYPE_ALIASES: Record<string, ToolType> = { endCall: "end_call", transferCall: "transfer_call", sendDtmf: "send_dtmf" };

/** The returned (masked) form of a stored tool secret. */
export const MASKED_TOOL_SECRET = "********";

export const FUNCTION_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const E164 = /^\+[1-9]\d{1,14}$/;

const httpUrl = z
  .string()
  .url("must be a URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const functionDefinitionSchema = z.object({
  name: z
    .string()
    .min(1, "name is required")
    .max(64)
    .regex(FUNCTION_NAME_PATTERN, "must start with a letter or underscore and contain only letters, digits, _ and -")
    .describe("Function name the model calls"),
  description: z.string().max(2000).default("").describe("When the model should call it"),
  parameters: jsonSchemaField({ requireObjectType: true })
    .default({ type: "object", properties: {} })
    .describe("JSON Schema (type object) of the arguments"),
});

export const toolServerSchema = z.object({
  url: httpUrl.describe("Receives the tool-calls webhook; overrides the assistant's webhook_url"),
  secret: z.string().min(1).max(200).optional().describe("Signs the webhook; write-only, returned masked"),
});

export const functionToolSchema = z.object({
  type: z.literal("function"),
  function: functionDefinitionSchema,
  server: toolServerSchema.optional(),
  async: z.boolean().default(false).describe("Do not wait for the webhook's result"),
  message: z.string().max(500).optional().describe("Spoken while the tool runs"),
});

export const endCallToolSchema = z.object({ type: z.literal("end_call") });

/** Lets the assistant press keypad keys on a phone call (e.g. to navigate an IVR menu). */
export const sendDtmfToolSchema = z.object({ type: z.literal("send_dtmf") });

export const transferDestinationSchema = z.object({
  type: z.literal("number").default("number"),
  number: z.string().regex(E164, "must be an E.164 phone number, e.g. +31850835037"),
  description: z.string().max(500).optional().describe("Tells the model when to pick this destination"),
  message: z.string().max(500).optional().describe("Spoken before transferring"),
});

export const transferCallToolSchema = z.object({
  type: z.literal("transfer_call"),
  destinations: z.array(transferDestinationSchema).min(1, "at least one destination is required").max(20),
});

/** One tool in its canonical form. */
export const toolSchema = z.discriminatedUnion("type", [functionToolSchema, endCallToolSchema, transferCallToolSchema, sendDtmfToolSchema], {
  error: (issue) =>
    issue.code === "invalid_union" ? `unknown tool type; expected one of ${TOOL_TYPES.join(", ")} (or endCall, transferCall, sendDtmf)` : undefined,
});
export type Tool = z.output<typeof toolSchema>;
export type FunctionTool = z.output<typeof functionToolSchema>;
export type TransferCallTool = z.output<typeof transferCallToolSchema>;

type LegacyFunctionTool = {
  type?: "function";
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  url?: string;
  async?: boolean;
  async_response?: string;
  message?: string;
};
/** Everything a client may send for one tool. */
export type ToolInput =
  | z.input<typeof toolSchema>
  | LegacyFunctionTool
  | { type: "endCall" }
  | { type: "transferCall"; destinations: z.input<typeof transferDestinationSchema>[] }
  | { type: "sendDtmf" };

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export const normaliseToolType = (type: unknown) => (typeof type === "string" ? (TYPE_ALIASES[type] ?? type) : type);

/** Legacy spellings -> canonical shape (not yet validated). */
export function normaliseTool(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  // Without a type, a function definition (nested or flat) is a function tool.
  const type = normaliseToolType(value.type ?? ("function" in value || "name" in value ? "function" : undefined));
  if (type === "function" && !("function" in value) && "name" in value) {
    const { name, description, parameters, url, async, async_response, message } = value;
    return {
      type,
      function: { name, description, parameters },
      ...(url !== undefined ? { server: { url } } : {}),
      ...(async !== undefined ? { async } : {}),
      ...(message !== undefined || async_response !== undefined ? { message: message ?? async_response } : {}),
    };
  }
  return { ...value, type };
}

// The published HMS example sends `"tools": [{}]`; empty entries are ignored, not rejected.
const toolEntrySchema = z.preprocess<unknown, z.ZodNullable<typeof toolSchema>, ToolInput | Record<string, never> | null>(
  (v) => (isPlainObject(v) && Object.keys(v).length === 0 ? null : normaliseTool(v)),
  toolSchema.nullable(),
);

/** The identity of a tool within one list: its function name, or its type for built-ins. */
export const toolKey = (tool: Tool) => (tool.type === "function" ? `function:${tool.function.name}` : tool.type);

export const toolsSchema = z
  .array(toolEntrySchema)
  .max(64)
  .superRefine((tools, ctx) => {
    const seen = new Set<string>();
    tools.forEach((tool, i) => {
      if (tool?.type !== "function") return;
      const key = toolKey(tool);
      if (seen.has(key)) ctx.addIssue({ code: "custom", message: `duplicate function name "${tool.function.name}"`, path: [i, "function", "name"] });
      seen.add(key);
    });
  })
  .transform((tools) => tools.filter((t): t is Tool => t !== null))
  // Re-validated as canonical tools so that the output (responses, OpenAPI) is the canonical list.
  .pipe(z.array(toolSchema) as unknown as z.ZodType<Tool[], Tool[]>)
  .describe("Tools the model may call; empty objects are ignored");

// ---- Tool templates -------------------------------------------------------------------

export const toolTypeSchema = z.preprocess<unknown, z.ZodEnum<{ [K in ToolType]: K }>, ToolType | "endCall" | "transferCall" | "sendDtmf">(
  normaliseToolType,
  z.enum(TOOL_TYPES),
).describe("camelCase spellings accepted");

/** A template's tool_config: the tool without its `type` (which is tool_type). */
export const toolConfigSchema = z.union([
  functionToolSchema.omit({ type: true }),
  transferCallToolSchema.omit({ type: true }),
  z.object({}).strict().describe("end_call takes no configuration"),
]);
export type ToolConfig = z.output<typeof toolConfigSchema>;

/** Validates a template's tool_config for its tool_type; issues are relative to tool_config. */
export function parseToolConfig(toolType: ToolType, config: unknown) {
  const input = isPlainObject(config) ? { ...config, type: toolType } : config;
  const result = toolSchema.safeParse(normaliseTool(input));
  if (!result.success) return result;
  const { type: _type, ...rest } = result.data;
  return { success: true as const, data: rest as ToolConfig };
}

/** Template config -> the tool it stands for. */
export const toolFromConfig = (toolType: ToolType, config: unknown): Tool =>
  toolSchema.parse({ ...(isPlainObject(config) ? config : {}), type: toolType });

const templateFields = {
  name: z.string().trim().min(1, "name is required").max(100).describe("Unique within the organisation"),
  description: z.string().max(1000).nullable().optional(),
  tool_type: toolTypeSchema,
  tool_config: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("The tool without its type: function {function:{name,description,parameters}, server:{url,secret}, async} (the flat {name, description, parameters, url, async} is accepted); transfer_call {destinations}; end_call {}"),
};

// The HMS SDK's shape of a function tool template, accepted beside tool_type/tool_config.
const sdkTemplateFields = {
  function_definition: functionDefinitionSchema.optional().describe("SDK form: tool_config.function (tool_type function)"),
  server_url: httpUrl.nullable().optional().describe("SDK form: tool_config.server.url"),
  server_secret: z.string().min(1).max(200).optional().describe("SDK form: tool_config.server.secret (write-only)"),
  async: z.boolean().optional().describe("SDK form: tool_config.async"),
};
export type SdkTemplateFields = { [K in keyof typeof sdkTemplateFields]?: z.output<(typeof sdkTemplateFields)[K]> };
const SDK_FIELDS = Object.keys(sdkTemplateFields) as (keyof typeof sdkTemplateFields)[];

export const hasSdkTemplateFields = (value: SdkTemplateFields) => SDK_FIELDS.some((field) => value[field] !== undefined);

/** A function template's tool_config with the SDK fields applied over `base` (the current config, masked). */
export function toolConfigWithSdkFields(base: unknown, fields: SdkTemplateFields): Record<string, unknown> {
  const config: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  if (fields.function_definition !== undefined) config.function = fields.function_definition;
  const server = isPlainObject(config.server) ? { ...config.server } : {};
  if (fields.server_url !== undefined) {
    if (fields.server_url === null) delete server.url;
    else server.url = fields.server_url;
  }
  if (fields.server_secret !== undefined) server.secret = fields.server_secret;
  if (fields.server_url === null) delete config.server;
  else if (Object.keys(server).length > 0) config.server = server;
  if (fields.async !== undefined) config.async = fields.async;
  return config;
}

// One form per request: tool_config, or the SDK's fields (which only describe function tools).
const withOneForm = <T extends { tool_type?: ToolType; tool_config?: Record<string, unknown> } & SdkTemplateFields>(value: T, ctx: z.RefinementCtx) => {
  const sdkField = SDK_FIELDS.find((field) => value[field] !== undefined);
  if (!sdkField) return;
  if (value.tool_config !== undefined) {
    ctx.addIssue({ code: "custom", path: [sdkField], message: `give either tool_config or the SDK fields (${SDK_FIELDS.join(", ")}), not both` });
  } else if (value.tool_type !== undefined && value.tool_type !== "function") {
    ctx.addIssue({ code: "custom", path: [sdkField], message: `${sdkField} applies to function tools only` });
  }
};

const withValidConfig = <T extends { tool_type?: ToolType; tool_config?: Record<string, unknown> }>(value: T, ctx: z.RefinementCtx) => {
  if (!value.tool_type) return;
  const result = parseToolConfig(value.tool_type, value.tool_config ?? {});
  if (result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ["tool_config", ...issue.path] } as never);
};

export const toolTemplateCreateSchema = z
  .object({ ...templateFields, tool_type: toolTypeSchema.optional(), ...sdkTemplateFields })
  .strict()
  .superRefine((value, ctx) => {
    if (value.tool_type === undefined && value.function_definition === undefined) {
      ctx.addIssue({ code: "custom", path: ["tool_type"], message: "tool_type is required (or function_definition, the SDK form of a function tool)" });
      return;
    }
    withOneForm(value, ctx);
    if (!hasSdkTemplateFields(value)) withValidConfig(value, ctx);
    else if (value.function_definition === undefined) ctx.addIssue({ code: "custom", path: ["function_definition"], message: "function_definition is required with server_url, server_secret or async" });
  });
export type ToolTemplateCreateInput = z.input<typeof toolTemplateCreateSchema>;
export type ToolTemplateCreate = z.output<typeof toolTemplateCreateSchema>;

// tool_config of a partial update is checked against the stored tool_type by the domain layer.
export const toolTemplateUpdateSchema = z
  .object({ ...templateFields, name: templateFields.name.optional(), tool_type: toolTypeSchema.optional(), ...sdkTemplateFields })
  .strict()
  .superRefine(withOneForm);
export type ToolTemplateUpdate = z.output<typeof toolTemplateUpdateSchema>;

export const toolTemplateSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  tool_type: z.enum(TOOL_TYPES),
  tool_config: toolConfigSchema,
  function_definition: functionDefinitionSchema.nullable(),
  server_url: z.string().nullable(),
  async: z.boolean(),
  org_id: z.string().uuid(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ToolTemplate = z.infer<typeof toolTemplateSchema>;
