import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, fromZodError } from "@/lib/errors/app-error";
import { errorBody, errorFormOf, httpStatus, inErrorForm } from "@/lib/api/errors";
import { actingScope, resolveCaller } from "@/lib/api/scope";
import { checkCookieWrite } from "@/lib/api/csrf";
import { MAX_QUERY_BYTES } from "@/lib/api/limits";
import { env } from "@/lib/env";
import { appSecurityHeaders } from "@/lib/http/app-headers";
import { withSecurityHeaders } from "@/lib/http/security-headers";
import { requirePermission, type Scope } from "@/lib/tenancy/scope";
import type { Permission } from "@/lib/tenancy/permissions";
import { consumeRequestRateLimit, rateLimitHeaders, type RateLimitResult } from "@/lib/api/rate-limit";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEntry } from "@/lib/audit/audit-log";
import {
  defaultStatus,
  type BodyOf,
  type Operation,
  type ParamsOf,
  type QueryOf,
  type ReplyBodyOf,
  type StatusOf,
  type SuccessStatusOf,
} from "@/lib/api/operation";

type RouteContext = { params: Promise<Record<string, string>> };
type Handler<T> = (args: { req: Request; params: Record<string, string>; scope: T }) => Promise<Response>;

export const json = (data: unknown, status = 200) => NextResponse.json(data, { status });

// Behind a reverse proxy the request URL may carry an internal host; APP_URL is the public one.
const trustedOrigins = () => {
  try {
    return [new URL(env().APP_URL).origin];
  } catch {
    return [];
  }
};

// Maps anything thrown to the public error format; unknown errors are logged, never echoed.
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return NextResponse.json(errorBody(error), { status: httpStatus(error) });
  if (error instanceof z.ZodError) return toErrorResponse(fromZodError(error));
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return toErrorResponse(new AppError("not_found", "Resource not found"));
    if (error.code === "P2002") return toErrorResponse(new AppError("conflict", "A resource with these values already exists"));
  }
  console.error("Unhandled API error", error);
  return toErrorResponse(new AppError("internal_error", "An unexpected error occurred"));
}

// The one wrapper for /api/v1 routes: authenticate, rate-limit the caller, resolve the
// organisation it acts on (X-Organization-Id), check the permission the route declares, map
// errors. Every response after authentication (success or error, 429 and a bad
// X-Organization-Id included) carries the caller's X-RateLimit-* headers; a 401 has no
// caller to count against, so it has none.
// With `audit`, every write (any method but GET/HEAD/OPTIONS) whose caller and acting
// organisation are known is recorded in the audit log of the organisation acted on, refused
// ones (403, 422, …) included: who, acting from where, which operation, when, the status.
export function withOrg(handler: Handler<Scope>, options: { permission?: Permission; bodyMedia?: readonly string[]; audit?: { operationId: string } } = {}) {
  return async (req: Request, ctx: RouteContext) => {
    let limit: RateLimitResult | undefined;
    let scope: Scope | undefined;
    let res: Response;
    try {
      const caller = await resolveCaller(req);
      if (caller.principal.kind === "user") checkCookieWrite(req, trustedOrigins(), options.bodyMedia);
      limit = await consumeRequestRateLimit(caller);
      if (!limit.allowed) throw new AppError("rate_limit_exceeded", `Rate limit of ${limit.limit} requests per minute exceeded`);
      scope = await actingScope(caller, req);
      if (options.permission) requirePermission(scope, options.permission);
      res = await handler({ req, params: (await ctx?.params) ?? {}, scope });
    } catch (error) {
      res = toErrorResponse(error);
    }
    if (options.audit && scope && isWrite(req.method)) await audit(scope, req, options.audit.operationId, res.status);
    return finish(withHeaders(await inErrorForm(res, errorFormOf(req)), limit));
  };
}

/** Every API response carries the security headers (the proxy does not see requests with bodies). */
const finish = (res: Response) => withSecurityHeaders(res, appSecurityHeaders());

const isWrite = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());

async function audit(scope: Scope, req: Request, operationId: string, status: number) {
  try {
    const path = new URL(req.url).pathname.replace(/^\/api\/v1(?=\/)/, "");
    await recordAuditEntry(scope, { operationId, method: req.method, path, status });
  } catch (error) {
    // The write itself has happened; a lost entry is logged loudly rather than turned into a failure.
    console.error("Audit log entry not recorded", error);
  }
}

