// The whole voice runtime through the real stack: a browser test call in which the fake LLM
// calls a custom tool, the tool webhook (a loopback receiver that verifies the signature)
// answers, the agent speaks the result, a `say` control command is heard, and the
// end-of-call report arrives signed, with the transcript, the analysis and a playable recording.
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { getFfmpegPath } from "@livekit/av";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "../lib/webhooks/signature";
import { E2E } from "./e2e-config";
import { env, signUp } from "./support";

interface Received {
  path: string;
  event: string | undefined;
  verified: boolean;
  idempotencyKey: string | undefined;
  body: { message: Record<string, unknown> & { type: string } };
}

const TOOL_RESULT = "Twelve croissants are left in stock.";
const SPOKEN_TOOL_ANSWER = "Good news, we still have twelve croissants today.";
const SAY_TEXT = "Your order number is forty two.";

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A customer's webhook server on loopback: verifies every signature and answers tool calls. */
async function startReceiver(secret: string) {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const verified = verifyWebhookSignature({
      secret,
      rawBody: raw,
      signature: req.headers["x-webhook-signature"] as string | undefined,
      timestamp: req.headers["x-webhook-timestamp"] as string | undefined,
    });
    const body = JSON.parse(raw) as Received["body"];
    received.push({
      path: req.url ?? "/",
      event: req.headers["x-webhook-event"] as string | undefined,
      verified,
      idempotencyKey: req.headers["x-webhook-id"] as string | undefined,
      body,
    });
    res.setHeader("content-type", "application/json");
    if (!verified) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: "bad signature" }));
      return;
    }
    if (body.message.type === "tool-calls") {
      const calls = body.message.tool_call_list as Array<{ id: string }>;
      res.end(JSON.stringify({ results: calls.map((c) => ({ tool_call_id: c.id, result: TOOL_RESULT })) }));
      return;
    }
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    of: (type: string) => received.filter((r) => r.body.message.type === type),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The recording (WAV or Ogg/Opus) -> 16 kHz stereo PCM with the ffmpeg the agents framework ships; counts loud samples per channel. */
function decodeToStereoPcm(recording: Buffer) {
  const ffmpeg = getFfmpegPath();
  if (!ffmpeg) throw new Error("@livekit/av ships no ffmpeg for this platform");
  const out = spawnSync(ffmpeg, ["-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "2", "-ar", "16000", "pipe:1"], {
    input: recording,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`ffmpeg could not decode the recording: ${out.stderr.toString()}`);
  const pcm = out.stdout;
  let loudLeft = 0;
  let loudRight = 0;
  for (let i = 0; i + 3 < pcm.length; i += 4) {
    if (Math.abs(pcm.readInt16LE(i)) > 1000) loudLeft++;
    if (Math.abs(pcm.readInt16LE(i + 2)) > 1000) loudRight++;
  }
  return { seconds: pcm.length / 4 / 16000, loudLeft, loudRight };
}

async function fakeControl(path: string, body: unknown) {
  const res = await fetch(`${env("E2E_OPENAI_URL")}/../__fake/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`fake ${path}: ${res.status}`);
}

async function fakeTts(): Promise<string[]> {
  return (await (await fetch(`${env("E2E_OPENAI_URL")}/../__fake/tts`)).json()) as string[];
}

async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    { method, path, body },
  );
}

test("tool webhook, say command and a signed end-of-call report with analysis and recording", async ({ page }) => {
  test.setTimeout(180_000);
  const secret = `whsec_${randomBytes(12).toString("hex")}`;
  const marker = `Croissant desk ${randomBytes(3).toString("hex")}`;
  const receiver = await startReceiver(secret);
  try {
    await signUp(page);
    const created = await api<{ assistant: { id: string } }>(page, "POST", "/api/v1/assistants", {
      name: "Stock line",
      first_message: "Hello, croissant desk here.",
      webhook_url: `${receiver.url}/events`,
      webhook_secret: secret,
      stt_config: { provider: "deepgram", model: "nova-3-general", language: "en", base_url: env("E2E_DEEPGRAM_URL") },
      llm_config: {
        provider: "openai-compatible",
        model: "fake-model",
        base_url: env("E2E_OPENAI_URL"),
        messages: [{ role: "system", content: `You are the ${marker}. Use check_stock for stock questions.` }],
        tools: [
          {
            type: "function",
            function: {
              name: "check_stock",
              description: "How many of an item are left",
              parameters: { type: "object", properties: { item: { type: "string" } }, required: ["item"] },
            },
            server: { url: `${receiver.url}/tools`, secret },
          },
        ],
      },
      tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: env("E2E_OPENAI_URL") },
      analysis_plan: {
        structured_data_plan: {
          enabled: true,
          schema: {
            type: "object",
            properties: { item: { type: "string" }, in_stock: { type: "boolean" } },
            required: ["item", "in_stock"],
          },
        },
        min_messages_threshold: 2,
      },
    });
    expect(created.status).toBe(201);
    const assistantId = created.json.assistant.id;

    // The fake LLM: the caller's question (under this assistant's prompt) -> a tool call; the
    // tool's result -> the spoken answer; the JSON-mode analysis request -> structured data.
    await fakeControl("replies", {
      replies: [
        { match: marker, toolCalls: [{ name: "check_stock", arguments: { item: "croissant" } }] },
        { match: TOOL_RESULT, content: SPOKEN_TOOL_ANSWER },
        { match: SPOKEN_TOOL_ANSWER, json: true, content: JSON.stringify({ item: "croissant", in_stock: true }) },
      ],
    });

    await page.goto(`/assistants/${assistantId}`);
    await page.getByRole("button", { name: "Test call" }).click();
    await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "live", { timeout: 30_000 });
    const transcript = page.getByTestId("live-transcript");
    await expect(transcript.locator('[data-speaker="user"]').first()).toContainText(E2E.sttTranscript, { timeout: 40_000 });

    // The tool webhook was called, signed, with the HMS payload; its result is spoken.
    await expect.poll(() => receiver.of("tool-calls").length, { timeout: 20_000 }).toBeGreaterThan(0);
    const toolCall = receiver.of("tool-calls")[0]!;
    expect(toolCall.path).toBe("/tools");
    expect(toolCall.verified).toBe(true);
    expect(toolCall.event).toBe("tool-calls");
    const list = toolCall.body.message.tool_call_list as Array<{ type: string; function: { name: string; arguments: unknown } }>;
    expect(list[0]).toMatchObject({ type: "function", function: { name: "check_stock", arguments: { item: "croissant" } } });
    await expect(transcript.locator('[data-speaker="agent"]').filter({ hasText: SPOKEN_TOOL_ANSWER })).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => (await fakeTts()).some((t) => t.includes(SPOKEN_TOOL_ANSWER)), { timeout: 10_000 }).toBe(true);

    // A `say` command from the portal's live controls is synthesised and heard (as a new
    // burst of agent audio, so first let the answer finish playing).
    await expect(page.getByTestId("agent-state")).toHaveAttribute("data-state", "listening", { timeout: 20_000 });
    await page.waitForTimeout(1500);
    const burstsBefore = Number(await page.getByTestId("agent-level").getAttribute("data-bursts"));
    await page.getByLabel("Say…").fill(SAY_TEXT);
    await page.getByRole("button", { name: "Say", exact: true }).click();
    await expect(page.getByTestId("control-say-result")).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId("control-say-result")).toHaveAttribute("role", "status");
    await expect.poll(async () => (await fakeTts()).some((t) => t.includes(SAY_TEXT)), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(async () => Number(await page.getByTestId("agent-level").getAttribute("data-bursts")), { timeout: 15_000 })
      .toBeGreaterThan(burstsBefore);
    await expect(transcript.locator('[data-speaker="agent"]').filter({ hasText: SAY_TEXT })).toBeVisible({ timeout: 15_000 });

    await page.getByRole("button", { name: "Hang up" }).click();
    await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "ended");

    // The end-of-call report: signed, with transcript, summary, analysis and a recording.
    await expect.poll(() => receiver.of("end-of-call-report").length, { timeout: 60_000 }).toBe(1);
    const report = receiver.of("end-of-call-report")[0]!;
    expect(report.path).toBe("/events");
    expect(report.verified).toBe(true);
    expect(report.idempotencyKey).toBeTruthy();
    const message = report.body.message as Record<string, unknown>;
    const messages = message.messages as Array<{ role: string; content: string }>;
    expect(messages.some((m) => m.role === "user" && m.content.includes(E2E.sttTranscript))).toBe(true);
    expect(messages.some((m) => m.role === "assistant" && m.content.includes(SPOKEN_TOOL_ANSWER))).toBe(true);
    expect(message.end_reason).toBe("user_hangup");
    expect(Number(message.duration_seconds)).toBeGreaterThan(0);
    expect(String(message.summary ?? "")).not.toBe("");
    expect(message.analysis).toEqual({ item: "croissant", in_stock: true });

    // The recording URL is signed: the receiver fetches it without an API key.
    const recording = await fetch(String(message.recording_url));
    expect(recording.status).toBe(200);
    expect(recording.headers.get("content-type")).toMatch(/^audio\//);
    const audio = Buffer.from(await recording.arrayBuffer());
    // WAV by default (WORKER_RECORDING_FORMAT=ogg gives Ogg/Opus).
    expect(["RIFF", "OggS"]).toContain(audio.subarray(0, 4).toString("latin1"));
    // Decoded, it holds both voices: the caller on the left channel, the agent on the right.
    const pcm = decodeToStereoPcm(audio);
    expect(pcm.seconds).toBeGreaterThan(5);
    expect(pcm.loudLeft).toBeGreaterThan(8000);
    expect(pcm.loudRight).toBeGreaterThan(8000);

    // Status updates went out in order, all signed.
    const statuses = receiver.of("status-update").map((r) => (r.body.message.call as { status: string }).status);
    expect(statuses).toEqual(["in-progress", "ended"]);
    expect(receiver.of("status-update").every((r) => r.verified)).toBe(true);

    // The call log shows the tool call, the analysis and the recording.
    await page.getByRole("link", { name: "View in call log" }).click();
    await expect(page.getByTestId("call-status")).toHaveText("ended", { timeout: 20_000 });
    await expect(page.getByTestId("tool-call").first()).toHaveAttribute("data-tool-name", "check_stock");
    await expect(page.getByTestId("tool-call-result").first()).toContainText(TOOL_RESULT);
    await expect(page.getByTestId("analysis-fields")).toContainText("in_stock", { timeout: 20_000 });
    await expect(page.getByTestId("call-recording")).toBeVisible();
  } finally {
    await receiver.close();
  }
});
