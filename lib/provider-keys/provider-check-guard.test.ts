// BYOK key tests with the outbound guard on (a multi-tenant deployment): the organisation's own
// base URL may not point at a private network; the platform's own (env) base URL is not guarded.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProviderKey } from "./provider-check";

// env() is read lazily, on the first check; this file has its own module graph.
let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end('{"data":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  Object.assign(process.env, { OUTBOUND_ALLOW_PRIVATE_NETWORKS: "false", OPENAI_BASE_URL: base });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("checkProviderKey with OUTBOUND_ALLOW_PRIVATE_NETWORKS=false", () => {
  it("refuses the organisation's loopback base URL without calling it", async () => {
    hits.length = 0;
    const result = await checkProviderKey("openai-compatible", "k", base);
    expect(result).toEqual({
      isTested: true,
      ok: false,
      message: `Could not test the key at ${base}: Requests to 127.0.0.1 are blocked: it is a loopback address and this server does not call private networks`,
    });
    expect(hits).toEqual([]);
  });

  it("refuses a hostname resolving to loopback", async () => {
    const result = await checkProviderKey("mistral", "k", "http://localhost:9/v1");
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Requests to localhost are blocked: it resolves to a loopback address/);
  });

  it("still tests a key against the platform's own base URL (not customer-supplied)", async () => {
    hits.length = 0;
    const result = await checkProviderKey("openai", "k", null);
    expect(result).toEqual({ isTested: true, ok: true, message: "OpenAI accepted the key" });
    expect(hits).toEqual(["/v1/models"]);
  });
});
