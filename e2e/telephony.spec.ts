import { expect, test } from "@playwright/test";
import { signUp } from "./support";

// Phone numbers and SIP trunks in the portal: a trunk with masked credentials, a number
// attached to an assistant and the trunk, the settings for the SIP provider with copy
// buttons, deactivation, and a bad number explained next to its field.

test("SIP trunk and phone number: register, see the provider settings, copy the SIP URI, deactivate", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, { organization: "Phone Line Ltd" });
  const created = await page.request.post("/api/v1/assistants", { data: { name: "Reception desk" } });
  expect(created.status()).toBe(201);

  // The trunk: its password is stored, never shown.
  await page.locator("aside").getByRole("link", { name: "SIP trunks" }).click();
  await expect(page).toHaveURL(/\/sip-trunks$/);
  await expect(page.getByText("No SIP trunks yet.")).toBeVisible();
  await page.getByRole("button", { name: "New SIP trunk" }).click();
  await page.getByLabel("Trunk name").fill("Carrier NL");
  await page.getByLabel("Provider (optional)").fill("Example Telecom");
  await page.getByLabel("Outbound address").fill("sip.carrier.example:5060");
  await page.getByLabel("Transport").selectOption("tcp");
  await page.getByLabel("Inbound addresses").fill("203.0.113.0/24\n198.51.100.7");
  await page.getByLabel("Username (optional)").fill("phone-line");
  await page.getByLabel("Password").fill("trunk-secret-42");
  await page.getByRole("button", { name: "Create trunk" }).click();
  const trunkRow = page.locator('[data-sip-trunk="Carrier NL"]');
  await expect(trunkRow).toContainText("sip.carrier.example:5060 (TCP)");
  await expect(trunkRow).toContainText("203.0.113.0/24, 198.51.100.7");
  await expect(trunkRow.getByTestId("trunk-credentials")).toHaveText("phone-line · ••••••••");
  await expect(trunkRow).toContainText("Active");
  await expect(page.locator("body")).not.toContainText("trunk-secret-42");

  // The number: a national number is refused next to its field, then registered in E.164.
  await page.locator("aside").getByRole("link", { name: "Phone numbers" }).click();
  await expect(page).toHaveURL(/\/phone-numbers$/);
  await expect(page.getByText("No phone numbers yet.")).toBeVisible();
  await page.getByRole("button", { name: "Register a number" }).click();
  await page.getByLabel("Phone number").fill("020 123 4567");
  await page.getByLabel("Assistant").selectOption({ label: "Reception desk" });
  await page.getByLabel("SIP trunk").selectOption({ label: "Carrier NL" });
  await page.getByRole("button", { name: "Register number" }).click();
  const phoneError = page.locator('[data-field-error="number-phone"]');
  await expect(phoneError).toContainText("E.164");
  await expect(page.getByText("No phone numbers yet.")).toBeVisible();
  await page.getByLabel("Phone number").fill("+31 20 123 4567");
  await expect(phoneError).toHaveCount(0);
  await page.getByRole("button", { name: "Register number" }).click();

  const card = page.locator('[data-number="+31201234567"]');
  await expect(card.getByTestId("number-assistant")).toHaveText("Reception desk");
  await expect(card.getByTestId("number-trunk")).toHaveText("Carrier NL");
  await expect(card.getByTestId("number-status")).toHaveText("Active");
  await expect(card.getByTestId("sip-uri")).toHaveText("sip:+31201234567@127.0.0.1:5060");
  await expect(card.getByTestId("sip-server")).toHaveText("127.0.0.1:5060");
  await expect(card.getByTestId("sip-transport")).toHaveText("TCP");
  await expect(card.getByTestId("sip-allowed")).toHaveText("203.0.113.0/24, 198.51.100.7");
  await expect(card.getByTestId("sip-auth")).toContainText("phone-line");
  await card.getByRole("button", { name: "Copy SIP URI" }).click();
  await expect(card.getByRole("button", { name: "Copy SIP URI" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("sip:+31201234567@127.0.0.1:5060");

  // Registering the same number again is refused at the field (409 from the API).
  await page.getByRole("button", { name: "Register a number" }).click();
  await page.getByLabel("Phone number").fill("+31201234567");
  await page.getByRole("button", { name: "Register number" }).click();
  await expect(phoneError).toContainText("+31201234567 is already registered");
  await page.getByRole("button", { name: "Cancel" }).click();

  // Deactivated: shown, and stored.
  await card.getByRole("button", { name: "Deactivate" }).click();
  await expect(card.getByTestId("number-status")).toHaveText("Inactive");
  await expect(card.getByRole("button", { name: "Activate" })).toBeVisible();
  const listed = (await (await page.request.get("/api/v1/numbers")).json()) as { numbers: { phone_number: string; is_active: boolean; agent_name: string }[] };
  expect(listed.numbers).toEqual([expect.objectContaining({ phone_number: "+31201234567", is_active: false, agent_name: "Reception desk" })]);
});
