import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { concatPcm, silence, speechLike } from "../tests/fakes/audio";
import { writeWav } from "./fixtures/speech-wav";
import { env, signUp } from "./support";

// The call pages against the real stack: calls are created through the public API and then
// reported through the worker's internal API (as the agent worker does at the end of a call),
// so everything the portal shows went through the same storage, jobs and handlers.

type Received = { event: string; signature: string | null; body: unknown };

/** A customer's webhook endpoint on loopback: answers 503 until told to accept. */
async function startReceiver() {
  const received: Received[] = [];
  let status = 503;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ event: String(req.headers["x-webhook-event"] ?? ""), signature: (req.headers["x-webhook-signature"] as string) ?? null, body: JSON.parse(body || "null") });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? "{}" : JSON.stringify({ error: "receiver is down" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/switchboard`;
  return { url, received, accept: () => void (status = 200), stop: () => new Promise((r) => server.close(r)) };
}

const secondsAfter = (start: Date, s: number) => new Date(start.getTime() + s * 1000).toISOString();

async function createAssistant(page: Page, name: string, extra: Record<string, unknown> = {}) {
  // Pointed at the provider fakes, so the worker the dispatch wakes up has nothing to fail on.
  const res = await page.request.post("/api/v1/assistants", {
    data: {
      name,
      first_message: "Hello, Bright Smile Dental, how can I help?",
      stt_config: { provider: "deepgram", base_url: env("E2E_DEEPGRAM_URL") },
      llm_config: { provider: "openai-compatible", model: "fake-model", base_url: env("E2E_OPENAI_URL") },
      tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: env("E2E_OPENAI_URL") },
      ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { assistant: { id: string } }).assistant.id;
}

async function startCall(page: Page, assistantId: string) {
  const res = await page.request.post("/api/v1/calls/web", { data: { assistant_id: assistantId } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { call_id: string }).call_id;
}

async function postEvent(request: APIRequestContext, callId: string, event: Record<string, unknown>) {
  const res = await request.post(`/api/internal/calls/${callId}/events`, {
    headers: { authorization: `Bearer ${env("E2E_WORKER_SECRET")}` },
    data: event,
  });
  expect(res.status(), await res.text()).toBe(200);
}

function recordingWav(seconds: number): Buffer {
  const rate = 16_000;
  const file = path.join(os.tmpdir(), `switchboard-e2e-recording-${process.pid}.wav`);
  writeWav(file, concatPcm([silence(500, rate), speechLike((seconds - 1) * 1000, rate, 0.2), silence(500, rate)]), rate);
  const wav = fs.readFileSync(file);
  fs.rmSync(file, { force: true });
  return wav;
}

/** A booking call: greeting, two caller turns, two tool calls (one failing), an LLM failover. */
async function seedBookingCall(request: APIRequestContext, callId: string, start: Date) {
  await postEvent(request, callId, { type: "started", at: start.toISOString() });
  const upload = await request.put(`/api/internal/calls/${callId}/recording`, {
    headers: { authorization: `Bearer ${env("E2E_WORKER_SECRET")}`, "content-type": "audio/wav" },
    data: recordingWav(17),
  });
  expect(upload.status(), await upload.text()).toBeLessThan(300);
  const at = (s: number) => secondsAfter(start, s);
  await postEvent(request, callId, {
    type: "ended",
    status: "ended",
    end_reason: "user_hangup",
    started_at: start.toISOString(),
    ended_at: at(16),
    has_recording: true,
    transcript: [
      { role: "assistant", content: "Hello, Bright Smile Dental, how can I help?", started_at: at(0.5), ended_at: at(3) },
      { role: "user", content: "I'd like to book a cleaning next Tuesday.", started_at: at(4), ended_at: at(6.5) },
      { role: "assistant", content: "We have 10:00 or 14:30 on Tuesday. Which suits you?", started_at: at(7.6), ended_at: at(10) },
      { role: "user", content: "Ten o'clock please.", started_at: at(11), ended_at: at(12) },
      { role: "assistant", content: "Sorry, I could not book that right now; we will call you back.", started_at: at(13.2), ended_at: at(15.5) },
    ],
    tool_calls: [
      { id: "call_avail", name: "check_availability", arguments: { day: "Tuesday" }, result: "10:00 and 14:30 are free", error: null, started_at: at(7), ended_at: at(7.4) },
      { id: "call_book", name: "book_appointment", arguments: { day: "Tuesday", time: "10:00" }, result: null, error: "Calendar service unavailable", started_at: at(12.3), ended_at: at(13) },
    ],
    timings: [
      { turn: 0, started_at: at(0.3), stt_final_latency_ms: null, end_of_utterance_delay_ms: null, llm_ttft_ms: null, tts_ttfb_ms: 180, total_latency_ms: 210, tts_characters: 43 },
      { turn: 1, started_at: at(6.5), stt_final_latency_ms: 160, end_of_utterance_delay_ms: 420, llm_ttft_ms: 380, tts_ttfb_ms: 170, total_latency_ms: 990, llm_prompt_tokens: 600, llm_completion_tokens: 40, tts_characters: 50 },
      { turn: 2, started_at: at(12), stt_final_latency_ms: 140, end_of_utterance_delay_ms: 390, llm_ttft_ms: 1350, tts_ttfb_ms: 160, total_latency_ms: 1920, llm_prompt_tokens: 700, llm_completion_tokens: 45, tts_characters: 67 },
    ],
    failovers: [{ stage: "llm", from: "openai", to: "openai-compatible", at: at(12.4), reason: "openai: 503 Service Unavailable" }],
    usage: {
      stt: [{ provider: "deepgram", model: "nova-3-general", audio_seconds: 15.5 }],
      llm: [{ provider: "openai-compatible", model: "fake-model", prompt_tokens: 1300, completion_tokens: 85 }],
      tts: [{ provider: "openai", model: "tts-1", characters: 160 }],
    },
  });
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.stop();
});

test("organisation webhook settings: field errors, a masked secret, replace and remove", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks$/);

  await page.getByLabel("Webhook URL", { exact: true }).fill("not a url");
  await page.getByLabel("Signing secret (optional)").fill("short");
  await page.getByRole("button", { name: "Save webhook" }).click();
  await expect(page.locator('[data-field-error="webhook_url"]')).toContainText("must be a URL");
  await expect(page.locator('[data-field-error="webhook_secret"]')).toContainText("at least 8 characters");

  await page.getByLabel("Webhook URL", { exact: true }).fill("https://hooks.example.com/switchboard");
  await page.getByLabel("Signing secret (optional)").fill("whsec-portal-1234");
  await page.getByRole("button", { name: "Save webhook" }).click();
  await expect(page.getByTestId("org-webhook-saved")).toBeVisible();
  const masked = page.getByTestId("org-webhook-secret");
  await expect(masked).toBeVisible();
  await expect(masked).toHaveText("****1234");

  // Saved on the server: a reload shows the URL and the masked secret, never the plain one.
  await page.reload();
  await expect(page.getByLabel("Webhook URL", { exact: true })).toHaveValue("https://hooks.example.com/switchboard");
  await expect(page.getByTestId("org-webhook-secret")).toBeVisible();
  expect(await page.content()).not.toContain("whsec-portal-1234");

  // Replace the secret: the new one is validated too.
  await page.getByRole("button", { name: "Replace", exact: true }).click();
  await page.getByLabel("New signing secret").fill("tiny");
  await page.getByRole("button", { name: "Save webhook" }).click();
  await expect(page.locator('[data-field-error="webhook_secret"]')).toContainText("at least 8 characters");
  await page.getByLabel("New signing secret").fill("whsec-portal-5678");
  await page.getByRole("button", { name: "Save webhook" }).click();
  await expect(page.getByTestId("org-webhook-saved")).toBeVisible();
  await expect(page.getByTestId("org-webhook-secret")).toHaveText("****5678");

  // Remove the whole webhook.
  await page.getByRole("button", { name: "Remove webhook" }).click();
  await expect(page.getByTestId("org-webhook-saved")).toBeVisible();
  await expect(page.getByLabel("Webhook URL", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Signing secret (optional)")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Webhook URL", { exact: true })).toHaveValue("");
});

test("a finished call shows its conversation, recording, analysis, cost, latency, failovers and webhook deliveries", async ({ page, request }) => {
  await signUp(page, { organization: "Bright Smile Dental" });
  // The organisation webhook points at a receiver that is down at first.
  const saved = await page.request.patch("/api/v1/organizations/webhook", { data: { webhook_url: receiver.url, webhook_secret: "whsec-e2e-secret-1" } });
  expect(saved.status(), await saved.text()).toBe(200);

  const assistantId = await createAssistant(page, "Dental line", {
    analysis_plan: {
      structured_data_plan: {
        enabled: true,
        schema: { type: "object", properties: { booked: { type: "boolean" }, day: { type: "string" } }, required: ["booked", "day"] },
      },
      min_messages_threshold: 2,
    },
  });
  // The analysis runs on the platform LLM (the OpenAI fake): first the summary, then the data.
  await fetch(`${env("E2E_OPENAI_URL")}/../__fake/replies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ replies: ["The caller wanted a cleaning on Tuesday at 10:00; booking failed, a call back was promised.", '{"booked": false, "day": "Tuesday"}'] }),
  });
  const callId = await startCall(page, assistantId);
  const start = new Date(Date.now() - 60_000);
  await seedBookingCall(request, callId, start);

  await page.goto(`/calls/${callId}`);
  await expect(page.getByRole("heading", { name: "Web call with Dental line" })).toBeVisible();
  await expect(page.getByTestId("call-status")).toHaveText("ended");
  await expect(page.getByTestId("call-end-reason")).toHaveText("user_hangup");
  await expect(page.getByTestId("call-duration")).toHaveAttribute("data-duration", "16");
  await expect(page.getByTestId("call-duration")).toHaveText("16s");

  // The conversation: five turns with offsets from the call start, tool calls in between.
  const transcript = page.getByTestId("call-transcript");
  await expect(transcript.locator("[data-role]")).toHaveCount(5);
  await expect(transcript.locator(":scope > li")).toHaveCount(7);
  await expect(transcript.locator("[data-role]").nth(1)).toContainText("Caller · 0:04");
  const tools = transcript.getByTestId("tool-call");
  await expect(tools).toHaveCount(2);
  // check_availability (7.0 s) sits between the caller's question (4 s) and the answer (7.6 s).
  await expect(transcript.locator(":scope > li").nth(2)).toHaveAttribute("data-tool-name", "check_availability");
  await expect(tools.first()).toContainText("at 0:07");
  await expect(tools.first().getByTestId("tool-call-arguments")).toContainText("Tuesday");
  await expect(tools.first().getByTestId("tool-call-result")).toHaveText("10:00 and 14:30 are free");
  await expect(tools.nth(1).getByTestId("tool-call-error")).toContainText("Calendar service unavailable");

  // The recording plays from a clicked message, and that message is highlighted while it plays.
  const audio = page.getByTestId("call-recording");
  await expect(audio).toBeVisible();
  await transcript.locator("[data-role]").nth(2).click();
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 }).toBeGreaterThanOrEqual(7.6);
  await expect(transcript.locator("[data-role]").nth(2)).toHaveAttribute("data-active", "true");
  await expect(transcript.locator('[data-active="true"]')).toHaveCount(1);
  await audio.evaluate((a: HTMLAudioElement) => a.pause());
  await expect(transcript.locator('[data-active="true"]')).toHaveCount(0);

  // Latency: one row per turn, bars offset as a waterfall (LLM after end of utterance, TTS after LLM).
  const waterfall = page.getByTestId("latency-waterfall");
  await expect(waterfall.getByTestId("latency-turn")).toHaveCount(3);
  const turn2 = waterfall.locator('[data-turn="2"]');
  await expect(turn2).toContainText("Turn 2");
  await expect(turn2).toContainText("1920 ms");
  const llmBar = turn2.locator('[data-stage="llm"]');
  const ttsBar = turn2.locator('[data-stage="tts"]');
  await expect(llmBar).toHaveAttribute("data-ms", "1350");
  const [llmBox, ttsBox] = [await llmBar.boundingBox(), await ttsBar.boundingBox()];
  expect(ttsBox!.x).toBeCloseTo(llmBox!.x + llmBox!.width, 0);
  await expect(waterfall.locator('[data-turn="0"]')).toContainText("Greeting");

  // Failover.
  await expect(page.getByTestId("call-failovers")).toContainText("openai → openai-compatible");
  await expect(page.getByTestId("call-failovers")).toContainText("503 Service Unavailable");

  // Analysis (post-call job on the fake LLM): summary and structured data.
  await expect(page.getByTestId("analysis-status")).toHaveText("completed", { timeout: 30_000 });
  await expect(page.getByTestId("analysis-summary")).toContainText("cleaning on Tuesday");
  await expect(page.getByTestId("analysis-fields")).toContainText("booked");
  await expect(page.getByTestId("analysis-fields")).toContainText("false");

  // Cost: one row per provider and kind, with the call's total.
  const cost = page.getByTestId("cost-breakdown");
  await expect(cost).toBeVisible({ timeout: 30_000 });
  await expect(cost.locator('[data-kind="stt_seconds"]')).toContainText("deepgram");
  await expect(cost.locator('[data-kind="tts_characters"]')).toContainText("160 chars");
  await expect(page.getByTestId("cost-total")).toHaveText(/€\d/);

  // Webhook deliveries: the receiver is down, so they wait for a retry with the failed attempt logged.
  const deliveries = page.getByTestId("webhook-delivery");
  await expect(deliveries.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("webhook-deliveries")).toContainText("status-update (in-progress)");
  const deliveryId = await deliveries.and(page.locator('[data-status="pending"]')).first().getAttribute("data-delivery-id");
  const delivery = page.locator(`[data-testid="webhook-delivery"][data-delivery-id="${deliveryId}"]`);
  await expect(delivery).toContainText(receiver.url);
  await expect(delivery).toContainText(/Next retry/);
  await delivery.getByText("Attempt log").click();
  await expect(delivery.getByTestId("delivery-attempts")).toContainText("503");
  expect(receiver.received.some((r) => r.signature?.startsWith("sha256="))).toBe(true);

  // The receiver is back: Replay delivers it at once.
  receiver.accept();
  await delivery.getByRole("button", { name: /^Replay/ }).click();
  await expect(delivery.getByTestId("replay-result")).toHaveText("Replay sent.");
  const replayed = delivery;
  await expect(replayed).toHaveAttribute("data-status", "succeeded", { timeout: 15_000 });
  await expect(replayed.getByTestId("delivery-attempts")).toContainText("replay");
  await expect(replayed.getByTestId("delivery-attempts")).toContainText("200");
});

