import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/fake-openai";
import { call, useFreshDatabase } from "./support";
import { systemScope } from "@/lib/tenancy/scope";

// Post-call processing (the call.finalise job) against the OpenAI fake, which plays the
// platform's language model: summary, structured data with validation and retries, templates.

const WORKER_SECRET = "analysis-worker-secret";
let llm: FakeOpenAI;
let db: typeof import("@/lib/db").db;
let runDueJobs: typeof import("@/lib/jobs/runner").runDueJobs;
let finalise: typeof import("@/lib/calls/finalise-call");
let routes: {
  assistants: typeof import("@/app/api/v1/assistants/route");
  templates: typeof import("@/app/api/v1/analysis-templates/route");
  one: typeof import("@/app/api/v1/calls/[id]/route");
  events: typeof import("@/app/api/internal/calls/[id]/events/route");
};
let org: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;

const schema = {
  type: "object",
  properties: {
    intent: { type: "string" },
    appointment_booked: { type: "boolean" },
  },
  required: ["intent", "appointment_booked"],
  additionalProperties: false,
};

const transcript = [
  { role: "assistant", content: "Smile Clinic, how can I help?" },
  { role: "user", content: "I'd like to book a cleaning on Tuesday." },
  { role: "assistant", content: "Tuesday at ten is free. Shall I book it?" },
  { role: "user", content: "Yes please." },
];

beforeAll(async () => {
  await useFreshDatabase();
  llm = await startFakeOpenAI({ apiKey: "sk-platform-analysis" });
  Object.assign(process.env, {
    OPENAI_API_KEY: "sk-platform-analysis",
    OPENAI_BASE_URL: llm.baseUrl,
    GENERATION_MODEL: "analysis-model",
    WORKER_SECRET,
    // A failed job is due again at once, so the tests run retries without waiting.
    JOB_RETRY_BASE_MS: "0",
  });
  db = (await import("@/lib/db")).db;
  runDueJobs = (await import("@/lib/jobs/runner")).runDueJobs;
  finalise = await import("@/lib/calls/finalise-call");
  routes = {
    assistants: await import("@/app/api/v1/assistants/route"),
    templates: await import("@/app/api/v1/analysis-templates/route"),
    one: await import("@/app/api/v1/calls/[id]/route"),
    events: await import("@/app/api/internal/calls/[id]/events/route"),
  };
  org = await (await import("./factories")).createOrgWithKey("analysis");
});

afterAll(async () => {
  await llm?.close();
  await (await import("@/lib/jobs/boss")).closeJobQueue();
});

beforeEach(() => llm.reset());

async function createAssistant(body: Record<string, unknown>) {
  const res = await call(routes.assistants.POST, { method: "POST", key: org.key, body: { name: "Smile Clinic", ...body } });
  expect(res.status).toBe(201);
  return res.body.assistant as Record<string, unknown> & { id: string };
}

// An in-progress call of `assistant` (its snapshot as the call would have frozen it).
async function startedCall(assistant: Record<string, unknown> & { id: string }) {
  return db.call.create({
    data: {
      organizationId: org.organization.id,
      assistantId: assistant.id,
      type: "web",
      status: "in_progress",
      roomName: `call-${randomUUID()}`,
      assistantSnapshot: assistant as object,
      startedAt: new Date(Date.now() - 60_000),
    },
  });
}

// The worker's end report, through the internal API, then the job queue until it is empty.
async function endAndFinalise(callId: string, turns: unknown[] = transcript, endReason = "user_hangup") {
  const res = await call(routes.events.POST, {
    method: "POST",
    params: { id: callId },
    headers: { authorization: `Bearer ${WORKER_SECRET}` },
    body: { type: "ended", status: "ended", end_reason: endReason, ended_at: new Date().toISOString(), transcript: turns },
  });
  expect(res.status).toBe(200);
  await runFinaliseJobs();
  return (await call(routes.one.GET, { key: org.key, params: { id: callId } })).body;
}

async function runFinaliseJobs() {
  while ((await runDueJobs(finalise.finaliseCallJob)) > 0);
}

const lastUserText = (i: number) => llm.requests[i]!.messages.map((m) => String(m.content)).join("\n");

describe("summary", () => {
  it("summarises every call with a transcript, with the platform key and the generation model", async () => {
    const assistant = await createAssistant({});
    const row = await startedCall(assistant);
    llm.queueReplies("The caller booked a cleaning for Tuesday at ten.");
    const done = await endAndFinalise(row.id);

    expect(done).toMatchObject({ summary: "The caller booked a cleaning for Tuesday at ten.", analysis_status: "completed", analysis_result: null });
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]!.model).toBe("analysis-model");
    expect(lastUserText(0)).toContain("Caller: I'd like to book a cleaning on Tuesday.");
    expect(lastUserText(0)).toContain("user_hangup");
  });

  it("skips a call without a transcript and asks the model nothing", async () => {
    const row = await startedCall(await createAssistant({}));
    const done = await endAndFinalise(row.id, []);
    expect(done).toMatchObject({ summary: null, analysis_status: "skipped", analysis_result: null });
    expect(llm.requests).toHaveLength(0);
  });
});

