import { beforeAll, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

// With the media server unreachable the endpoint still answers, clearly, and the call is failed.
beforeAll(async () => {
  await useFreshDatabase();
  process.env.LIVEKIT_URL = "ws://127.0.0.1:9";
});

it("answers 503 in the public error format and records the call as failed", async () => {
  const { createOrgWithKey } = await import("./factories");
  const assistants = await import("@/app/api/v1/assistants/route");
  const web = await import("@/app/api/v1/calls/web/route");
  const calls = await import("@/app/api/v1/calls/route");
  const org = await createOrgWithKey("media-down");
  const assistant = (await call(assistants.POST, { method: "POST", key: org.key, body: { name: "A" } })).body.assistant;

  const started = Date.now();
  const res = await call(web.POST, { method: "POST", key: org.key, body: { assistant_id: assistant.id } });
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(res.status).toBe(503);
  expect(res.body.error).toMatchObject({ code: "service_unavailable", type: "api_error" });
  expect(res.body.error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

  const list = await call(calls.GET, { key: org.key });
  expect(list.body.calls).toHaveLength(1);
  expect(list.body.calls[0]).toMatchObject({ status: "failed", end_reason: "media_server_unavailable" });
});
