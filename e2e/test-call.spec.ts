import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { E2E } from "./e2e-config";
import { env, signUp } from "./support";

const SYSTEM_MARKER = `You are the Fake Bakery assistant ${randomBytes(3).toString("hex")}.`;
const FIRST_MESSAGE = "Welcome to Fake Bakery, how can I help?";

async function fakeJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

async function createAssistant(page: Page, overrides: { ttsBaseUrl?: string; name?: string } = {}) {
  await page.getByRole("link", { name: "New assistant" }).click();
  await page.getByLabel("Name", { exact: true }).fill(overrides.name ?? "Bakery line");
  await page.getByLabel("First message").fill(FIRST_MESSAGE);
  await page.getByLabel("System prompt").fill(SYSTEM_MARKER);
  await page.locator("#f-stt_config-base_url").fill(env("E2E_DEEPGRAM_URL"));
  await page.locator("#f-llm_config-provider").selectOption("openai-compatible");
  await page.locator("#f-llm_config-model").fill("fake-model");
  await page.locator("#f-llm_config-base_url").fill(env("E2E_OPENAI_URL"));
  await page.locator("#f-tts_config-provider").selectOption("openai");
  await page.locator("#f-tts_config-model").fill("tts-1");
  await page.locator("#f-tts_config-voice_id").fill("alloy");
  await page.locator("#f-tts_config-base_url").fill(overrides.ttsBaseUrl ?? env("E2E_OPENAI_URL"));
  await page.getByRole("button", { name: "Create assistant" }).click();
  await expect(page).toHaveURL(/\/assistants\/[0-9a-f-]{36}$/);
}

// Tests run in file order (one worker); the worker-down test stops the worker, so it is last.

test("portal guards its pages and explains bad sign-in and sign-up input", async ({ page }) => {
  await page.goto("/assistants");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("error-banner")).toHaveText("Invalid email or password");

  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Second");
  await page.getByLabel("Organisation").fill("Other");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator('[data-field-error="password"]')).toContainText("at least 10 characters");
  await page.getByLabel("Password").fill("another-good-pass-7");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator('[data-field-error="email"]')).toHaveText("An account with this email already exists");
});

test("a test call reaches the live agent through the real stack", async ({ page }) => {
  const llmBefore = (await fakeJson<unknown[]>(`${env("E2E_OPENAI_URL")}/../__fake/requests`)).length;
  await signUp(page);
  await createAssistant(page);

  // Invalid input is explained next to the field and nothing is saved.
  await page.locator("#f-llm_config-temperature").fill("7");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator('[data-field-error="f-llm_config-temperature"]')).toBeVisible();
  await page.locator("#f-llm_config-temperature").fill("0.7");

  await page.getByRole("button", { name: "Test call" }).click();
  await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "live", { timeout: 30_000 });

  // The first message is heard: energy on the agent's remote audio track.
  await expect
    .poll(async () => Number(await page.getByTestId("agent-level").getAttribute("data-peak")), { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  const transcript = page.getByTestId("live-transcript");
  await expect(transcript.locator('[data-speaker="agent"]').first()).toContainText(FIRST_MESSAGE);

  // The caller's utterance (from the WAV) is transcribed and answered.
  await expect(transcript.locator('[data-speaker="user"]').first()).toContainText(E2E.sttTranscript, { timeout: 40_000 });
  await expect(transcript.locator('[data-speaker="agent"]').filter({ hasText: E2E.agentReply })).toBeVisible({ timeout: 20_000 });

  const llmRequests = (await fakeJson<{ messages: { role: string; content: unknown }[] }[]>(`${env("E2E_OPENAI_URL")}/../__fake/requests`)).slice(llmBefore);
  const lastRequest = llmRequests.at(-1)!;
  expect(lastRequest.messages.some((m) => m.role === "system" && String(m.content).includes(SYSTEM_MARKER))).toBe(true);
  expect(lastRequest.messages.some((m) => m.role === "user" && String(m.content).includes(E2E.sttTranscript))).toBe(true);

  const stt = await fakeJson<{ transcript: string }[]>(`${env("E2E_DEEPGRAM_CONTROL_URL")}/__fake/transcripts`);
  expect(stt.some((t) => t.transcript === E2E.sttTranscript)).toBe(true);

  // The reply is spoken: synthesised by the TTS and heard as audio after the reply started.
  const tts = await fakeJson<string[]>(`${env("E2E_OPENAI_URL")}/../__fake/tts`);
  expect(tts.some((t) => t.includes(E2E.agentReply))).toBe(true);
  // Two separate bursts of agent audio reached the browser: the greeting, then the reply.
  await expect
    .poll(async () => Number(await page.getByTestId("agent-level").getAttribute("data-bursts")), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(2);

  await page.getByRole("button", { name: "Hang up" }).click();
  await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "ended");

  // The call log shows the ended call with its duration and both sides of the conversation.
  await page.getByRole("link", { name: "View in call log" }).click();
  await expect(page.getByTestId("call-status")).toHaveText("ended", { timeout: 20_000 });
  await expect.poll(async () => Number(await page.getByTestId("call-duration").getAttribute("data-duration"))).toBeGreaterThan(0);
  await expect(page.getByTestId("call-end-reason")).toHaveText("user_hangup");
  const turns = page.getByTestId("call-transcript");
  await expect(turns.locator('[data-role="assistant"]').first()).toContainText(FIRST_MESSAGE);
  await expect(turns.locator('[data-role="user"]')).toContainText(E2E.sttTranscript);
  await expect(turns.locator('[data-role="assistant"]').filter({ hasText: E2E.agentReply })).toHaveCount(1);
  await page.getByRole("link", { name: "Call log" }).first().click();
  await expect(page.getByTestId("calls-table").locator("tbody tr")).toHaveCount(1);
});

test("an unreachable provider fails the call cleanly and the browser says which", async ({ page }) => {
  await signUp(page);
  // The organisation's own OpenAI key (BYOK) points at a server that is down.
  const saved = await page.evaluate(async () => {
    const res = await fetch("/api/v1/byok", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "openai", api_key: "sk-own-key", base_url: "http://127.0.0.1:9/v1" }),
    });
    return res.status;
  });
  expect(saved).toBe(201);
  await createAssistant(page, { name: "Broken voice", ttsBaseUrl: "" });
  await page.getByRole("button", { name: "Test call" }).click();
  await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "failed", { timeout: 45_000 });
  await expect(page.getByTestId("error-banner")).toContainText("openai (tts)");
  await page.getByRole("link", { name: "View in call log" }).click();
  await expect(page.getByTestId("call-status")).toHaveText("failed", { timeout: 20_000 });
  await expect(page.getByTestId("call-end-reason")).toHaveText("provider_error");
  await expect(page.getByTestId("error-banner")).toContainText("openai (tts)");
});

test("when the worker is down the browser shows that the agent did not join", async ({ page }) => {
  // Runs last: it stops the stack's worker process.
  process.kill(-Number(env("E2E_WORKER_PID")), "SIGTERM");
  await new Promise((r) => setTimeout(r, 2000));
  await signUp(page);
  await createAssistant(page, { name: "Nobody home" });
  await page.getByRole("button", { name: "Test call" }).click();
  await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "failed", { timeout: 35_000 });
  await expect(page.getByTestId("error-banner")).toContainText("The agent did not join the call");
  await page.getByRole("link", { name: "View in call log" }).click();
  await expect(page.getByTestId("call-status")).toHaveText("failed", { timeout: 30_000 });
  await expect(page.getByTestId("call-end-reason")).toHaveText("agent_did_not_join");
});
