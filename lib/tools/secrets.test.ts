import { describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { toolsSchema } from "@/lib/schemas/tools";
import { maskLlmConfigSecrets, maskToolSecret, sealToolSecrets } from "./secrets";

const signed = (name: string, secret?: string) =>
  toolsSchema.parse([{ type: "function", function: { name }, server: { url: "https://example.com/hook", ...(secret ? { secret } : {}) } }]);

describe("tool secrets", () => {
  it("encrypts a plain secret and masks it on the way out", () => {
    const [stored] = sealToolSecrets(signed("a", "plain-secret"), []);
    const server = stored!.server as { secret_enc: string; secret?: string };
    expect(server.secret).toBeUndefined();
    expect(decryptSecret(server.secret_enc)).toBe("plain-secret");
    expect(maskToolSecret(stored)).toMatchObject({ server: { url: "https://example.com/hook", secret: "********" } });
    expect(JSON.stringify(maskLlmConfigSecrets({ tools: [stored] }))).not.toContain("secret_enc");
  });

  it("keeps the stored secret when the mask comes back for the same function name only", () => {
    const previous = sealToolSecrets(signed("a", "plain-secret"), []);
    const kept = sealToolSecrets(signed("a", "********"), previous)[0]!.server as { secret_enc?: string };
    expect(kept.secret_enc).toBe((previous[0]!.server as { secret_enc: string }).secret_enc);
    const other = sealToolSecrets(signed("b", "********"), previous)[0]!.server as { secret_enc?: string };
    expect(other.secret_enc).toBeUndefined();
  });

  it("leaves tools without secrets and built-ins alone", () => {
    const tools = toolsSchema.parse([{ type: "end_call" }, { name: "x", url: "https://example.com" }]);
    expect(sealToolSecrets(tools, [])).toEqual(tools);
    expect(maskToolSecret({ type: "end_call" })).toEqual({ type: "end_call" });
  });
});
