import { expect, test } from "@playwright/test";
import { signUp } from "./support";

// A campaign in the portal: create it, import a CSV with a preview of its first rows and
// column mapping, read the import report, and see the leads and the counters.

test("campaign: create, import a CSV with preview and report, see the leads", async ({ page }) => {
  await signUp(page, { organization: "Outbound Ltd" });
  expect((await page.request.post("/api/v1/assistants", { data: { name: "Renewals caller" } })).status()).toBe(201);
  const trunk = await page.request.post("/api/v1/sip-trunks", { data: { name: "Carrier", outbound_address: "sip.carrier.example" } });
  expect(trunk.status()).toBe(201);
  const number = await page.request.post("/api/v1/numbers", { data: { phone_number: "+31201110000", transfer_trunk_id: (await trunk.json()).trunk.id } });
  expect(number.status()).toBe(201);
  // Made through the API behind the portal's back: load the portal again to see them.
  await page.reload();

  await page.locator("aside").getByRole("link", { name: "Campaigns" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.getByRole("button", { name: "New campaign" }).click();
  await page.getByLabel("Name").fill("December renewals");
  await page.getByLabel("Assistant").selectOption({ label: "Renewals caller" });
  await page.getByLabel("Caller ID (number with an outbound trunk)").selectOption({ label: "+31201110000" });
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "December renewals" })).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveText("draft");

  const csv = "Phone;Name;Plan\n020 123 4501;Ann;gold\nnot-a-number;Bob;silver\n020 123 4502;Carl;bronze\n";
  await page.getByLabel("CSV file").setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const preview = page.getByTestId("csv-preview");
  await expect(preview.locator("th").nth(0)).toContainText("phone number");
  await expect(preview.locator("th").nth(1)).toContainText("name");
  await expect(preview.locator("th").nth(2)).toContainText("variable");
  await expect(preview.locator("tbody tr")).toHaveCount(3);
  await page.getByLabel("Default country").fill("NL");
  await page.getByRole("button", { name: "Import leads" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("2 imported");
  await expect(report).toContainText("Row 3: invalid phone number: not-a-number");

  const leads = page.getByTestId("leads-table");
  await expect(leads.locator('[data-lead="+31201234501"]')).toContainText("Ann");
  await expect(leads.locator('[data-lead="+31201234502"]')).toContainText("pending");
  await expect(page.getByTestId("campaign-counters").locator('[data-counter="Total"]')).toHaveText("2");
});