test("the call log filters by status, type, assistant, date and text, kept in the URL", async ({ page, request }) => {
  await signUp(page, { organization: "Filter Clinic" });
  const dental = await createAssistant(page, "Dental line");
  const desk = await createAssistant(page, "Front desk");
  const booked = await startCall(page, dental);
  const failed = await startCall(page, desk);
  const start = new Date(Date.now() - 120_000);
  await postEvent(request, booked, { type: "started", at: start.toISOString() });
  await postEvent(request, booked, {
    type: "ended", status: "ended", end_reason: "user_hangup", ended_at: secondsAfter(start, 30),
    transcript: [{ role: "user", content: "I need a root canal appointment", started_at: secondsAfter(start, 2), ended_at: secondsAfter(start, 4) }],
  });
  await postEvent(request, failed, { type: "ended", status: "failed", end_reason: "provider_error", error: "openai (tts): unreachable", ended_at: new Date().toISOString() });

  await page.getByRole("link", { name: "Call log" }).click();
  const rows = page.getByTestId("calls-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("calls-range")).toHaveText("1–2 of 2");

  await page.getByLabel("Status", { exact: true }).selectOption("failed");
  await expect(page).toHaveURL(/[?&]status=failed/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-call-id", failed);

  // The filters survive a reload (they are the URL).
  await page.reload();
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("failed");
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows).toHaveCount(2);

  await page.getByLabel("Assistant", { exact: true }).selectOption({ label: "Dental line" });
  await expect(page).toHaveURL(new RegExp(`assistant_id=${dental}`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-call-id", booked);
  await page.getByRole("button", { name: "Clear filters" }).click();

  await page.getByLabel("Search calls", { exact: true }).fill("root canal");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=root\+canal/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-call-id", booked);

  await page.getByLabel("Type", { exact: true }).selectOption("outbound");
  await expect(page.getByTestId("calls-empty")).toContainText("No calls match these filters.");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows).toHaveCount(2);

  // Dates: nothing was created tomorrow; today holds both.
  const day = (offset: number) => {
    const d = new Date(Date.now() + offset * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };
  await page.getByLabel("From", { exact: true }).fill(day(1));
  await expect(page.getByTestId("calls-empty")).toBeVisible();
  await page.getByLabel("From", { exact: true }).fill(day(0));
  await page.getByLabel("To", { exact: true }).fill(day(0));
  await expect(page).toHaveURL(/[?&]to=/);
  await expect(rows).toHaveCount(2);

  // A row opens the call.
  await page.locator(`tr[data-call-id="${failed}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/calls/${failed}$`));
  await expect(page.getByTestId("call-status")).toHaveText("failed");
  await expect(page.getByTestId("error-banner")).toContainText("openai (tts): unreachable");
});
