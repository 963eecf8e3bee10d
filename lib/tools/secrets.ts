import "server-only";
import { encryptSecret } from "@/lib/crypto";
import { MASKED_TOOL_SECRET, toolKey, type Tool } from "@/lib/schemas/tools";

// Tool webhook secrets (tool.server.secret) are write-only: stored encrypted as
// server.secret_enc, returned as a fixed mask. Sending the mask back keeps the stored secret,
// so a client can round-trip what it read.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Stored (or any) tool -> public form: the secret, if any, becomes the mask. */
export function maskToolSecret<T>(tool: T): T {
  if (!isObject(tool) || !isObject(tool.server)) return tool;
  const { secret, secret_enc, ...server } = tool.server;
  return { ...tool, server: secret || secret_enc ? { ...server, secret: MASKED_TOOL_SECRET } : server } as T;
}

/** llm_config as stored -> llm_config with masked tool secrets. */
export function maskLlmConfigSecrets(llmConfig: unknown): unknown {
  if (!isObject(llmConfig) || !Array.isArray(llmConfig.tools)) return llmConfig;
  return { ...llmConfig, tools: llmConfig.tools.map(maskToolSecret) };
}

const storedSecretOf = (tool: unknown): string | undefined =>
  isObject(tool) && isObject(tool.server) && typeof tool.server.secret_enc === "string" ? tool.server.secret_enc : undefined;

/** Validated tool -> stored form. `previous` is the stored tool it replaces, if any. */
export function sealToolSecret(tool: Tool, previous?: unknown): Json {
  if (tool.type !== "function" || !tool.server?.secret) return tool;
  const { secret, ...server } = tool.server;
  const secretEnc = secret === MASKED_TOOL_SECRET ? storedSecretOf(previous) : encryptSecret(secret);
  return { ...tool, server: secretEnc ? { ...server, secret_enc: secretEnc } : server };
}

/** Seals a list; a tool keeps the stored secret of the previous tool with the same function name. */
export function sealToolSecrets(tools: Tool[], previous: unknown): Json[] {
  const before = new Map<string, unknown>();
  for (const old of Array.isArray(previous) ? previous : []) {
    if (isObject(old) && old.type === "function" && isObject(old.function) && typeof old.function.name === "string") {
      before.set(`function:${old.function.name}`, old);
    }
  }
  return tools.map((tool) => sealToolSecret(tool, before.get(toolKey(tool))));
}
