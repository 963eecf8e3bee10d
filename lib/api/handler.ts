import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, fromZodError } from "@/lib/errors/app-error";
import { errorBody, httpStatus } from "@/lib/api/errors";
import { resolveScope } from "@/lib/api/scope";
import { requirePermission, type Scope } from "@/lib/tenancy/scope";
import type { Permission } from "@/lib/tenancy/permissions";
import { consumeRequestRateLimit, rateLimitHeaders, type RateLimitResult } from "@/lib/api/rate-limit";
import { Prisma } from "@/lib/generated/prisma/client";

type RouteContext = { params: Promise<Record<string, string>> };
type Handler<T> = (args: { req: Request; params: Record<string, string>; scope: T }) => Promise<Response>;

export const json = (data: unknown, status = 200) => NextResponse.json(data, { status });

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

// The one wrapper for /api/v1 routes: authenticate, scope, rate-limit, check the permission
// the route declares, map errors.
// Every response after authentication (success or error, 429 included) carries the
// caller's X-RateLimit-* headers; a 401 has no caller to count against, so it has none.
export function withOrg(handler: Handler<Scope>, options: { permission?: Permission } = {}) {
  return async (req: Request, ctx: RouteContext) => {
    let limit: RateLimitResult | undefined;
    try {
      const scope = await resolveScope(req);
      limit = await consumeRequestRateLimit(scope);
      if (!limit.allowed) throw new AppError("rate_limit_exceeded", `Rate limit of ${limit.limit} requests per minute exceeded`);
      if (options.permission) requirePermission(scope, options.permission);
      return withHeaders(await handler({ req, params: (await ctx?.params) ?? {}, scope }), limit);
    } catch (error) {
      return withHeaders(toErrorResponse(error), limit);
    }
  };
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
      return await handler({ req, params: (await ctx?.params) ?? {}, scope: null });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new AppError("invalid_json", "Request body must be valid JSON");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AppError("invalid_request", "Request body must be a JSON object");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
