import { describe, expect, it } from "vitest";
import { allowedMethods } from "./method-routing";
import { methodNotAllowed, noSuchEndpoint } from "./unmatched";

const ID = "0b9a5d6e-1c2f-4a3b-8d7e-6f5a4b3c2d1e";

describe("allowedMethods", () => {
  it("lists a path's methods from the operation definitions (HEAD with GET, OPTIONS always)", () => {
    expect(allowedMethods("/api/v1/assistants")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowedMethods(`/api/v1/assistants/${ID}`)).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH"]);
    expect(allowedMethods("/api/v1/byok/test")).toEqual(["OPTIONS", "POST"]);
    expect(allowedMethods("/api/v1/byok/config")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/v1/byok/openai")).toEqual(["DELETE", "OPTIONS"]);
  });

  it("names nothing for unknown paths and for params that cannot exist", () => {
    expect(allowedMethods("/api/v1/nope")).toBeNull();
    expect(allowedMethods("/api/v1/assistants/not-a-uuid")).toBeNull();
    expect(allowedMethods("/api/v1/byok/anthropic")).toBeNull();
    expect(allowedMethods(`/api/v1/assistants/${ID}/extra`)).toBeNull();
    expect(allowedMethods("/api/v1/calls/%E0%A4%A")).toBeNull();
  });

  it("never reads /calls/outbound as /calls/{id}", () => {
    const post = new Request("http://127.0.0.1/api/v1/calls/outbound", { method: "POST" });
    const known = allowedMethods("/api/v1/calls/outbound");
    // Either the outbound operation exists (POST is allowed) or the path names nothing.
    if (known) expect(known).toContain("POST");
    else expect(methodNotAllowed(post, "/api/v1/calls/outbound")).toBeNull();
  });
});

describe("unmatched requests", () => {
  it("answer 405 with Allow in the error format for a method the path lacks", async () => {
    const res = methodNotAllowed(new Request("http://127.0.0.1/api/v1/assistants", { method: "PUT" }), "/api/v1/assistants")!;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect((await res.json()).error).toMatchObject({ code: "method_not_allowed", type: "invalid_request_error" });
    expect(methodNotAllowed(new Request("http://127.0.0.1/api/v1/assistants"), "/api/v1/assistants")).toBeNull();
  });

  it("answer 405 to methods no route uses (TRACE), on any path", async () => {
    const res = methodNotAllowed(new Request("http://127.0.0.1/api/v1/nope", { method: "PROPFIND" }), "/api/v1/nope")!;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("GET");
  });

  it("answer 404 in the form the client reads", async () => {
    const nested = noSuchEndpoint(new Request("http://127.0.0.1/api/v1/nope"), "/api/v1/nope");
    expect(nested.status).toBe(404);
    expect((await nested.json()).error.code).toBe("not_found");
    const flat = noSuchEndpoint(new Request("http://127.0.0.1/api/v1/nope", { headers: { "user-agent": "hmsovereign-node/1.0.0" } }), "/api/v1/nope");
    expect(await flat.json()).toMatchObject({ error: "No endpoint /api/v1/nope", type: "not_found" });
  });
});

describe("query strings", () => {
  it("over 16 KB answer 431 in the error format", async () => {
    const { queryTooLong } = await import("./unmatched");
    const long = `?q=${"a".repeat(16 * 1024)}`;
    const res = queryTooLong(new Request(`http://127.0.0.1/api/v1/calls${long}`), long)!;
    expect(res.status).toBe(431);
    expect((await res.json()).error.code).toBe("request_header_fields_too_large");
    expect(queryTooLong(new Request("http://127.0.0.1/api/v1/calls?q=a"), "?q=a")).toBeNull();
  });
});
