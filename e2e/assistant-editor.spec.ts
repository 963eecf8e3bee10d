import { expect, test } from "@playwright/test";
import { env, signUp } from "./support";

test("create and edit an assistant through the editor", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "New assistant" }).click();

  // Validation runs on the client with the API's schema and lands next to each field.
  await page.getByRole("button", { name: "Create assistant" }).click();
  await expect(page.locator('[data-field-error="f-name"]')).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("Dental front desk");
  await page.getByLabel("Business name").fill("Smile Clinic");

  // Draft with AI: the platform's language model (the fake) writes the prompt and greeting.
  const generated = { system_prompt: "You are the Smile Clinic receptionist.", first_message: "Smile Clinic, good morning!" };
  await fetch(new URL("../__fake/replies", env("E2E_OPENAI_URL") + "/"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ replies: [JSON.stringify(generated)] }),
  });
  await page.getByRole("button", { name: "Draft with AI" }).click();
  await page.getByLabel("Describe the business").fill("A dental clinic; callers book and move appointments.");
  await page.getByRole("button", { name: "Generate prompt and greeting" }).click();
  await expect(page.getByLabel("First message")).toHaveValue(generated.first_message);
  await expect(page.getByLabel("System prompt")).toHaveValue(generated.system_prompt);

  await page.getByLabel("System prompt").fill("You answer for {{clinic_name}}. Greet {{ caller_name }} warmly.");
  await expect(page.getByTestId("prompt-preview").locator("mark")).toHaveText(["{{clinic_name}}", "{{ caller_name }}"]);

  await page.locator("#f-stt_config-language").selectOption("nl");
  await page.locator("#f-stt_config-keyterms").fill("Smile, afspraak");
  await page.locator("#f-stt_config-keyterms").blur();
  await page.locator("#f-tts_config-stability").fill("1.5");
  await page.getByRole("button", { name: "Create assistant" }).click();
  await expect(page.locator('[data-field-error="f-tts_config-stability"]')).toBeVisible();
  await page.locator("#f-tts_config-stability").fill("0.4");

  // Tools: a webhook function with a JSON Schema for its parameters, and the built-in end call.
  await page.getByRole("button", { name: "Add function (webhook)" }).click();
  await page.locator("#tool-0-function-name").fill("book_appointment");
  await page.locator("#tool-0-function-description").fill("Books an appointment slot");
  await page.locator("#tool-0-server-url").fill("https://hooks.example.com/book");
  await page.locator("#tool-0-parameters").fill('{"type":"object","properties":{"date":{"type":"string"}},"required":["date"]}');
  await page.getByRole("button", { name: "Add end call" }).click();

  // Post-call analysis: the schema is checked as JSON Schema while typing.
  await page.getByLabel("Extract structured data after each call").check();
  const schema = page.locator("#f-analysis_plan-structured_data_plan-schema");
  await schema.fill('{"type":"object","properties":{"intent":{"type":"strin"}}}');
  await expect(page.locator('[data-field-error="f-analysis_plan-structured_data_plan-schema"]')).toBeVisible();
  await schema.fill('{"type":"object","properties":{"intent":{"type":"string"}}}');
  await expect(page.locator('[data-field-error="f-analysis_plan-structured_data_plan-schema"]')).toBeHidden();

  await page.locator("#f-webhook_url").fill("https://hooks.example.com/smile");
  await page.locator("#f-webhook_secret").fill("whsec_editor_test");
  await page.getByLabel("end-of-call-report").check();
  await page.locator("#f-max_duration_seconds").fill("900");
  await page.getByRole("button", { name: "Create assistant" }).click();
  await expect(page).toHaveURL(/\/assistants\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;

  // What the editor saved is what the API returns (the secret only masked).
  const saved = await page.evaluate(async (assistantId) => (await (await fetch(`/api/v1/assistants/${assistantId}`)).json()).assistant, id);
  expect(saved).toMatchObject({
    name: "Dental front desk",
    business_name: "Smile Clinic",
    webhook_url: "https://hooks.example.com/smile",
    webhook_secret: "********",
    webhook_events: ["end-of-call-report"],
    max_duration_seconds: 900,
    stt_config: { language: "nl", keyterms: ["Smile", "afspraak"] },
    tts_config: { stability: 0.4 },
    llm_config: {
      messages: [{ role: "system", content: "You answer for {{clinic_name}}. Greet {{ caller_name }} warmly." }],
      tools: [
        {
          type: "function",
          function: { name: "book_appointment", description: "Books an appointment slot", parameters: { type: "object", required: ["date"] } },
          server: { url: "https://hooks.example.com/book" },
        },
        { type: "end_call" },
      ],
    },
    analysis_plan: { structured_data_plan: { enabled: true, schema: { type: "object", properties: { intent: { type: "string" } } } } },
  });

  // Edit: the unsaved-changes guard asks before leaving; saving clears it.
  await page.locator("#f-llm_config-temperature").fill("1.3");
  await expect(page.getByTestId("unsaved")).toBeVisible();
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("link", { name: "Call log" }).click();
  await expect(page).toHaveURL(new RegExp(`/assistants/${id}$`));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("unsaved")).toBeHidden();
  await page.reload();
  await expect(page.locator("#f-llm_config-temperature")).toHaveValue("1.3");
  await expect(page.locator("#f-webhook_secret")).toHaveAttribute("placeholder", "••••••••");

  // Cross-field rules of the schema (an openai-compatible model needs a base URL) land at the field.
  await page.locator("#f-llm_config-provider").selectOption("openai-compatible");
  await page.locator("#f-llm_config-base_url").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator('[data-field-error="f-llm_config-base_url"]')).toContainText("base_url is required");
});
