// Whitelabel: a partner's brand (colours with contrast warnings, logo and favicon uploads),
// portal domains verified through a real DNS server on loopback, host -> brand resolution, and
// sign-ups on a partner's portal landing under the partner.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type TestDnsServer } from "../support/dns-server";
import { call, useFreshDatabase } from "./support";

let dns: TestDnsServer;
let recordingsDir: string;
let branding: typeof import("@/app/api/v1/branding/route");
let brandAsset: typeof import("@/app/api/v1/branding/[asset]/route");
let domains: typeof import("@/app/api/v1/portal-domains/route");
let domain: typeof import("@/app/api/v1/portal-domains/[id]/route");
let verify: typeof import("@/app/api/v1/portal-domains/[id]/verify/route");
let signups: typeof import("@/app/api/v1/client-signups/route");
let approve: typeof import("@/app/api/v1/client-signups/[id]/approve/route");
let signup: typeof import("@/app/api/signup/route");
let assets: typeof import("@/app/brand-assets/[owner]/[file]/route");
let resolveBrand: typeof import("@/lib/branding/brand").resolveBrand;
let db: typeof import("@/lib/db").db;

type Org = { organization: { id: string; slug: string; name: string }; key: string };
let partner: Org;
let otherPartner: Org;
let client: Org;
let partnerClient: Org;

const BASE_DOMAIN = "portals.example.net";
const MAX_ASSET = 4096;
// A 1x1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

beforeAll(async () => {
  dns = await startDnsServer();
  recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-branding-"));
  Object.assign(process.env, {
    DNS_RESOLVER: dns.address,
    DNS_TIMEOUT_MS: "2000",
    PORTAL_BASE_DOMAIN: BASE_DOMAIN,
    PLATFORM_NAME: "Northwind Voice",
    RECORDINGS_DIR: recordingsDir,
    BRAND_ASSET_MAX_BYTES: String(MAX_ASSET),
  });
  await useFreshDatabase();
  branding = await import("@/app/api/v1/branding/route");
  brandAsset = await import("@/app/api/v1/branding/[asset]/route");
  domains = await import("@/app/api/v1/portal-domains/route");
  domain = await import("@/app/api/v1/portal-domains/[id]/route");
  verify = await import("@/app/api/v1/portal-domains/[id]/verify/route");
  signups = await import("@/app/api/v1/client-signups/route");
  approve = await import("@/app/api/v1/client-signups/[id]/approve/route");
  signup = await import("@/app/api/signup/route");
  assets = await import("@/app/brand-assets/[owner]/[file]/route");
  resolveBrand = (await import("@/lib/branding/brand")).resolveBrand;
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  partner = await createOrgWithKey("agency");
  otherPartner = await createOrgWithKey("rival");
  client = await createOrgWithKey("plain");
  partnerClient = await createOrgWithKey("bella");
  await db.organization.updateMany({ where: { id: { in: [partner.organization.id, otherPartner.organization.id] } }, data: { kind: "partner" } });
  await db.organization.update({ where: { id: partnerClient.organization.id }, data: { parentId: partner.organization.id } });
});

afterAll(async () => {
  await dns?.stop();
  if (recordingsDir) fs.rmSync(recordingsDir, { recursive: true, force: true });
});

const getBranding = (key = partner.key) => call(branding.GET, { key });
const patchBranding = (body: unknown, key = partner.key) => call(branding.PATCH, { method: "PATCH", key, body });
const upload = (asset: "logo" | "favicon", contentType: string, bytes: Buffer | string, key = partner.key) =>
  call(brandAsset.PUT, { method: "PUT", key, params: { asset }, body: { content_type: contentType, data: typeof bytes === "string" ? bytes : bytes.toString("base64") } });

