import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { env, signUp } from "./support";

// The portal against another origin in the same browser: a page on the same host and another
// port is same-site (ports do not count), so the session cookie rides along with its requests,
// as it would from a sibling subdomain of a whitelabel install. Before the CSRF checks such a
// page could mint an API key for the signed-in user with a text/plain form post.

let attacker: http.Server;
let attackerOrigin: string;
const appUrl = () => env("E2E_APP_URL");

const attackPage = (target: string) => `<!doctype html>
<html><body>
<form id="form" method="POST" enctype="text/plain" action="${target}/api/v1/api-keys">
  <input type="hidden" name='{"name":"forged-form","x":"' value='"}'>
</form>
<script>
  window.forgeFetch = async () => {
    await fetch("${target}/api/v1/api-keys", {
      method: "POST", mode: "no-cors", credentials: "include",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ name: "forged-fetch" }),
    }).catch(() => null);
    return "sent";
  };
</script>
</body></html>`;

test.beforeAll(async () => {
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(attackPage(appUrl()));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

test("a page on another origin cannot mint an API key with the portal's session", async ({ page, context }) => {
  await signUp(page, { organization: "Forgery Target Ltd" });
  const keyNames = async () => {
    const res = await page.request.get(`${appUrl()}/api/v1/api-keys`);
    expect(res.status()).toBe(200);
    return ((await res.json()) as { api_keys: { name: string }[] }).api_keys.map((k) => k.name);
  };
  expect(await keyNames()).toEqual([]);

  const evil = await context.newPage();
  await evil.goto(attackerOrigin);
  // A no-CORS fetch: the browser sends it (with the cookie) and hides the answer.
  const refusedFetch = evil.waitForResponse((res) => res.url().endsWith("/api/v1/api-keys") && res.request().method() === "POST");
  expect(await evil.evaluate(() => (window as unknown as { forgeFetch: () => Promise<string> }).forgeFetch())).toBe("sent");
  expect((await refusedFetch).status()).toBe(403);
  // A form post navigates to the answer.
  const refusedForm = evil.waitForResponse((res) => res.url().endsWith("/api/v1/api-keys") && res.request().method() === "POST");
  await evil.locator("#form").evaluate((form: HTMLFormElement) => form.submit());
  const formAnswer = await refusedForm;
  expect(formAnswer.status()).toBe(403);
  expect(((await formAnswer.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: "forbidden", param: "Origin" });

  expect(await keyNames()).toEqual([]);

  // The portal itself still creates keys.
  await page.locator("aside").getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill("Made in the portal");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByTestId("new-api-key")).toBeVisible();
  expect(await keyNames()).toEqual(["Made in the portal"]);
});

test("a same-origin write that is not JSON is refused with 415", async ({ page }) => {
  await signUp(page, { organization: "Plain Text Ltd" });
  const status = await page.evaluate(async () => {
    const res = await fetch("/api/v1/api-keys", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ name: "plain" }) });
    return res.status;
  });
  expect(status).toBe(415);
});

test("pages and API responses carry the security headers, and the portal runs under its CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const signupPage = await page.goto("/signup");
  await signUp(page, { organization: "Headers Ltd" });
  await page.locator("aside").getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/api-keys$/);

  const responses = [
    signupPage!,
    await page.request.get(`${appUrl()}/api/v1/assistants`),
    await page.request.post(`${appUrl()}/api/v1/assistants`, { data: { name: "With headers" }, headers: { origin: appUrl() } }),
    await page.request.get(`${appUrl()}/api/v1/health`),
    await page.request.get(`${appUrl()}/no-such-page`),
  ];
  for (const res of responses) {
    const headers = res.headers();
    expect(headers["content-security-policy"], res.url()).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], res.url()).toBe("nosniff");
    expect(headers["referrer-policy"], res.url()).toBe("strict-origin-when-cross-origin");
  }
  expect(violations).toEqual([]);
});

test("unknown API paths and methods answer JSON 404/405, a long query 431, and a huge body 413", async ({ request }) => {
  const missing = await request.get(`${appUrl()}/api/v1/no-such-endpoint`);
  expect(missing.status()).toBe(404);
  expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  const missingPost = await request.post(`${appUrl()}/api/v1/no/such/endpoint`, { data: { a: 1 } });
  expect(missingPost.status()).toBe(404);
  expect(missingPost.headers()["content-type"]).toContain("application/json");

  const put = await request.put(`${appUrl()}/api/v1/assistants`, { data: { name: "x" } });
  expect(put.status()).toBe(405);
  expect(put.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
  const del = await request.delete(`${appUrl()}/api/v1/voices`);
  expect(del.status()).toBe(405);
  expect(del.headers()["allow"]).toBe("GET, HEAD, OPTIONS");

  // TRACE is not checked here: under `next start` it answers 500 before the proxy runs (open, see the hardening issue).

  const longQuery = await request.get(`${appUrl()}/api/v1/calls?q=${"a".repeat(20 * 1024)}`);
  expect(longQuery.status()).toBe(431);
  expect(((await longQuery.json()) as { error: { code: string } }).error.code).toBe("request_header_fields_too_large");

  const huge = await request.post(`${appUrl()}/api/signup`, { data: { email: "x".repeat(2 * 1024 * 1024) } });
  expect(huge.status()).toBe(413);
  expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
});