function withHeaders(res: Response, limit: RateLimitResult | undefined): Response {
  if (!limit) return res;
  const headers = rateLimitHeaders(limit);
  try {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  } catch {
    // Responses with immutable headers (e.g. passed through from fetch) are copied.
    const copy = new Response(res.body, res);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}

// Same error mapping for routes without organisation scope (health, sign-up, internal).
export function withErrors(handler: Handler<null>) {
  return async (req: Request, ctx: RouteContext) => {
    try {
      return finish(await inErrorForm(await handler({ req, params: (await ctx?.params) ?? {}, scope: null }), errorFormOf(req)));
    } catch (error) {
      return finish(await inErrorForm(toErrorResponse(error), errorFormOf(req)));
    }
  };
}

/** Largest JSON body a route reads unless its definition declares another (maxBodyBytes). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

const formatBytes = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`);
const tooLarge = (limit: number) => new AppError("payload_too_large", `Request body exceeds the limit of ${formatBytes(limit)} for this endpoint`);

/**
 * The body as text, refused with 413 as soon as it is known to be larger than `limit`: at once
 * from Content-Length, else after `limit` bytes of a chunked body (the rest is never read).
 */
export async function readBodyText(req: Request, limit = DEFAULT_BODY_LIMIT_BYTES): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_json", "Request body must be valid UTF-8 JSON");
  }
}

// PostgreSQL cannot store U+0000 in text or jsonb: refused at validation, naming the field.
function findNul(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key];
    const found = findNul(item, [...path, key]);
    if (found) return found;
  }
  return null;
}
const nulError = (path: string[]) => {
  const param = path.join(".") || null;
  return new AppError("validation_error", `${param ?? "body"}: must not contain NUL characters (\\u0000)`, param);
};

export async function parseBody<S extends z.ZodType>(req: Request, schema: S, options: { maxBytes?: number } = {}): Promise<z.output<S>> {
  const text = await readBodyText(req, options.maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "Request body must be valid JSON");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AppError("invalid_request", "Request body must be a JSON object");
  }
  const nul = findNul(raw);
  if (nul) throw nulError(nul);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const nul = findNul(params);
  if (nul) throw nulError(nul);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

// ---- Routes from operation definitions (lib/api/operations/*) ----

type ScopeOf<O extends Operation> = O["auth"] extends "none" ? null : O["auth"] extends "signed-url" ? Scope | null : Scope;

/** A status and body the operation declares; what a handler returns for a non-default status. */
class Reply {
  constructor(readonly status: number, readonly body: unknown) {}
}

export type RouteArgs<O extends Operation> = {
  req: Request;
  scope: ScopeOf<O>;
  params: ParamsOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  /** Answer with a declared status other than the default (the lowest success status). */
  reply: <S extends StatusOf<O>>(status: S, body: ReplyBodyOf<O, S>) => Reply;
};
/** A body of a declared success status (sent with the default status), a reply(), or a Response (streams). */
export type RouteResult<O extends Operation> = ReplyBodyOf<O, SuccessStatusOf<O>> | Reply | Response;
export type RouteHandler<O extends Operation> = (args: RouteArgs<O>) => Promise<RouteResult<O>>;

export type Routed<O extends Operation> = ((req: Request, ctx: RouteContext) => Promise<Response>) & {
  readonly operation: O;
  readonly handler: RouteHandler<O>;
};

const reply = (status: number, body: unknown) => new Reply(status, body);

function parseParams(operation: Operation, raw: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, param] of Object.entries(operation.params ?? {})) {
    const parsed = param.schema.safeParse(raw[name]);
    if (!parsed.success) throw new AppError("not_found", `${param.notFound} not found`);
    params[name] = parsed.data;
  }
  return params;
}

const isSignedRequest = (req: Request) => {
  const query = new URL(req.url).searchParams;
  return query.has("signature") || query.has("expires");
};

/**
 * The route of one operation: authenticates as the definition says, checks its permission,
 * turns path parameters that cannot exist into 404, parses the query and the JSON body with
 * the declared schemas and hands the typed values to the handler; its return value becomes
 * the JSON response. Rate-limit headers and error mapping are withOrg's and withErrors'.
 */
export function route<const O extends Operation>(operation: O, handler: RouteHandler<O>): Routed<O> {
  const status = defaultStatus(operation);
  const run = async ({ req, params: raw, scope }: { req: Request; params: Record<string, string>; scope: Scope | null }) => {
    if (new URL(req.url).search.length > MAX_QUERY_BYTES) throw new AppError("request_header_fields_too_large", `Query string exceeds ${MAX_QUERY_BYTES / 1024} KB`);
    const params = parseParams(operation, raw);
    const query = operation.query ? parseQuery(req, operation.query) : undefined;
    const body = operation.body ? await parseBody(req, operation.body, { maxBytes: operation.maxBodyBytes }) : undefined;
    const result = await handler({ req, scope, params, query, body, reply } as RouteArgs<O>);
    if (result instanceof Response) return result;
    if (result instanceof Reply) return json(result.body, result.status);
    return json(result, status);
  };
  const authenticated = withOrg(run, { permission: operation.permission, bodyMedia: operation.bodyMedia, audit: { operationId: operation.operationId } });
  const open = withErrors(run);
  const routed =
    operation.auth === "none" ? open
    : operation.auth === "signed-url" ? (req: Request, ctx: RouteContext) => (isSignedRequest(req) ? open(req, ctx) : authenticated(req, ctx))
    : authenticated;
  return Object.assign(routed, { operation, handler });
}
