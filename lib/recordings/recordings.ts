import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import { createFsStorage } from "@/lib/recordings/fs-storage";
import { createS3Storage } from "@/lib/recordings/s3-storage";
import { parseRange } from "@/lib/recordings/range";
import { buildSignedRecordingUrl, checkRecordingSignature } from "@/lib/recordings/signed-url";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// Recording formats the worker may upload, by content type -> file extension.
const FORMATS: Record<string, { ext: string; contentType: string }> = {
  "audio/ogg": { ext: "ogg", contentType: "audio/ogg" },
  "audio/opus": { ext: "ogg", contentType: "audio/ogg" },
  "audio/wav": { ext: "wav", contentType: "audio/wav" },
  "audio/wave": { ext: "wav", contentType: "audio/wav" },
  "audio/x-wav": { ext: "wav", contentType: "audio/wav" },
};
const CONTENT_TYPES: Record<string, string> = { ogg: "audio/ogg", wav: "audio/wav" };

let storage: RecordingStorage | undefined;

/** The configured storage (RECORDINGS_STORAGE), created on first use. */
export function recordingStorage(): RecordingStorage {
  if (storage) return storage;
  const e = env();
  if (e.RECORDINGS_STORAGE === "s3") {
    const missing = (
      [
        ["RECORDINGS_S3_ENDPOINT", e.RECORDINGS_S3_ENDPOINT],
        ["RECORDINGS_S3_BUCKET", e.RECORDINGS_S3_BUCKET],
        ["RECORDINGS_S3_ACCESS_KEY_ID", e.RECORDINGS_S3_ACCESS_KEY_ID],
        ["RECORDINGS_S3_SECRET_ACCESS_KEY", e.RECORDINGS_S3_SECRET_ACCESS_KEY],
      ] as const
    ).filter(([, v]) => !v);
    if (missing.length) throw new Error(`RECORDINGS_STORAGE=s3 needs ${missing.map(([k]) => k).join(", ")}`);
    storage = createS3Storage({
      endpoint: e.RECORDINGS_S3_ENDPOINT!,
      bucket: e.RECORDINGS_S3_BUCKET!,
      region: e.RECORDINGS_S3_REGION,
      prefix: e.RECORDINGS_S3_PREFIX,
      forcePathStyle: e.RECORDINGS_S3_FORCE_PATH_STYLE,
      credentials: {
        accessKeyId: e.RECORDINGS_S3_ACCESS_KEY_ID!,
        secretAccessKey: e.RECORDINGS_S3_SECRET_ACCESS_KEY!,
        sessionToken: e.RECORDINGS_S3_SESSION_TOKEN,
      },
    });
  } else {
    storage = createFsStorage(e.RECORDINGS_DIR);
  }
  return storage;
}

/** Tests swap the storage (e.g. a temp dir); null restores the configured one. */
export function setRecordingStorageForTests(s: RecordingStorage | null) {
  storage = s ?? undefined;
}

function urlSecret(): string {
  const e = env();
  return e.RECORDING_URL_SECRET ?? createHash("sha256").update(`switchboard.recording-url:${e.ENCRYPTION_KEY}`).digest("hex");
}

/** Whether the call's assistant allows recording (gdpr_mode turns it off). */
export function isRecordingAllowed(assistantSnapshot: unknown): boolean {
  const snapshot = (assistantSnapshot ?? {}) as { gdpr_mode?: unknown };
  return snapshot.gdpr_mode !== true;
}

/** The signed, time-limited URL of a call's recording, or null when it has none. */
export function recordingUrlFor(call: { id: string; recordingKey: string | null }): string | null {
  if (!call.recordingKey) return null;
  return buildSignedRecordingUrl({ appUrl: env().APP_URL, secret: urlSecret(), callId: call.id, ttlSeconds: env().RECORDING_URL_TTL_SECONDS });
}

// Passes bytes through, failing once more than `max` (or more or fewer than the declared
// `expected`) arrive, so a lying or oversized upload never lands in storage. Lazy: the
// error surfaces to whoever reads, never as an unhandled stream error.
async function* limitBytes(source: AsyncIterable<Uint8Array>, max: number, expected: number) {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > max) throw new AppError("payload_too_large", `Recording is larger than ${max} bytes`);
    if (seen > expected) throw new AppError("invalid_request", "Body is longer than Content-Length");
    yield chunk;
  }
  if (seen !== expected) throw new AppError("invalid_request", "Body is shorter than Content-Length");
}

