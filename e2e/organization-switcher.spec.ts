import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";
import { env, signUp } from "./support";

// A user in two organisations switches between them in the app shell and sees each one's
// data. Sign-up makes one organisation per user, so the second membership is added in the
// database, as an invitation will once teams exist.

async function addAssistant(page: Page, name: string) {
  const res = await page.request.post("/api/v1/assistants", { data: { name } });
  expect(res.status()).toBe(201);
}

async function organizationOf(request: APIRequestContext): Promise<{ id: string; name: string }> {
  const res = await request.get("/api/v1/organizations");
  expect(res.status()).toBe(200);
  return (await res.json()) as { id: string; name: string };
}

async function sql(text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: env("E2E_DATABASE_URL") });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

test("a user with two organisations switches between them and sees each one's assistants", async ({ page, browser }) => {
  const owner = await signUp(page, { organization: "Harbour Dental" });
  await addAssistant(page, "Harbour receptionist");
  const harbour = await organizationOf(page.request);

  // Someone else's organisation, which our user then joins as a member.
  const other = await browser.newContext({ baseURL: env("E2E_APP_URL") });
  const otherPage = await other.newPage();
  await signUp(otherPage, { organization: "Summit Physio" });
  await addAssistant(otherPage, "Summit booking line");
  const summit = await organizationOf(otherPage.request);
  await other.close();
  await sql(
    `INSERT INTO memberships (id, user_id, organization_id, role)
     SELECT gen_random_uuid(), u.id, $2::uuid, 'member' FROM users u WHERE u.email = $1`,
    [owner.email, summit.id],
  );

  const table = page.getByTestId("assistants-table");
  const switcher = page.getByLabel("Switch organisation");
  await page.reload();
  await expect(page.getByTestId("org-name")).toHaveText("Harbour Dental");
  await expect(switcher).toHaveValue(harbour.id);
  await expect(table).toContainText("Harbour receptionist");
  await expect(table).not.toContainText("Summit booking line");

  // From a detail page the switch lands on the list of the same section.
  await page.getByRole("link", { name: "Harbour receptionist" }).click();
  await expect(page).toHaveURL(/\/assistants\/[0-9a-f-]{36}$/);
  await switcher.selectOption({ label: "Summit Physio" });
  await expect(page).toHaveURL(/\/assistants$/);
  await expect(page.getByTestId("org-name")).toHaveText("Summit Physio");
  await expect(table).toContainText("Summit booking line");
  await expect(table).not.toContainText("Harbour receptionist");
  expect((await organizationOf(page.request)).id).toBe(summit.id);

  // Permissions follow the membership: a member here, so no key management.
  await page.locator("aside").getByRole("link", { name: "API keys" }).click();
  await expect(page.getByText("Only owners and admins can create or revoke API keys.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);

  // The choice outlives a reload, and switching back restores the first organisation.
  await page.reload();
  await expect(page.getByTestId("org-name")).toHaveText("Summit Physio");
  await page.getByLabel("Switch organisation").selectOption({ label: "Harbour Dental" });
  await expect(page).toHaveURL(/\/api-keys$/);
  await expect(page.getByTestId("org-name")).toHaveText("Harbour Dental");
  await expect(page.getByRole("button", { name: "Create API key" })).toBeVisible();
  await page.locator("aside").getByRole("link", { name: "Assistants" }).click();
  await expect(table).toContainText("Harbour receptionist");
  await expect(table).not.toContainText("Summit booking line");
});

test("the session's organisation changes only with the CSRF token, and only to a membership", async ({ page }) => {
  await signUp(page, { organization: "Lone Clinic" });
  const home = await organizationOf(page.request);
  const stranger = await sql(`INSERT INTO organizations (id, name, slug, kind, updated_at) VALUES (gen_random_uuid(), 'Not yours', 'not-yours-' || substr(md5(random()::text), 1, 8), 'client', now()) RETURNING id`, []);
  const strangerId = stranger.rows[0].id as string;

  const withoutToken = await page.request.post("/api/auth/session", { data: { data: { organizationId: strangerId } } });
  expect(withoutToken.status()).toBe(400);
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  for (const organizationId of [strangerId, "not-a-uuid", null]) {
    const forged = await page.request.post("/api/auth/session", { data: { csrfToken, data: { organizationId } } });
    expect(forged.status()).toBe(200);
    expect(((await forged.json()) as { organizationId: string }).organizationId).toBe(home.id);
  }
  expect((await organizationOf(page.request)).id).toBe(home.id);
  // One organisation: nothing to switch.
  await page.reload();
  await expect(page.getByTestId("org-name")).toHaveText("Lone Clinic");
  await expect(page.getByLabel("Switch organisation")).toHaveCount(0);
});