describe("structured data", () => {
  const plan = (extra: Record<string, unknown> = {}) => ({
    analysis_plan: {
      structured_data_plan: {
        enabled: true,
        schema,
        messages: [
          { role: "system", content: "Extract the booking as JSON following {{schema}}" },
          { role: "user", content: "Call:\n{{transcript}}\nEnded: {{ended_reason}}" },
        ],
      },
      min_messages_threshold: 2,
      ...extra,
    },
  });

  it("stores valid output, asking in JSON mode with the placeholders filled in", async () => {
    const row = await startedCall(await createAssistant(plan()));
    llm.queueReplies("Booked a cleaning.", JSON.stringify({ intent: "book cleaning", appointment_booked: true }));
    const done = await endAndFinalise(row.id, transcript, "assistant_ended_call");

    expect(done).toMatchObject({ analysis_status: "completed", analysis_result: { intent: "book cleaning", appointment_booked: true }, summary: "Booked a cleaning." });
    expect(llm.requests).toHaveLength(2);
    const extraction = llm.requests[1]!;
    expect(extraction.responseFormat).toEqual({ type: "json_object" });
    const text = lastUserText(1);
    expect(text).not.toContain("{{");
    expect(text).toContain('"appointment_booked"');
    expect(text).toContain("Caller: Yes please.");
    expect(text).toContain("Ended: assistant_ended");
  });

  it("retries invalid output with the validation error, then stores the valid answer", async () => {
    const row = await startedCall(await createAssistant(plan()));
    llm.queueReplies("Summary.", JSON.stringify({ intent: 42, appointment_booked: true }), "```json\n" + JSON.stringify({ intent: "reschedule", appointment_booked: false }) + "\n```");
    const done = await endAndFinalise(row.id);

    expect(done).toMatchObject({ analysis_status: "completed", analysis_result: { intent: "reschedule", appointment_booked: false } });
    expect(llm.requests).toHaveLength(3);
    const retry = llm.requests[2]!.messages;
    expect(retry.at(-2)).toEqual({ role: "assistant", content: JSON.stringify({ intent: 42, appointment_booked: true }) });
    expect(String(retry.at(-1)!.content)).toMatch(/data\/intent must be string/);
  });

  it("never stores output that stays invalid: status invalid with the error, after two retries", async () => {
    const row = await startedCall(await createAssistant(plan()));
    llm.queueReplies("Summary kept.", "Sure! The caller wanted a cleaning.", JSON.stringify({ intent: "x" }), JSON.stringify({ intent: "x", appointment_booked: "yes" }));
    const done = await endAndFinalise(row.id);

    expect(done.analysis_status).toBe("invalid");
    expect(done.analysis_result).toBeNull();
    expect(done.analysis_error).toMatch(/appointment_booked must be boolean/);
    expect(done.summary).toBe("Summary kept.");
    expect(llm.requests).toHaveLength(4);
    const stored = await db.call.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.analysis).toBeNull();
    expect(stored.analysisError).toMatch(/after 3 attempts: .*appointment_booked must be boolean/);
  });

  it("skips the structured data below min_messages_threshold (the summary is still made)", async () => {
    const row = await startedCall(await createAssistant(plan({ min_messages_threshold: 5 })));
    llm.queueReplies("Short call.");
    const done = await endAndFinalise(row.id);
    expect(done).toMatchObject({ analysis_status: "skipped", analysis_result: null, summary: "Short call." });
    expect(llm.requests).toHaveLength(1);
    const stored = await db.call.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.analysisError).toMatch(/4 message\(s\).*at least 5/);
  });

  it("applies an analysis template: its schema, messages and threshold", async () => {
    const template = await call(routes.templates.POST, {
      method: "POST",
      key: org.key,
      body: {
        name: `Sentiment ${randomUUID().slice(0, 8)}`,
        schema: { type: "object", properties: { sentiment: { type: "string", enum: ["positive", "neutral", "negative"] } }, required: ["sentiment"] },
        messages: [{ role: "system", content: "TEMPLATE PROMPT. Rate the caller's mood. Schema: {{schema}}. Transcript: {{transcript}}" }],
        min_messages_threshold: 1,
      },
    });
    expect(template.status).toBe(201);
    const templateId = template.body.analysis_template.id;
    const assistant = await createAssistant({
      analysis_plan: { structured_data_plan: { enabled: true, template_id: templateId }, min_messages_threshold: 10 },
    });
    const row = await startedCall(assistant);
    llm.queueReplies("One line.", JSON.stringify({ sentiment: "negative" }), JSON.stringify({ sentiment: "positive" }));
    // One message: below the plan's 10, but the template's threshold (1) applies.
    const done = await endAndFinalise(row.id, [{ role: "user", content: "I'm very happy with you!" }]);

    expect(done).toMatchObject({ analysis_status: "completed", analysis_result: { sentiment: "negative" } });
    expect(llm.requests).toHaveLength(2);
    expect(lastUserText(1)).toContain("TEMPLATE PROMPT");
    expect(lastUserText(1)).toContain('"negative"');
    expect(lastUserText(1)).toContain("Caller: I'm very happy with you!");
  });
});

