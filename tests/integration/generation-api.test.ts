import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/fake-openai";
import { call, useFreshDatabase } from "./support";

// "Draft with AI" against loopback OpenAI fakes: one plays the organisation's own server (BYOK),
// one the platform's; each only accepts its own key, so a success proves which key was used.
let orgServer: FakeOpenAI;
let platformServer: FakeOpenAI;
let route: typeof import("@/app/api/v1/assistants/generate/route");
let byok: typeof import("@/app/api/v1/byok/route");
let factories: typeof import("./factories");

const draft = { system_prompt: "You are the Smile Clinic receptionist. Book and move appointments.", first_message: "Smile Clinic, how can I help?" };

beforeAll(async () => {
  await useFreshDatabase();
  orgServer = await startFakeOpenAI({ apiKey: "sk-org-own-key" });
  platformServer = await startFakeOpenAI({ apiKey: "sk-platform-key" });
  Object.assign(process.env, { OPENAI_API_KEY: "sk-platform-key", OPENAI_BASE_URL: platformServer.baseUrl, GENERATION_MODEL: "draft-model" });
  route = await import("@/app/api/v1/assistants/generate/route");
  byok = await import("@/app/api/v1/byok/route");
  factories = await import("./factories");
});

afterAll(async () => {
  await orgServer?.close();
  await platformServer?.close();
});

const generate = (key: string, body: unknown) => call(route.POST, { method: "POST", key, body });

it("uses the organisation's own key when it has one, and returns the draft", async () => {
  const org = await factories.createOrgWithKey("gen-byok");
  const saved = await call(byok.POST, { method: "POST", key: org.key, body: { provider: "openai", api_key: "sk-org-own-key", base_url: orgServer.baseUrl } });
  expect(saved.status).toBeLessThan(300);
  orgServer.queueReplies(JSON.stringify(draft));

  const res = await generate(org.key, { description: "A dental clinic in Utrecht; callers book or move appointments.", business_name: "Smile Clinic", language: "nl" });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ draft });
  const request = orgServer.requests.at(-1)!;
  expect(request.model).toBe("draft-model");
  const userMessage = request.messages.find((m) => m.role === "user");
  expect(String(userMessage?.content)).toContain("A dental clinic in Utrecht");
  expect(String(userMessage?.content)).toContain("Language: nl");
  expect(platformServer.requests).toHaveLength(0);
});

it("falls back to the platform key for an organisation without one", async () => {
  const org = await factories.createOrgWithKey("gen-platform");
  platformServer.queueReplies("```json\n" + JSON.stringify(draft) + "\n```");
  const res = await generate(org.key, { description: "A bakery that takes cake orders by phone." });
  expect(res.status).toBe(200);
  expect(res.body.draft).toEqual(draft);
});

it("never stores a broken draft: unusable model output and provider errors are 502", async () => {
  const org = await factories.createOrgWithKey("gen-bad");
  platformServer.queueReplies("Sure! Here is a great prompt for you.");
  const prose = await generate(org.key, { description: "A bakery that takes cake orders by phone." });
  expect(prose.status).toBe(502);
  expect(prose.body.error).toMatchObject({ code: "provider_error", type: "api_error" });

  platformServer.queueReplies(JSON.stringify({ system_prompt: "only half" }));
  expect((await generate(org.key, { description: "A bakery that takes cake orders by phone." })).status).toBe(502);

  platformServer.failNext("chat", 1, 500);
  const failed = await generate(org.key, { description: "A bakery that takes cake orders by phone." });
  expect(failed.status).toBe(502);
  expect(failed.body.error.message).toContain("500");
});

it("validates the request", async () => {
  const org = await factories.createOrgWithKey("gen-invalid");
  for (const [body, param] of [
    [{ description: "short" }, "description"],
    [{ description: "A long enough description", language: "xx" }, "language"],
    [{ description: "A long enough description", extra: 1 }, "extra"],
  ] as const) {
    const res = await generate(org.key, body);
    expect(res.status).toBe(422);
    expect(res.body.error.param).toBe(param);
  }
  expect((await call(route.POST, { method: "POST", body: { description: "A long enough description" } })).status).toBe(401);
});
