import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./support";
import { startAppServer, type AppServer } from "./app-server";

// What the route files answer over HTTP for methods and paths they do not serve, and the
// security headers every API response carries (the proxy adds them to bodiless requests in
// Next.js; the wrapper to all API responses).

let server: AppServer;
let key: string;

beforeAll(async () => {
  await useFreshDatabase();
  const { createOrgWithKey } = await import("./factories");
  key = (await createOrgWithKey("routing")).key;
  server = await startAppServer();
});

afterAll(async () => {
  await server?.close();
});

const send = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers as Record<string, string>) } });

describe("methods and paths no route serves", () => {
  it("answers a PUT with a body to a path without PUT with a JSON 405 and the path's Allow", async () => {
    const res = await send("/api/v1/assistants", { method: "PUT", body: JSON.stringify({ name: "x" }) });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect((await res.json()).error).toMatchObject({ code: "method_not_allowed", type: "invalid_request_error" });
    const one = await send("/api/v1/assistants/0b9a5d6e-1c2f-4a3b-8d7e-6f5a4b3c2d1e", { method: "POST", body: "{}" });
    expect(one.status).toBe(405);
    expect(one.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, PATCH");
  });

  it("answers OPTIONS with the path's real methods", async () => {
    const res = await send("/api/v1/byok/test", { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("OPTIONS, POST");
  });

  it("never reads POST /calls/outbound as /calls/{id}: without an outbound route it is a JSON 404", async () => {
    const res = await send("/api/v1/calls/outbound", { method: "POST", body: JSON.stringify({ destination: "+31201234567" }) });
    // wt-outbound adds the operation; until then the path names nothing.
    if (res.status !== 404) expect(res.status).not.toBe(405);
    else expect((await res.json()).error.code).toBe("not_found");
  });

  it("answers unknown paths with a JSON 404 in the form the client reads", async () => {
    const nested = await send("/api/v1/nothing-here", { method: "DELETE", body: "{}" });
    expect(nested.status).toBe(404);
    expect((await nested.json()).error).toMatchObject({ code: "not_found", message: "No endpoint /api/v1/nothing-here" });
    const flat = await send("/api/v1/nothing-here", { headers: { "x-error-format": "flat" } });
    expect(await flat.json()).toMatchObject({ error: "No endpoint /api/v1/nothing-here", type: "not_found" });
  });
});

describe("security headers on API responses", () => {
  it("are on successes and errors, reads and writes", async () => {
    for (const res of [
      await send("/api/v1/assistants"),
      await send("/api/v1/assistants", { method: "POST", body: JSON.stringify({ name: "Headers" }) }),
      await send("/api/v1/assistants", { method: "POST", body: "{" }),
      await fetch(`${server.url}/api/v1/health`),
      await send("/api/v1/nope"),
    ]) {
      expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });
});
