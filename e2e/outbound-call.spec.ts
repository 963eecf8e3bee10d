import { expect, test } from "@playwright/test";
import { signUp } from "./support";

// "Call a phone" on the assistant page: without a number that can dial out it says what is
// missing; with one, a bad number is explained next to its field, a good one starts an
// outbound call (POST /calls/outbound) whose detail page shows the direction and who calls whom.

test("call a phone from the assistant page: what is missing, a bad number at its field, then an outbound call with its numbers", async ({ page }) => {
  await signUp(page, { organization: "Dial Out Ltd" });
  const created = await page.request.post("/api/v1/assistants", { data: { name: "Order line", first_message: "Hello, about your order" } });
  expect(created.status()).toBe(201);
  const assistantId = ((await created.json()) as { assistant: { id: string } }).assistant.id;

  await page.goto(`/assistants/${assistantId}`);
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "Call a phone" }) });
  await expect(panel.getByTestId("dial-out-unavailable")).toContainText("register a phone number on a SIP trunk with an outbound address");

  const trunk = await page.request.post("/api/v1/sip-trunks", { data: { name: "Carrier", outbound_address: "sip.carrier.example:5060" } });
  expect(trunk.status()).toBe(201);
  const trunkId = ((await trunk.json()) as { trunk: { id: string } }).trunk.id;
  const number = await page.request.post("/api/v1/numbers", { data: { phone_number: "+31201239999", name: "Sales", transfer_trunk_id: trunkId } });
  expect(number.status()).toBe(201);

  await page.reload();
  await page.getByLabel("Number to call").fill("+3112");
  await page.getByRole("button", { name: "Call this number" }).click();
  await expect(page.locator('[data-field-error="dial-out-destination"]')).toContainText("not a valid phone number");
  await expect(page.getByTestId("dial-out-started")).toHaveCount(0);

  await page.getByLabel("Number to call").fill("+31 6 1234 5678");
  await expect(page.locator('[data-field-error="dial-out-destination"]')).toHaveCount(0);
  await page.getByLabel("Call from").selectOption({ label: "+31201239999 — Sales" });
  await page.getByRole("button", { name: "Call this number" }).click();
  await expect(page.getByTestId("dial-out-started")).toContainText("Calling +31 6 1234 5678");

  await page.getByRole("link", { name: "Follow the call" }).click();
  await expect(page).toHaveURL(/\/calls\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Outbound call with Order line" })).toBeVisible();
  await expect(page.getByTestId("call-type")).toHaveText("Outbound");
  await expect(page.getByTestId("call-assistant-phone")).toHaveText("+31201239999");
  await expect(page.getByTestId("call-caller-phone")).toHaveText("+31612345678");

  await page.getByRole("link", { name: "← Call log" }).click();
  await expect(page.getByTestId("calls-table").locator("tbody tr").first().getByTestId("call-parties")).toHaveText("+31201239999 → +31612345678");
});
