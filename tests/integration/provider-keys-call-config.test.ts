import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { callConfigSchema } from "../../lib/contract/call-config";
import { call, useFreshDatabase } from "./support";

// The worker's call config carries the call's organisation's own keys (BYOK), decrypted,
// for the providers its assistant uses, and nobody else's.
const WORKER_SECRET = "byok-integration-worker-secret";

let config: typeof import("@/app/api/internal/calls/[id]/config/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let providerKeys: typeof import("@/app/api/v1/byok/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

beforeAll(async () => {
  process.env.WORKER_SECRET = WORKER_SECRET;
  await useFreshDatabase();
  config = await import("@/app/api/internal/calls/[id]/config/route");
  assistants = await import("@/app/api/v1/assistants/route");
  providerKeys = await import("@/app/api/v1/byok/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("keys-a");
  orgB = await createOrgWithKey("keys-b");
});

const stages = {
  stt_config: { provider: "deepgram" },
  llm_config: { provider: "openai", model: "gpt-4o-mini" },
  tts_config: { provider: "elevenlabs", voice_id: "21m00Tcm4TlvDq8ikWAM" },
};

/** A call in `connecting` state for a new assistant of the organisation (no media server needed). */
async function startCall(org: typeof orgA) {
  const created = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Keys", ...stages } });
  const assistant = created.body.assistant;
  const id = randomUUID();
  await db.call.create({
    data: { id, organizationId: org.organization.id, assistantId: assistant.id, type: "web", roomName: `call-${id}`, assistantSnapshot: assistant },
  });
  return id;
}

const fetchConfig = (id: string) => call(config.GET, { params: { id }, headers: { authorization: `Bearer ${WORKER_SECRET}` } });
const saveKey = (org: typeof orgA, body: unknown) => call(providerKeys.POST, { method: "POST", key: org.key, body });

describe("provider_keys in the worker's call config", () => {
  it("is empty while the organisation has no keys of its own", async () => {
    const res = await fetchConfig(await startCall(orgA));
    expect(res.status).toBe(200);
    expect(res.body.provider_keys).toEqual({});
  });

  it("carries the call's organisation's decrypted keys for the providers its assistant uses", async () => {
    await saveKey(orgA, { provider: "openai", api_key: "sk-org-a-secret", base_url: "https://llm.a.example/v1" });
    await saveKey(orgA, { provider: "deepgram", api_key: "dg-org-a-secret" });
    await saveKey(orgA, { provider: "xai", api_key: "xai-org-a-secret" });
    await saveKey(orgB, { provider: "elevenlabs", api_key: "el-org-b-secret" });
    await saveKey(orgB, { provider: "openai", api_key: "sk-org-b-secret" });

    const a = await fetchConfig(await startCall(orgA));
    expect(a.body.provider_keys).toEqual({
      openai: { api_key: "sk-org-a-secret", base_url: "https://llm.a.example/v1" },
      deepgram: { api_key: "dg-org-a-secret" },
    });
    // The worker's own parser accepts it.
    expect(callConfigSchema.parse(a.body).provider_keys?.openai?.api_key).toBe("sk-org-a-secret");

    const b = await fetchConfig(await startCall(orgB));
    expect(b.body.provider_keys).toEqual({
      openai: { api_key: "sk-org-b-secret" },
      elevenlabs: { api_key: "el-org-b-secret" },
    });
  });

  it("falls back to the platform key for a key that cannot be decrypted", async () => {
    await db.providerKey.updateMany({ where: { organizationId: orgA.organization.id, provider: "deepgram" }, data: { keyEnc: "v1.AAAA.AAAA.AAAA" } });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const res = await fetchConfig(await startCall(orgA));
      expect(Object.keys(res.body.provider_keys)).toEqual(["openai"]);
    } finally {
      console.error = original;
    }
    expect(JSON.stringify(errors)).toMatch(/deepgram .* cannot be decrypted/);
  });

  it("is served to the worker only", async () => {
    const id = await startCall(orgA);
    expect((await call(config.GET, { params: { id }, headers: { authorization: `Bearer ${orgA.key}` } })).status).toBe(401);
  });
});
