import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startDnsServer, type TestDnsServer } from "../tests/support/dns-server";
import { E2E } from "./e2e-config";
import { env, signUp } from "./support";

// A partner brands its portal and verifies its own domain against a DNS server of the test's;
// a browser that reaches the portal through that host name (mapped to this machine with
// Chromium's --host-resolver-rules) sees only the partner's brand, and a client signing up
// there lands under the partner. An unverified host shows the neutral page.

const HOST = "portal.agency.example";
const UNCLAIMED = "unclaimed.agency.example";
const PRODUCT = "Agency Voice";
const PLATFORM = "Switchboard";

// A tiny SVG favicon (with a script the sanitiser must drop) and a PNG logo.
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><script>alert(1)</script><rect width="16" height="16" fill="#7a2e8f"/></svg>`;
const LOGO = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: env("E2E_DATABASE_URL") });
  await client.connect();
  try {
    return await client.query<T>(text, values);
  } finally {
    await client.end();
  }
}

let dns: TestDnsServer;
let mapped: Browser;

test.beforeAll(async () => {
  dns = await startDnsServer({ port: Number(env("E2E_DNS_PORT")) });
  mapped = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1:${E2E.appPort}, MAP ${UNCLAIMED} 127.0.0.1:${E2E.appPort}`,
    ],
  });
});

test.afterAll(async () => {
  await mapped?.close();
  await dns?.stop();
});

/** Nothing on the page (markup, text, title) names the platform; the tab shows the partner. */
async function expectOnlyPartnerBrand(page: Page) {
  await expect(page).toHaveTitle(new RegExp(`${PRODUCT}$`));
  const html = await page.content();
  expect(html).not.toContain(PLATFORM);
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(PLATFORM);
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveCount(1);
  const href = await icon.getAttribute("href");
  expect(href).toMatch(/^\/brand-assets\/[0-9a-f-]{36}\/favicon-[0-9a-f]{16}\.svg/);
  // Fetched by the browser, through the mapped host (the test process cannot resolve it).
  const res = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
  }, href!);
  expect(res).toMatchObject({ status: 200, type: "image/svg+xml" });
  expect(res.text).toContain("<rect");
  expect(res.text).not.toContain("script");
  // The brand colour reaches the CSS variables.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand-primary").trim())).toBe("#7a2e8f");
}

test("a partner's portal on its own verified domain shows only the partner's brand, and sign-ups land under the partner", async ({ page }) => {
  // The platform operator makes the organisation a partner (the partner admin page is another change's).
  const owner = await signUp(page, { organization: "Agency Ltd" });
  const partner = await sql<{ id: string }>(
    `UPDATE organizations SET kind = 'partner' WHERE id = (SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1) RETURNING id`,
    [owner.email],
  );
  expect(partner.rowCount).toBe(1);
  const partnerId = partner.rows[0]!.id;

  // Branding: name, colours (the light accent is warned about), logo and favicon.
  await page.goto("/assistants");
  await page.getByRole("link", { name: "Branding" }).click();
  await expect(page).toHaveURL(/\/settings\/branding$/);
  await page.getByLabel("Product name").fill(PRODUCT);
  await page.locator("#primary_color").fill("#7a2e8f");
  await page.locator("#accent_color").fill("#ffe14d");
  await expect(page.getByTestId("contrast-warnings")).toContainText("below the 4.5:1 WCAG AA minimum");
  await page.locator("#accent_color").fill("#0b3d2e");
  await expect(page.getByTestId("contrast-warnings")).toHaveCount(0);
  await page.getByLabel("Support email").fill("help@agency.example");
  await page.getByRole("button", { name: "Save brand" }).click();
  await expect(page.getByTestId("branding-saved")).toBeVisible();
  await page.getByLabel("Upload logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: LOGO });
  await expect(page.getByTestId("logo-preview")).toBeVisible();
  await page.getByLabel("Upload favicon").setInputFiles({ name: "favicon.svg", mimeType: "image/svg+xml", buffer: Buffer.from(FAVICON) });
  await expect(page.getByTestId("favicon-preview")).toHaveAttribute("src", /favicon-[0-9a-f]{16}\.svg$/);

  // The custom domain: the portal shows the TXT record; the test's DNS server publishes it.
  await page.getByLabel("Host name").fill(HOST);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.locator(`[data-testid="portal-domain"][data-hostname="${HOST}"]`);
  await expect(row).toContainText("pending");
  await expect(row.getByTestId("txt-record")).toContainText(`_portal-verification.${HOST}`);
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByTestId("verify-error")).toContainText("No TXT record found");
  const value = (await row.getByTestId("txt-value").innerText()).split(/\s/)[0]!;
  expect(value).toMatch(/^portal-verification=/);
  dns.setTxt(`_portal-verification.${HOST}`, [value]);
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row).toContainText("verified");
  expect(dns.queries).toContain(`_portal-verification.${HOST}`);

  // A visitor through the partner's host.
  const visitor = await mapped.newContext({ baseURL: `http://${HOST}` });
  const p = await visitor.newPage();
  await p.goto("/login");
  await expect(p.getByTestId("brand-logo")).toHaveAttribute("alt", PRODUCT);
  await expect(p.getByText("help@agency.example")).toBeVisible();
  await expectOnlyPartnerBrand(p);
  await p.goto("/signup");
  await expectOnlyPartnerBrand(p);

  // A client signs up there and lands under the partner.
  const email = `bella-${randomBytes(4).toString("hex")}@example.com`;
  await p.getByLabel("Your name").fill("Bella Owner");
  await p.getByLabel("Organisation").fill("Bella Pizza");
  await p.getByLabel("Email").fill(email);
  await p.getByLabel("Password").fill("correct-horse-42");
  await p.getByRole("button", { name: "Sign up" }).click();
  await expect(p).toHaveURL(`http://${HOST}/assistants`);
  await expect(p.getByTestId("org-name")).toHaveText("Bella Pizza");
  const client = await sql<{ parent_id: string; kind: string }>(
    `SELECT o.parent_id, o.kind FROM organizations o JOIN memberships m ON m.organization_id = o.id JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
    [email],
  );
  expect(client.rows).toEqual([{ parent_id: partnerId, kind: "client" }]);

  // Every portal page of the client, through the partner's host.
  await expectOnlyPartnerBrand(p);
  const links = await p.locator("aside nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  expect(links.length).toBeGreaterThan(5);
  expect(links).not.toContain("/settings/branding");
  for (const href of links) {
    await p.goto(href);
    await expect(p.locator("main h1").first()).toBeVisible();
    await expectOnlyPartnerBrand(p);
  }
  // The API reference is fetched by the page: its title is the partner's too.
  await p.goto("/api-reference");
  await expect(p.getByText(`${PRODUCT} API`)).toBeVisible();
  await expectOnlyPartnerBrand(p);

  // Signing out stays on the partner's host.
  await p.getByRole("button", { name: "Sign out" }).click();
  await expect(p).toHaveURL(`http://${HOST}/login`);
  await visitor.close();

  // A host that is nobody's verified domain: the neutral page, no brand at all.
  const stranger = await mapped.newContext({ baseURL: `http://${UNCLAIMED}` });
  const s = await stranger.newPage();
  await s.goto("/login");
  await expect(s.getByTestId("unclaimed-host")).toBeVisible();
  await expect(s).toHaveTitle("Portal not configured");
  const neutral = await s.content();
  expect(neutral).not.toContain(PLATFORM);
  expect(neutral).not.toContain(PRODUCT);
  await stranger.close();
});
