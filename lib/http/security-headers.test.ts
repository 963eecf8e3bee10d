import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders, withSecurityHeaders } from "./security-headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `))?.split(" ").slice(1);

describe("security headers", () => {
  it("forbid framing and sniffing, limit referrers, and allow connections only to the app and its LiveKit server", () => {
    const headers = securityHeaders({ livekitUrl: "wss://rtc.example.com" });
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    const csp = headers["Content-Security-Policy"]!;
    expect(directive(csp, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(csp, "object-src")).toEqual(["'none'"]);
    expect(directive(csp, "connect-src")).toEqual(["'self'", "wss://rtc.example.com", "https://rtc.example.com"]);
    // The portal's JSON Schema editors compile schemas with Ajv in the browser (new Function).
    expect(directive(csp, "script-src")).toEqual(["'self'", "'unsafe-inline'", "'unsafe-eval'"]);
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("allow a plain-ws LiveKit in local installs, HSTS on https", () => {
    expect(directive(contentSecurityPolicy({ livekitUrl: "ws://127.0.0.1:7880" }), "connect-src")).toEqual(["'self'", "ws://127.0.0.1:7880", "http://127.0.0.1:7880"]);
    expect(securityHeaders({ https: true })["Strict-Transport-Security"]).toMatch(/^max-age=/);
  });

  it("are added to responses without overriding what a route set, immutable ones included", () => {
    const own = withSecurityHeaders(new Response("x", { headers: { "referrer-policy": "no-referrer" } }), securityHeaders());
    expect(own.headers.get("referrer-policy")).toBe("no-referrer");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    const redirect = withSecurityHeaders(Response.redirect("http://127.0.0.1/x", 302), securityHeaders());
    expect(redirect.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
