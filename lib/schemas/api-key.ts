import { z } from "zod";
import { FULL_ACCESS, isApiKeyScope, SCOPE_ACTIONS, SCOPE_RESOURCES } from "@/lib/api-keys/scopes";

// Organisation API keys. The full key appears once, in the create response; lists show
// only the display prefix.

// One issue for the whole list (param "scopes") naming the first entry that is not a scope.
function apiKeyScopesSchema() {
  return z
    .array(z.string().trim(), { error: "scopes must be a list of strings" })
    .min(1, `scopes must name at least one scope; leave it out for ${FULL_ACCESS}`)
    .max(50, "scopes may list at most 50 scopes")
    .superRefine((scopes, ctx) => {
      const unknown = scopes.find((scope) => !isApiKeyScope(scope));
      if (unknown !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `"${unknown}" is not a scope: use a permission (e.g. "assistants.read"), a wildcard ("<resource>.*" or "*.<action>"; resources: ${SCOPE_RESOURCES.join(", ")}; actions: ${SCOPE_ACTIONS.join(", ")}) or a preset ("read_only", "${FULL_ACCESS}")`,
        });
      } else if (scopes.includes(FULL_ACCESS) && scopes.length > 1) {
        ctx.addIssue({ code: "custom", message: `${FULL_ACCESS} already grants everything; it cannot be combined with other scopes` });
      }
    })
    // Stored as written, without repeats (idempotent: domain code may parse parsed input again).
    .transform((scopes) => [...new Set(scopes)])
    .describe(
      'What the key may do; leave out for full access. Each entry is a permission ("assistants.read", "calls.control"), a wildcard ("assistants.*", "*.read") or a preset ("read_only": every *.read permission; "full_access")',
    );
}

export const apiKeyCreateSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters").describe("A label to recognise the key by, e.g. where it is used"),
    scopes: apiKeyScopesSchema().optional(),
  })
  .strict();
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the key, to recognise it"),
  created_at: z.string(),
  last_used_at: z.string().nullable().describe("Last authenticated request (recorded at most once a minute)"),
  scopes: z.array(z.string()).describe('What the key may do, as given when it was created; ["full_access"] for a key without limits'),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyCreatedSchema = z.object({
  api_key: apiKeySchema,
  key: z.string().describe("The full key (sb_live_…). Shown only in this response: store it now"),
});
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;