async function fetchAsset(assetPath: string) {
  const [, , owner, file] = assetPath.split("/");
  const res = await assets.GET(new Request(`http://127.0.0.1${assetPath}`), { params: Promise.resolve({ owner: owner!, file: file! }) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe("partner branding", () => {
  it("answers the partner's defaults; clients have no brand of their own", async () => {
    const res = await getBranding();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      organization_id: partner.organization.id,
      product_name: partner.organization.name,
      logo_url: null,
      favicon_url: `/brand-assets/${partner.organization.id}/monogram.svg`,
      client_signup: "open",
      default_portal_url: `http://${partner.organization.slug}.${BASE_DOMAIN}`,
      warnings: [],
    });
    expect(res.body.contrast).toHaveLength(2);

    const forClient = await getBranding(client.key);
    expect(forClient.status).toBe(403);
    expect(forClient.body.error.code).toBe("forbidden");
    expect((await patchBranding({ product_name: "Mine" }, partnerClient.key)).status).toBe(403);
    expect((await call(branding.GET, {})).status).toBe(401);
  });

  it("validates each field with its param", async () => {
    for (const [body, param] of [
      [{ primary_color: "blue" }, "primary_color"],
      [{ accent_color: "#12345" }, "accent_color"],
      [{ support_email: "not-an-email" }, "support_email"],
      [{ email_sender_name: "Agency\r\nBcc: victim@example.com" }, "email_sender_name"],
      [{ product_name: "" }, "product_name"],
      [{ product_name: "x".repeat(61) }, "product_name"],
      [{ client_signup: "sometimes" }, "client_signup"],
      [{ logo_url: "https://elsewhere.example/logo.png" }, "logo_url"],
    ] as const) {
      const res = await patchBranding(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param });
    }
  });

  it("saves the brand and warns about colours below WCAG AA", async () => {
    const res = await patchBranding({
      product_name: "Agency Voice",
      primary_color: "#FFE14D",
      accent_color: "#0B3D2E",
      support_email: "Help@Agency.Example",
      email_sender_name: "Agency Voice Team",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      product_name: "Agency Voice",
      primary_color: "#ffe14d",
      accent_color: "#0b3d2e",
      support_email: "help@agency.example",
      email_sender_name: "Agency Voice Team",
    });
    const primary = res.body.contrast.find((c: { field: string }) => c.field === "primary_color");
    expect(primary.passes_aa).toBe(false);
    expect(primary.contrast_with_text).toBeLessThan(1.5);
    expect(res.body.warnings.length).toBeGreaterThan(0);
    expect(res.body.warnings.every((w: { field: string }) => w.field === "primary_color")).toBe(true);
    expect(res.body.contrast.find((c: { field: string }) => c.field === "accent_color").passes_aa).toBe(true);

    // A readable primary colour clears the warning; null resets a field to its default.
    const fixed = await patchBranding({ primary_color: "#7a2e8f", email_sender_name: null });
    expect(fixed.body.warnings).toEqual([]);
    expect(fixed.body.email_sender_name).toBe("Agency Voice");
  });

  it("stores an uploaded PNG logo and serves it publicly; a new one replaces it", async () => {
    const res = await upload("logo", "image/png", PNG);
    expect(res.status).toBe(200);
    expect(res.body.logo_url).toMatch(new RegExp(`^/brand-assets/${partner.organization.id}/logo-[0-9a-f]{16}\\.png$`));
    const served = await fetchAsset(res.body.logo_url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.body.equals(PNG)).toBe(true);
    // Stored in the recordings storage, under branding/.
    expect(fs.existsSync(path.join(recordingsDir, "branding", partner.organization.id))).toBe(true);

    const jpeg = await upload("logo", "image/jpeg", JPEG);
    expect(jpeg.status).toBe(200);
    expect(jpeg.body.logo_url).toMatch(/\.jpg$/);
    expect((await fetchAsset(res.body.logo_url)).status).toBe(404);
    expect((await fetchAsset(jpeg.body.logo_url)).headers.get("content-type")).toBe("image/jpeg");
  });

  it("sanitises an SVG favicon", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" onload="alert(1)"><script>alert(2)</script><circle cx="4" cy="4" r="4" fill="#7a2e8f"/></svg>`;
    const res = await upload("favicon", "image/svg+xml", Buffer.from(svg));
    expect(res.status).toBe(200);
    expect(res.body.favicon_url).toMatch(/\/favicon-[0-9a-f]{16}\.svg$/);
    const served = await fetchAsset(res.body.favicon_url);
    expect(served.headers.get("content-type")).toBe("image/svg+xml");
    expect(served.headers.get("content-security-policy")).toContain("sandbox");
    const text = served.body.toString("utf8");
    expect(text).toContain("<circle");
    expect(text).not.toMatch(/script|onload|alert/);
  });

  it("refuses oversized, mislabelled and malformed uploads", async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_ASSET)]);
    const tooLarge = await upload("logo", "image/png", big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: "payload_too_large", param: "data" });

    const mislabelled = await upload("logo", "image/png", JPEG);
    expect(mislabelled.status).toBe(415);
    expect(mislabelled.body.error).toMatchObject({ code: "unsupported_media_type", param: "content_type" });

    const onlyScript = await upload("logo", "image/svg+xml", Buffer.from("<svg><script>alert(1)</script></svg>".replace("<svg>", "<svg xmlns='http://www.w3.org/2000/svg'>")));
    expect(onlyScript.status).toBe(200);
    expect((await fetchAsset(onlyScript.body.logo_url)).body.toString()).not.toContain("script");

    const html = await upload("logo", "image/svg+xml", Buffer.from("<html><body>not an svg</body></html>"));
    expect(html.status).toBe(415);

    const notBase64 = await upload("logo", "image/png", "%%% not base64 %%%");
    expect(notBase64.status).toBe(422);
    expect(notBase64.body.error.param).toBe("data");

    const gif = await upload("logo", "image/gif", PNG);
    expect(gif.status).toBe(422);
    expect(gif.body.error.param).toBe("content_type");

    const unknownAsset = await call(brandAsset.PUT, { method: "PUT", key: partner.key, params: { asset: "banner" }, body: { content_type: "image/png", data: PNG.toString("base64") } });
    expect(unknownAsset.status).toBe(404);
  });

  it("removes the logo; the monogram favicon is drawn in the brand's colour", async () => {
    const res = await call(brandAsset.DELETE, { method: "DELETE", key: partner.key, params: { asset: "logo" } });
    expect(res.status).toBe(200);
    expect(res.body.logo_url).toBeNull();
    const mono = await fetchAsset(`/brand-assets/${partner.organization.id}/monogram.svg`);
    expect(mono.status).toBe(200);
    expect(mono.body.toString()).toContain('fill="#7a2e8f"');
    expect(mono.body.toString()).toContain(">A</text>");
    // A client's id is no brand.
    expect((await fetchAsset(`/brand-assets/${client.organization.id}/monogram.svg`)).status).toBe(404);
    expect((await fetchAsset(`/brand-assets/${partner.organization.id}/logo-0000000000000000.png`)).status).toBe(404);
    expect((await fetchAsset(`/brand-assets/${partner.organization.id}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe("brand resolution", () => {
  it("clients inherit their partner's brand; everyone else shows the platform's", async () => {
    const inherited = await resolveBrand(partnerClient.organization.id);
    expect(inherited).toMatchObject({ kind: "partner", organizationId: partner.organization.id, productName: "Agency Voice", primaryColor: "#7a2e8f", supportEmail: "help@agency.example", senderName: "Agency Voice" });
    const platform = await resolveBrand(client.organization.id);
    expect(platform).toMatchObject({ kind: "platform", productName: "Northwind Voice", organizationId: null });
    expect(await resolveBrand({ host: "127.0.0.1:3000" })).toMatchObject({ kind: "platform", productName: "Northwind Voice" });
    expect(await resolveBrand({ host: "localhost" })).toMatchObject({ kind: "platform" });
  });

  it("a partner's default subdomain shows its brand without DNS; other subdomains are neutral", async () => {
    const before = dns.queries.length;
    expect(await resolveBrand({ host: `${partner.organization.slug}.${BASE_DOMAIN}` })).toMatchObject({ kind: "partner", productName: "Agency Voice" });
    expect(await resolveBrand({ host: `${client.organization.slug}.${BASE_DOMAIN}` })).toMatchObject({ kind: "neutral", productName: "Portal" });
    expect(await resolveBrand({ host: `nobody.${BASE_DOMAIN}` })).toMatchObject({ kind: "neutral" });
    expect(dns.queries.length).toBe(before);
  });
});

describe("portal domains", () => {
  let domainId: string;
  const host = "portal.agency.example";
  const recordName = `_portal-verification.${host}`;

  it("adds a domain and answers the TXT record to publish", async () => {
    const res = await call(domains.POST, { method: "POST", key: partner.key, body: { hostname: "Portal.Agency.Example." } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ hostname: host, status: "pending", verified_at: null, verification: { type: "TXT", name: recordName } });
    expect(res.body.verification.value).toMatch(/^portal-verification=[A-Za-z0-9_-]{24}$/);
    domainId = res.body.id;

    const list = await call(domains.GET, { key: partner.key });
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual([domainId]);
    expect((await call(domains.GET, { key: otherPartner.key })).body.data).toEqual([]);
    expect((await call(domains.GET, { key: client.key })).status).toBe(403);
  });

  it("validates the host name", async () => {
    for (const hostname of ["not a host", "http://portal.agency.example", "localhost", "127.0.0.1", `x.${BASE_DOMAIN}`, "a".repeat(64) + ".example"]) {
      const res = await call(domains.POST, { method: "POST", key: partner.key, body: { hostname } });
      expect(res.status, hostname).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param: "hostname" });
    }
    const again = await call(domains.POST, { method: "POST", key: partner.key, body: { hostname: host } });
    expect(again.status).toBe(409);
    expect(again.body.error.param).toBe("hostname");
  });

  it("an unverified domain shows the neutral brand", async () => {
    expect(await resolveBrand({ host })).toMatchObject({ kind: "neutral", productName: "Portal", organizationId: null, logoPath: null, supportEmail: null });
  });

  it("verification looks the record up through the configured DNS server", async () => {
    const missing = await call(verify.POST, { method: "POST", key: partner.key, params: { id: domainId } });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ status: "pending", last_error: `No TXT record found at ${recordName}` });
    expect(missing.body.last_checked_at).not.toBeNull();
    expect(dns.queries).toContain(recordName);

    dns.setTxt(recordName, ["portal-verification=wrong-token"]);
    const wrong = await call(verify.POST, { method: "POST", key: partner.key, params: { id: domainId } });
    expect(wrong.body.status).toBe("pending");
    expect(wrong.body.last_error).toMatch(/do not contain portal-verification=/);
    expect(await resolveBrand({ host })).toMatchObject({ kind: "neutral" });

    const token = (await call(domains.GET, { key: partner.key })).body.data[0].verification.value;
    dns.setTxt(recordName, ["v=spf1 -all", token]);
    const ok = await call(verify.POST, { method: "POST", key: partner.key, params: { id: domainId } });
    expect(ok.body).toMatchObject({ status: "verified", last_error: null });
    expect(ok.body.verified_at).not.toBeNull();
    expect(await resolveBrand({ host: "PORTAL.agency.example:443" })).toMatchObject({ kind: "partner", organizationId: partner.organization.id, productName: "Agency Voice" });
    // The brand's portal is now its verified domain.
    expect((await getBranding()).body.portal_url).toBe(`http://${host}`);
  });

  it("another organisation cannot verify, see or remove the partner's domain", async () => {
    expect((await call(verify.POST, { method: "POST", key: otherPartner.key, params: { id: domainId } })).status).toBe(404);
    expect((await call(domain.DELETE, { method: "DELETE", key: otherPartner.key, params: { id: domainId } })).status).toBe(404);
    expect((await call(verify.POST, { method: "POST", key: partner.key, params: { id: "not-a-uuid" } })).status).toBe(404);

    // A rival adding the same host name cannot take it over, even with its own record published.
    const rival = await call(domains.POST, { method: "POST", key: otherPartner.key, body: { hostname: host } });
    expect(rival.status).toBe(201);
    dns.setTxt(recordName, [(await call(domains.GET, { key: partner.key })).body.data[0].verification.value, rival.body.verification.value]);
    const taken = await call(verify.POST, { method: "POST", key: otherPartner.key, params: { id: rival.body.id } });
    expect(taken.body).toMatchObject({ status: "pending", last_error: "This host name is verified by another organisation" });
    expect(await resolveBrand({ host })).toMatchObject({ organizationId: partner.organization.id });
  });
});

describe("sign-up on a partner's portal", () => {
  let n = 0;
  const signUpAt = (host: string) =>
    call(signup.POST, {
      method: "POST",
      path: "/api/signup",
      headers: { host },
      body: { name: "Bella Owner", email: `owner${++n}-${Date.now()}@bella.example`, password: "correct horse 42", organization_name: `Bella Pizza ${n}` },
    });

  it("creates a client under the partner (open)", async () => {
    const res = await signUpAt("portal.agency.example");
    expect(res.status).toBe(201);
    expect(res.body.organization).toMatchObject({ parent_org_id: partner.organization.id, approval_pending: false });
    const row = await db.organization.findUniqueOrThrow({ where: { id: res.body.organization.id } });
    expect(row).toMatchObject({ kind: "client", parentId: partner.organization.id });
    expect(await resolveBrand(row.id)).toMatchObject({ productName: "Agency Voice" });

    const viaSubdomain = await signUpAt(`${partner.organization.slug}.${BASE_DOMAIN}`);
    expect(viaSubdomain.body.organization.parent_org_id).toBe(partner.organization.id);

    const onPlatform = await signUpAt("127.0.0.1:3000");
    expect(onPlatform.status).toBe(201);
    expect(onPlatform.body.organization.parent_org_id).toBeNull();
  });

  it("waits for the partner's approval when the partner requires it", async () => {
    expect((await patchBranding({ client_signup: "approval" })).body.client_signup).toBe("approval");
    const res = await signUpAt("portal.agency.example");
    expect(res.status).toBe(201);
    expect(res.body.organization).toMatchObject({ parent_org_id: partner.organization.id, approval_pending: true });
    const id = res.body.organization.id;

    const pending = await call(signups.GET, { key: partner.key, path: "/api/v1/client-signups" });
    expect(pending.status).toBe(200);
    expect(pending.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(pending.body.data[0].owner_email).toMatch(/@bella\.example$/);
    expect((await call(signups.GET, { key: otherPartner.key, path: "/api/v1/client-signups" })).body.data).toEqual([]);
    expect((await call(approve.POST, { method: "POST", key: otherPartner.key, params: { id } })).status).toBe(404);
    expect((await call(approve.POST, { method: "POST", key: client.key, params: { id } })).status).toBe(403);

    const approved = await call(approve.POST, { method: "POST", key: partner.key, params: { id } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id, approval_pending: false });
    expect((await call(signups.GET, { key: partner.key, path: "/api/v1/client-signups" })).body.data).toEqual([]);
    const all = await call(signups.GET, { key: partner.key, path: "/api/v1/client-signups?status=all" });
    expect(all.body.data.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses sign-ups when the partner closed them, and on hosts that are no one's", async () => {
    await patchBranding({ client_signup: "closed" });
    const closed = await signUpAt("portal.agency.example");
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe("forbidden");
    const unknown = await signUpAt("unclaimed.example");
    expect(unknown.status).toBe(403);
    await patchBranding({ client_signup: "open" });
  });

  it("a removed domain shows the neutral brand again and takes no more sign-ups", async () => {
    const id = (await call(domains.GET, { key: partner.key })).body.data[0].id;
    const res = await call(domain.DELETE, { method: "DELETE", key: partner.key, params: { id } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await resolveBrand({ host: "portal.agency.example" })).toMatchObject({ kind: "neutral" });
    expect((await signUpAt("portal.agency.example")).status).toBe(403);
    expect((await call(domain.DELETE, { method: "DELETE", key: partner.key, params: { id } })).status).toBe(404);
  });
});
