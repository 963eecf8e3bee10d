// Recordings in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Scaleway, OVH…), over
// plain fetch with SigV4-signed requests. Uploads stream with an UNSIGNED-PAYLOAD body hash
// (allowed by S3 over HTTPS and by the compatible stores) so nothing is buffered in memory.
import { Readable } from "node:stream";
import { assertSafeKey, type ByteRange, type RecordingStorage } from "./storage";
import { EMPTY_PAYLOAD_HASH, signRequest, UNSIGNED_PAYLOAD, type SigV4Credentials } from "./sigv4";

export interface S3StorageOptions {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: SigV4Credentials;
  /** https://endpoint/bucket/key instead of https://bucket.endpoint/key (MinIO and most self-hosted stores). */
  forcePathStyle?: boolean;
  /** Prefix inside the bucket, e.g. "recordings/". */
  prefix?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class S3StorageError extends Error {
  override name = "S3StorageError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function createS3Storage(opts: S3StorageOptions): RecordingStorage {
  const doFetch = opts.fetch ?? fetch;
  const endpoint = new URL(opts.endpoint);
  const prefix = opts.prefix ? opts.prefix.replace(/^\/+|\/+$/g, "") + "/" : "";

  const urlOf = (key: string) => {
    assertSafeKey(key);
    const objectPath = `${prefix}${key}`.split("/").map(encodeURIComponent).join("/");
    const base = endpoint.pathname.replace(/\/+$/, "");
    if (opts.forcePathStyle) return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${opts.bucket}/${objectPath}`);
    return new URL(`${endpoint.protocol}//${opts.bucket}.${endpoint.host}${base}/${objectPath}`);
  };

  async function send(method: string, key: string, init: { headers?: Record<string, string>; body?: RequestInit["body"]; payloadHash?: string } = {}) {
    const url = urlOf(key);
    const headers = signRequest(
      { method, url, headers: init.headers, payloadHash: init.payloadHash ?? EMPTY_PAYLOAD_HASH, region: opts.region },
      opts.credentials,
    );
    const res = await doFetch(url, {
      method,
      headers,
      body: init.body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
      ...(init.body ? { duplex: "half" } : {}),
    } as RequestInit);
    return res;
  }

  const fail = async (what: string, res: Response): Promise<never> => {
    const detail = (await res.text().catch(() => "")).match(/<Code>([^<]+)<\/Code>/)?.[1];
    throw new S3StorageError(`S3 ${what} answered ${res.status}${detail ? ` (${detail})` : ""}`, res.status);
  };

  return {
    async put(key, body, { contentType, size }) {
      const res = await send("PUT", key, {
        headers: { "content-type": contentType, "content-length": String(size) },
        body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
        payloadHash: UNSIGNED_PAYLOAD,
      });
      if (!res.ok) return fail("PUT", res);
      await res.body?.cancel();
    },
    async stat(key) {
      const res = await send("HEAD", key);
      if (res.status === 404) return null;
      if (!res.ok) return fail("HEAD", res);
      return { size: Number(res.headers.get("content-length") ?? 0) };
    },
    async get(key, range?: ByteRange) {
      const res = await send("GET", key, range ? { headers: { range: `bytes=${range.start}-${range.end}` } } : {});
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) return fail("GET", res);
      return res.body;
    },
    async delete(key) {
      const res = await send("DELETE", key);
      if (!res.ok && res.status !== 404) return fail("DELETE", res);
      await res.body?.cancel();
    },
  };
}
