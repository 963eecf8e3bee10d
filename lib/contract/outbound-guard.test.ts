import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPublicUrl, BlockedOutboundUrlError, classifyAddress, guardedFetch } from "./outbound-guard";

const GUARDED = { allowPrivate: false };

async function refusal(promise: Promise<unknown>): Promise<BlockedOutboundUrlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlockedOutboundUrlError);
  return error as BlockedOutboundUrlError;
}

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["[::1]", "loopback"],
    ["not-an-ip", "reserved"],
  ])("%s is %s", (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2001:db8::1"])(
    "%s is public",
    (address) => {
      expect(classifyAddress(address)).toBeNull();
    },
  );
});

describe("assertPublicUrl", () => {
  it.each([
    ["http://127.0.0.1:8080/hook", "loopback"],
    ["http://127.1/hook", "loopback"], // WHATWG shorthand
    ["http://2130706433/hook", "loopback"], // decimal form of 127.0.0.1
    ["http://0x7f000001/hook", "loopback"],
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["https://10.0.0.5/", "private"],
    ["http://[::1]:3000/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[fd00::1]/", "private"],
    ["http://0.0.0.0:5432/", "unspecified"],
    ["http://100.100.100.200/", "shared"],
  ])("refuses %s (%s)", async (url, reason) => {
    const error = await refusal(assertPublicUrl(url, GUARDED));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(/^Requests to \S+ are blocked: it is /);
  });

  it("refuses a hostname resolving to loopback (localhost) and names the host, not the address", async () => {
    const error = await refusal(assertPublicUrl("http://localhost:9999/tools", GUARDED));
    expect(error.reason).toBe("loopback");
    expect(error.host).toBe("localhost");
    expect(error.message).toBe("Requests to localhost are blocked: it resolves to a loopback address and this server does not call private networks");
    expect(error.message).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it("refuses a host when any of its addresses is private", async () => {
    const lookup = async () => [{ address: "93.184.216.34" }, { address: "10.0.0.7" }];
    const error = await refusal(assertPublicUrl("https://mixed.example.com/", { allowPrivate: false, lookup }));
    expect(error.reason).toBe("private");
  });

  it("accepts public literals and hosts resolving to public addresses", async () => {
    await expect(assertPublicUrl("https://8.8.8.8/", GUARDED)).resolves.toBeInstanceOf(URL);
    const lookup = async () => [{ address: "93.184.216.34" }, { address: "2606:2800:220:1:248:1893:25c8:1946" }];
    const url = await assertPublicUrl("https://hooks.example.com/x", { allowPrivate: false, lookup });
    expect(url.hostname).toBe("hooks.example.com");
  });

  it.each(["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:6379/", "data:text/plain,hi"])(
    "refuses the scheme of %s, even when private networks are allowed",
    async (url) => {
      for (const allowPrivate of [false, true]) {
        const error = await refusal(assertPublicUrl(url, { allowPrivate }));
        expect(error.reason).toBe("scheme");
        expect(error.message).toMatch(/^Only http and https URLs can be called/);
      }
    },
  );

  it("refuses an invalid URL", async () => {
    expect((await refusal(assertPublicUrl("not a url", GUARDED))).reason).toBe("invalid-url");
  });

  it("allows private addresses when allowPrivate is set, without resolving", async () => {
    const lookup = async () => {
      throw new Error("must not resolve");
    };
    await expect(assertPublicUrl("http://localhost:1/", { allowPrivate: true, lookup })).resolves.toBeInstanceOf(URL);
  });

  it("lets a DNS failure through as the resolver's error, not as a refusal", async () => {
    const lookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" });
    };
    const error = await assertPublicUrl("https://nowhere.invalid/", { allowPrivate: false, lookup }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(BlockedOutboundUrlError);
    expect((error as { code?: string }).code).toBe("ENOTFOUND");
  });
});

describe("guardedFetch", () => {
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { "content-type": "text/plain" }).end("hello");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("calls a loopback server when private networks are allowed", async () => {
    const res = await guardedFetch(`${base}/x`, {}, { allowPrivate: true });
    expect(await res.text()).toBe("hello");
  });

  it("never connects to a loopback server when the guard is on", async () => {
    const before = hits;
    const error = await refusal(guardedFetch(`${base}/x`, { method: "POST", body: "{}" }, GUARDED));
    expect(error.reason).toBe("loopback");
    expect(hits).toBe(before);
  });

  it("does not follow redirects when the guard is on", async () => {
    const seen: RequestInit[] = [];
    const lookup = async () => [{ address: "93.184.216.34" }];
    const fakeFetch: typeof fetch = async (_input, init) => {
      seen.push(init ?? {});
      return new Response(null, { status: 302, headers: { location: "http://169.254.169.254/" } });
    };
    const res = await guardedFetch("https://hooks.example.com/", {}, { allowPrivate: false, lookup, fetch: fakeFetch });
    expect(res.status).toBe(302);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.redirect).toBe("manual");
  });

  it("turns a DNS failure into fetch's own network error", async () => {
    const lookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" });
    };
    const error = (await guardedFetch("https://nowhere.invalid/", {}, { allowPrivate: false, lookup }).catch((e: unknown) => e)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect((error.cause as { code?: string }).code).toBe("ENOTFOUND");
  });
});
