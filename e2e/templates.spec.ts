import { expect, test } from "@playwright/test";
import { signUp } from "./support";

// Tool and analysis templates in the portal: JSON Schemas are checked next to the field as
// they are typed; a template in use cannot be deleted. (Sorts before test-call.spec.ts.)

test("tool templates: create with a checked parameters schema, list, refuse deleting one in use", async ({ page }) => {
  await signUp(page, { organization: "Template Makers Ltd" });
  await page.locator("aside").getByRole("link", { name: "Tool templates" }).click();
  await expect(page).toHaveURL(/\/tool-templates$/);
  await expect(page.getByText("No tool templates yet.")).toBeVisible();

  await page.getByRole("button", { name: "New tool template" }).click();
  await page.getByLabel("Template name").fill("Calendar lookup");
  await page.locator("#tool-template-function-name").fill("check_availability");
  await page.locator("#tool-template-function-description").fill("Find free appointment slots for a day");
  await page.locator("#tool-template-server-url").fill("https://example.com/tools/availability");

  const parameters = page.locator("#tool-template-parameters");
  const parametersError = page.locator('[data-field-error="tool-template-parameters"]');
  await parameters.fill('{ "type": "object", "properties": { "day": { "type": "text" } } }');
  await expect(parametersError).toContainText("Not a valid JSON Schema: schema/properties/day/type must be equal to one of the allowed values");
  await parameters.fill('{ "type": "object", ');
  await expect(parametersError).toContainText("Not valid JSON");
  // Nothing is saved while the schema is wrong.
  await page.getByRole("button", { name: "Create tool template" }).click();
  await expect(parametersError).toBeVisible();
  await expect(page.getByText("No tool templates yet.")).toBeVisible();

  await parameters.fill('{ "type": "object", "properties": { "day": { "type": "string", "description": "ISO date" } }, "required": ["day"] }');
  await expect(parametersError).toHaveCount(0);
  await page.getByRole("button", { name: "Create tool template" }).click();
  const row = page.locator('[data-tool-template="Calendar lookup"]');
  await expect(row).toContainText("check_availability() → https://example.com/tools/availability");
  await expect(row).toContainText("Function (webhook)");

  // A transfer template: a bad number is explained next to its field.
  await page.getByRole("button", { name: "New tool template" }).click();
  await page.getByLabel("Template name").fill("Sales line");
  await page.getByLabel("Tool type").selectOption("transfer_call");
  await page.locator("#tool-template-destination-0-number").fill("0612345678");
  await page.getByRole("button", { name: "Create tool template" }).click();
  await expect(page.locator('[data-field-error="tool-template-destination-0-number"]')).toContainText("E.164");
  await page.locator("#tool-template-destination-0-number").fill("+31850835037");
  await page.getByRole("button", { name: "Create tool template" }).click();
  await expect(page.locator('[data-tool-template="Sales line"]')).toContainText("+31850835037");

  // The same name again is a conflict, shown at the name.
  await page.getByRole("button", { name: "New tool template" }).click();
  await page.getByLabel("Template name").fill("Sales line");
  await page.getByLabel("Tool type").selectOption("end_call");
  await page.getByRole("button", { name: "Create tool template" }).click();
  await expect(page.locator('[data-field-error="tool-template-name"]')).toContainText('A tool template named "Sales line" already exists');
  await page.getByRole("button", { name: "Cancel" }).click();

  // An assistant that uses the template keeps it from being deleted.
  const list = await page.request.get("/api/v1/tool-templates");
  const { tool_templates } = (await list.json()) as { tool_templates: { id: string; name: string }[] };
  const calendar = tool_templates.find((t) => t.name === "Calendar lookup")!;
  const created = await page.request.post("/api/v1/assistants", { data: { name: "Booking line", tool_template_ids: [calendar.id] } });
  expect(created.status()).toBe(201);
  await row.getByRole("button", { name: "Delete Calendar lookup" }).click();
  await row.getByRole("button", { name: "Confirm delete" }).click();
  await expect(row.getByTestId("delete-error")).toHaveText("Tool template is used by 1 assistant(s): Booking line");
  await expect(row).toBeVisible();

  const sales = page.locator('[data-tool-template="Sales line"]');
  await sales.getByRole("button", { name: "Delete Sales line" }).click();
  await sales.getByRole("button", { name: "Confirm delete" }).click();
  await expect(sales).toHaveCount(0);
});

test("analysis templates: create with a checked schema and list", async ({ page }) => {
  await signUp(page, { organization: "Analysts Ltd" });
  await page.locator("aside").getByRole("link", { name: "Analysis templates" }).click();
  await expect(page).toHaveURL(/\/analysis-templates$/);
  await expect(page.getByText("No analysis templates yet.")).toBeVisible();

  await page.getByRole("button", { name: "New analysis template" }).click();
  await page.getByLabel("Template name").fill("Lead intake");
  const schema = page.locator("#analysis-template-schema");
  const schemaError = page.locator('[data-field-error="analysis-template-schema"]');
  await schema.fill('{ "type": "object", "required": "intent" }');
  await expect(schemaError).toContainText("schema/required must be array");
  await page.getByRole("button", { name: "Create analysis template" }).click();
  await expect(schemaError).toBeVisible();
  await expect(page.getByText("No analysis templates yet.")).toBeVisible();

  await schema.fill('{ "type": "object", "properties": { "intent": { "type": "string" }, "budget": { "type": "number" } }, "required": ["intent"] }');
  await expect(schemaError).toHaveCount(0);
  await page.locator("#analysis-message-1-content").fill("{{transcript}} ({{ended_reson}})");
  await expect(page.getByTestId("unknown-placeholders")).toContainText("{{ended_reson}}");
  await page.locator("#analysis-message-1-content").fill("{{transcript}} ({{ended_reason}})");
  await expect(page.getByTestId("unknown-placeholders")).toHaveCount(0);
  await page.getByLabel("Minimum transcript messages").fill("4");
  await page.getByRole("button", { name: "Create analysis template" }).click();

  const row = page.locator('[data-analysis-template="Lead intake"]');
  // (PostgreSQL's jsonb keeps object keys in its own order, not the order typed.)
  await expect(row).toContainText("budget, intent");

  // Editing keeps what was saved.
  await row.getByRole("button", { name: "Edit Lead intake" }).click();
  await expect(page.locator("#analysis-template-threshold")).toHaveValue("4");
  await expect(schema).toHaveValue(/"budget"/);
  await page.getByRole("button", { name: "Cancel" }).click();
});
