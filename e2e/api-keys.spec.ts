import { expect, test } from "@playwright/test";
import { env, signUp } from "./support";

// API keys made in the portal, used from outside it (Node's fetch, like an integrator).
function apiWith(key: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(`${env("E2E_APP_URL")}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });
}

test("an API key created in the portal works against /api/v1 until it is revoked there", async ({ page }) => {
  await signUp(page, { organization: "Key Holders Ltd" });
  const sidebar = page.locator("aside");
  await sidebar.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/api-keys$/);
  await expect(page.getByText("No API keys yet.")).toBeVisible();

  // An empty name is explained; a named key is shown once.
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.locator('[data-field-error="api-key-name"]')).toHaveText("Name is required");
  await page.getByLabel("Key name").fill("Nightly sync");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByTestId("new-api-key-notice")).toContainText("you won’t see it again");
  const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^sb_live_[A-Za-z0-9_-]{32}$/);
  const row = page.locator("[data-api-key-id]").filter({ hasText: "Nightly sync" });
  await expect(row).toContainText(`${key.slice(0, 14)}…`);
  await expect(row.getByTestId("key-access")).toHaveText("Full access");
  await expect(row.getByTestId("last-used")).toHaveText("Never");

  const api = apiWith(key);
  const created = await api("/assistants", { method: "POST", body: JSON.stringify({ name: "Made over the API" }) });
  expect(created.status).toBe(201);
  const list = await api("/assistants");
  expect(list.status).toBe(200);
  const { assistants } = (await list.json()) as { assistants: { name: string }[] };
  expect(assistants.map((a) => a.name)).toEqual(["Made over the API"]);
  expect(list.headers.get("x-ratelimit-limit")).toBe("100");
  // Two requests so far (one, if a new minute began between them).
  expect(["98", "99"]).toContain(list.headers.get("x-ratelimit-remaining"));
  const reset = Number(list.headers.get("x-ratelimit-reset"));
  expect(reset).toBeGreaterThan(Date.now() / 1000);
  expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);

  // The portal's own session has its separate, larger limit.
  const portal = await page.request.get("/api/v1/assistants");
  expect(portal.status()).toBe(200);
  expect(portal.headers()["x-ratelimit-limit"]).toBe("1000");

  // Leaving the page hides the key for good; the list shows the prefix and the last use.
  await page.goto("/assistants");
  await expect(page.getByTestId("assistants-table")).toContainText("Made over the API");
  await sidebar.getByRole("link", { name: "API keys" }).click();
  await expect(row.getByTestId("last-used")).not.toHaveText("Never");
  await expect(page.getByText(key)).toHaveCount(0);

  await row.getByRole("button", { name: "Revoke Nightly sync" }).click();
  await row.getByRole("button", { name: "Cancel" }).click();
  await row.getByRole("button", { name: "Revoke Nightly sync" }).click();
  await row.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByText("No API keys yet.")).toBeVisible();

  const refused = await api("/assistants");
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("api_key_revoked");
});

test("keys made read-only or with custom scopes in the portal hold exactly those permissions", async ({ page }) => {
  await signUp(page, { organization: "Scoped Keys Ltd" });
  await page.locator("aside").getByRole("link", { name: "API keys" }).click();
  const made = await page.request.post("/api/v1/assistants", { data: { name: "Existing assistant" } });
  expect(made.status()).toBe(201);

  async function createKey(name: string, access: "Read only" | "Custom", permissions: string[] = []) {
    await page.getByLabel("Key name").fill(name);
    await page.getByRole("radio", { name: new RegExp(`^${access}`) }).check();
    for (const permission of permissions) await page.getByTestId("api-key-permissions").getByLabel(permission, { exact: true }).check();
    await page.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByTestId("new-api-key-notice")).toContainText(name);
    const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
    await page.getByRole("button", { name: "I have stored the key" }).click();
    return key;
  }

  // Custom with nothing ticked is explained before anything is sent.
  await page.getByLabel("Key name").fill("Empty");
  await page.getByRole("radio", { name: /^Custom/ }).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.locator('[data-field-error="api-key-scopes"]')).toHaveText("Tick at least one permission");

  const reader = apiWith(await createKey("Dashboard", "Read only"));
  const builder = apiWith(await createKey("Builder", "Custom", ["assistants.read", "assistants.write"]));
  const rows = page.locator("[data-api-key-id]");
  await expect(rows.filter({ hasText: "Dashboard" }).getByTestId("key-access")).toHaveText("Read only");
  await expect(rows.filter({ hasText: "Builder" }).getByTestId("key-access")).toHaveText("assistants.read, assistants.write");

  expect((await reader("/assistants")).status).toBe(200);
  const refused = await reader("/assistants", { method: "POST", body: JSON.stringify({ name: "Not allowed" }) });
  expect(refused.status).toBe(403);
  const { error } = (await refused.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe("forbidden");
  expect(error.message).toContain("assistants.write");

  expect((await builder("/assistants", { method: "POST", body: JSON.stringify({ name: "Built by key" }) })).status).toBe(201);
  const noCalls = await builder("/calls");
  expect(noCalls.status).toBe(403);
  expect(((await noCalls.json()) as { error: { message: string } }).error.message).toContain("calls.read");
});

test("the API reference shows every operation from the OpenAPI document", async ({ page }) => {
  await signUp(page);
  await page.locator("aside").getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  const create = page.locator('[data-operation="post /api-keys"]');
  await expect(create).toContainText("/api/v1/api-keys");
  await expect(create).toContainText("Create an API key");
  await expect(create.locator('[data-field="name"]')).toContainText("required");

  const createAssistant = page.locator('[data-operation="post /assistants"]');
  await expect(createAssistant.locator('[data-field="llm_config.temperature"]')).toContainText("number");
  await expect(createAssistant.locator('[data-status="429"]')).toContainText("Rate limit exceeded");
  await expect(page.locator('[data-operation="get /agents"]')).toContainText("deprecated");
  await expect(page.locator('[data-operation="get /health"]')).toContainText("no authentication");

  const doc = (await (await page.request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  // A path item holds its operations by method (and the path parameters they share).
  const methods = ["get", "post", "put", "patch", "delete"];
  const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => methods.includes(k)).length, 0);
  expect(count).toBeGreaterThan(40);
  await expect(page.locator("[data-operation]")).toHaveCount(count);
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Calls" }).click();
  await expect(page).toHaveURL(/#tag-calls$/);
});
