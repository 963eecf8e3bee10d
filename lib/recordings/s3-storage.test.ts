// The S3 client against a loopback HTTP server standing in for the bucket: checks the wire
// requests (path-style URLs, SigV4 headers, a streamed PUT with its length, Range passthrough).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Storage } from "./s3-storage";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer };
const seen: Seen[] = [];
const objects = new Map<string, Buffer>();
let endpoint: string;
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
  const key = req.url!;
  if (req.method === "PUT") {
    objects.set(key, body);
    return res.writeHead(200).end();
  }
  const object = objects.get(key);
  if (!object) return res.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>");
  if (req.method === "HEAD") return res.writeHead(200, { "content-length": object.length }).end();
  if (req.method === "DELETE") {
    objects.delete(key);
    return res.writeHead(204).end();
  }
  const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? "");
  if (range) return res.writeHead(206).end(object.subarray(Number(range[1]), Number(range[2]) + 1));
  res.writeHead(200).end(object);
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const text = async (s: ReadableStream<Uint8Array> | null) => (s ? Buffer.from(await new Response(s).arrayBuffer()).toString() : null);

describe("S3 storage", () => {
  const storage = () =>
    createS3Storage({
      endpoint,
      bucket: "calls",
      region: "eu-west-1",
      prefix: "recordings/",
      forcePathStyle: true,
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    });

  it("puts a streamed object with a signed request, then stats, reads ranges, and deletes it", async () => {
    const s = storage();
    const body = Buffer.from("0123456789abcdef");
    await s.put("org/call.ogg", Readable.from([body.subarray(0, 8), body.subarray(8)]), { contentType: "audio/ogg", size: body.length });
    const put = seen.at(-1)!;
    expect(put.method).toBe("PUT");
    expect(put.url).toBe("/calls/recordings/org/call.ogg");
    expect(put.body.equals(body)).toBe(true);
    expect(put.headers["content-length"]).toBe("16");
    expect(put.headers["content-type"]).toBe("audio/ogg");
    expect(put.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );

    expect(await s.stat("org/call.ogg")).toEqual({ size: 16 });
    expect(await text(await s.get("org/call.ogg"))).toBe("0123456789abcdef");
    expect(await text(await s.get("org/call.ogg", { start: 2, end: 5 }))).toBe("2345");
    expect(seen.at(-1)!.headers.range).toBe("bytes=2-5");

    await s.delete("org/call.ogg");
    expect(await s.stat("org/call.ogg")).toBeNull();
    expect(await s.get("org/call.ogg")).toBeNull();
  });

  it("uses virtual-hosted URLs unless path style is forced, and refuses keys that are not ours", async () => {
    const requested: string[] = [];
    const s = createS3Storage({
      endpoint: "https://s3.example.test",
      bucket: "calls",
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      fetch: async (url) => {
        requested.push(String(url));
        return new Response(null, { status: 404 });
      },
    });
    expect(await s.stat("org/call.wav")).toBeNull();
    expect(requested).toEqual(["https://calls.s3.example.test/org/call.wav"]);
    await expect(s.stat("../etc/passwd")).rejects.toThrow(/invalid recording storage key/);
  });

  it("surfaces the store's error code", async () => {
    const s = createS3Storage({
      endpoint: "https://s3.example.test",
      bucket: "calls",
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      fetch: async () => new Response("<Error><Code>AccessDenied</Code></Error>", { status: 403 }),
    });
    await expect(s.get("org/call.wav")).rejects.toThrow("S3 GET answered 403 (AccessDenied)");
  });
});
