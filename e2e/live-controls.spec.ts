import { expect, test } from "@playwright/test";
import { env, signUp } from "./support";

// Live call control from the test-call panel, through POST /api/v1/calls/{id}/control, the
// LiveKit room and the real worker: "Say…" is spoken by the agent, "End call" hangs up.

const GREETING = "Thanks for calling the bakery line.";
const SAID = "Your order of six croissants is ready for pickup.";

async function fakeJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

test("during a test call the agent says what it is told and the call can be ended from the panel", async ({ page }) => {
  await signUp(page);
  const created = await page.request.post("/api/v1/assistants", {
    data: {
      name: "Controlled line",
      first_message: GREETING,
      stt_config: { provider: "deepgram", base_url: env("E2E_DEEPGRAM_URL") },
      llm_config: { provider: "openai-compatible", model: "fake-model", base_url: env("E2E_OPENAI_URL") },
      tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: env("E2E_OPENAI_URL") },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { assistant } = (await created.json()) as { assistant: { id: string } };
  await page.goto(`/assistants/${assistant.id}`);

  // No controls before the call is live.
  await expect(page.getByTestId("live-call-controls")).toHaveCount(0);
  await page.getByRole("button", { name: "Test call" }).click();
  await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "live", { timeout: 30_000 });
  const transcript = page.getByTestId("live-transcript");
  await expect(transcript.locator('[data-speaker="agent"]').first()).toContainText(GREETING, { timeout: 20_000 });
  await expect(page.getByTestId("agent-state")).toBeVisible();

  const controls = page.getByTestId("live-call-controls");
  await controls.getByLabel("Say…").fill(SAID);
  await controls.getByRole("button", { name: "Say", exact: true }).click();
  await expect(controls.getByTestId("control-say-result")).toHaveText(/Say: (done by|sent to) the agent\./);
  await expect(controls.getByLabel("Say…")).toHaveValue("");
  // Spoken: synthesised by the TTS and shown in the live transcript as the agent's words.
  await expect(transcript.locator('[data-speaker="agent"]').filter({ hasText: SAID })).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await fakeJson<string[]>(`${env("E2E_OPENAI_URL")}/../__fake/tts`)).some((t) => t.includes(SAID))).toBe(true);

  await controls.getByRole("button", { name: "End call" }).click();
  await expect(page.getByTestId("call-phase")).toHaveAttribute("data-phase", "ended", { timeout: 20_000 });
  await expect(page.getByTestId("live-call-controls")).toHaveCount(0);

  // The call page has the said line in the stored transcript.
  await page.getByRole("link", { name: "View in call log" }).click();
  await expect(page.getByTestId("call-status")).toHaveText("ended", { timeout: 20_000 });
  await expect(page.getByTestId("call-transcript").locator('[data-role="assistant"]').filter({ hasText: SAID })).toHaveCount(1);
});