/** Stores the worker's upload as the call's recording (replacing an earlier one). */
export async function storeCallRecording(
  scope: OrgScope,
  callId: string,
  upload: { body: ReadableStream<Uint8Array> | null; contentType: string | null; contentLength: string | null },
) {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) }, select: { id: true, assistantSnapshot: true, recordingKey: true } });
  if (!call) throw notFound("Call");
  if (!isRecordingAllowed(call.assistantSnapshot)) {
    throw new AppError("recording_disabled", "Recording is disabled for this call (gdpr_mode)");
  }
  const mediaType = (upload.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const format = FORMATS[mediaType];
  if (!format) {
    throw new AppError("unsupported_media_type", "Content-Type must be audio/ogg or audio/wav", "content-type");
  }
  if (upload.contentLength === null || !/^\d+$/.test(upload.contentLength)) {
    throw new AppError("length_required", "Content-Length is required");
  }
  const size = Number(upload.contentLength);
  const max = env().RECORDING_MAX_BYTES;
  if (size > max) throw new AppError("payload_too_large", `Recording is larger than ${max} bytes`);
  if (size === 0 || !upload.body) throw new AppError("invalid_request", "Recording body is empty");

  const key = `${scope.organizationId}/${call.id}.${format.ext}`;
  const limited = Readable.from(limitBytes(upload.body as unknown as AsyncIterable<Uint8Array>, max, size), { objectMode: false });
  await recordingStorage().put(key, limited, { contentType: format.contentType, size });

  await db.call.update({ where: { id: call.id, ...orgWhere(scope) }, data: { recordingKey: key } });
  if (call.recordingKey && call.recordingKey !== key) {
    await recordingStorage().delete(call.recordingKey).catch(() => {});
  }
  return { key, size, contentType: format.contentType };
}

/** Who may read the recording: an organisation (API key or session) or a signed URL. */
export type RecordingAccess = OrgScope | { expires: string | null; signature: string | null };

/** A stored recording opened for reading: the whole file, or the byte range asked for. */
export type OpenedRecording =
  | { kind: "unsatisfiable"; size: number }
  | {
      kind: "full" | "partial";
      body: ReadableStream<Uint8Array>;
      size: number;
      /** Inclusive byte range of a partial read. */
      range: { start: number; end: number } | null;
      contentType: string;
      fileName: string;
    };

/** Opens the call's recording for `access`; `rangeHeader` is an HTTP Range value or null. */
export async function openCallRecording(callId: string, access: RecordingAccess, rangeHeader: string | null): Promise<OpenedRecording> {
  if ("signature" in access) {
    const check = checkRecordingSignature({ secret: urlSecret(), callId, expires: access.expires, signature: access.signature });
    if (check === "expired") throw new AppError("forbidden", "This recording link has expired");
    if (check === "invalid") throw new AppError("forbidden", "This recording link is not valid");
  }
  const call = await db.call.findFirst({
    where: { id: callId, ...("organizationId" in access ? orgWhere(access) : {}) },
    select: { id: true, recordingKey: true },
  });
  if (!call) throw notFound("Call");
  if (!call.recordingKey) throw notFound("Recording");

  const store = recordingStorage();
  const stored = await store.stat(call.recordingKey);
  if (!stored) throw notFound("Recording");
  const ext = call.recordingKey.split(".").pop() ?? "";
  const range = parseRange(rangeHeader, stored.size);
  if (range.kind === "unsatisfiable") return { kind: "unsatisfiable", size: stored.size };
  const body = await store.get(call.recordingKey, range.kind === "partial" ? range.range : undefined);
  if (!body) throw notFound("Recording");
  return {
    kind: range.kind === "partial" ? "partial" : "full",
    body,
    size: stored.size,
    range: range.kind === "partial" ? range.range : null,
    contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
    fileName: `call-${call.id}.${ext}`,
  };
}