describe("the finalise job", () => {
  it("retries provider failures with the job, then completes; a re-run changes nothing", async () => {
    const assistant = await createAssistant({ analysis_plan: { structured_data_plan: { enabled: true, schema }, min_messages_threshold: 2 } });
    const row = await startedCall(assistant);
    await db.organization.update({ where: { id: org.organization.id }, data: { webhookUrl: "http://127.0.0.1:9/hook" } });
    try {
      llm.failNext("chat", 1, 503);
      await call(routes.events.POST, {
        method: "POST",
        params: { id: row.id },
        headers: { authorization: `Bearer ${WORKER_SECRET}` },
        body: { type: "ended", status: "ended", end_reason: "user_hangup", ended_at: new Date().toISOString(), transcript },
      });
      expect((await db.call.findUniqueOrThrow({ where: { id: row.id } })).analysisStatus).toBe("pending");

      await runDueJobs(finalise.finaliseCallJob);
      const afterFailure = await db.call.findUniqueOrThrow({ where: { id: row.id } });
      expect(afterFailure.analysisStatus).toBe("failed");
      expect(afterFailure.analysisError).toMatch(/503/);
      const boss = await (await import("@/lib/jobs/boss")).jobQueue();
      const [job] = await boss.findJobs(finalise.finaliseCallJob.name, { data: { call_id: row.id } });
      // Back in the queue after one run (pg-boss counts a retry once it starts).
      expect(job).toMatchObject({ state: "retry", retryCount: 0 });
      // No report while the analysis may still succeed.
      expect(await db.webhookDelivery.count({ where: { callId: row.id, event: "end-of-call-report" } })).toBe(0);

      llm.queueReplies("Booked.", JSON.stringify({ intent: "book", appointment_booked: true }));
      await runFinaliseJobs();
      const done = await db.call.findUniqueOrThrow({ where: { id: row.id }, include: { usageRecords: true } });
      expect(done).toMatchObject({ analysisStatus: "completed", summary: "Booked.", analysis: { intent: "book", appointment_booked: true } });
      const report = await db.webhookDelivery.findFirstOrThrow({ where: { callId: row.id, event: "end-of-call-report" } });
      expect(report.payload).toMatchObject({ message: { type: "end-of-call-report", summary: "Booked.", analysis: { intent: "book", appointment_booked: true }, cost: Number(done.cost) } });

      // Again (a crash after the work, say): same rows, no model calls, still one report.
      const requests = llm.requests.length;
      const records = done.usageRecords.map((u) => [u.kind, String(u.cost)]).sort();
      await finalise.finaliseCall(systemScope(row.organizationId, "test"), row.id);
      const again = await db.call.findUniqueOrThrow({ where: { id: row.id }, include: { usageRecords: true } });
      expect(llm.requests.length).toBe(requests);
      expect(again.usageRecords.map((u) => [u.kind, String(u.cost)]).sort()).toEqual(records);
      expect(String(again.cost)).toBe(String(done.cost));
      expect(await db.webhookDelivery.count({ where: { callId: row.id, event: "end-of-call-report" } })).toBe(1);
    } finally {
      await db.organization.update({ where: { id: org.organization.id }, data: { webhookUrl: null } });
    }
  });

  it("sends the report with analysis_status failed when the last attempt fails too", async () => {
    const row = await startedCall(await createAssistant({}));
    await db.call.update({ where: { id: row.id }, data: { status: "ended", endedAt: new Date(), durationSeconds: 60, transcript } });
    await db.organization.update({ where: { id: org.organization.id }, data: { webhookUrl: "http://127.0.0.1:9/hook" } });
    try {
      llm.failNext("chat", 5, 500);
      await expect(finalise.finaliseCall(systemScope(row.organizationId, "test"), row.id, { attempt: 1, maxAttempts: 2 })).rejects.toThrow(/will retry/);
      expect(await db.webhookDelivery.count({ where: { callId: row.id, event: "end-of-call-report" } })).toBe(0);
      await finalise.finaliseCall(systemScope(row.organizationId, "test"), row.id, { attempt: 2, maxAttempts: 2 });
      const stored = await db.call.findUniqueOrThrow({ where: { id: row.id } });
      expect(stored.analysisStatus).toBe("failed");
      expect(stored.analysisError).toMatch(/500/);
      expect(Number(stored.cost)).toBeCloseTo(0.07, 6);
      const report = await db.webhookDelivery.findFirstOrThrow({ where: { callId: row.id, event: "end-of-call-report" } });
      expect(report.payload).toMatchObject({ message: { type: "end-of-call-report", summary: null, analysis: null, cost: 0.07 } });
    } finally {
      await db.organization.update({ where: { id: org.organization.id }, data: { webhookUrl: null } });
    }
  });
});
