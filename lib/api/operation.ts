import { z } from "zod";
import type { Permission } from "@/lib/tenancy/permissions";

// One definition per /api/v1 operation: its method, path, path parameters, query, body,
// responses, permission, documentation and the errors it can answer. The same object
// feeds the route wrapper (lib/api/handler.ts `route`), the OpenAPI document
// (lib/openapi/document.ts) and the portal's typed client (lib/client/api.ts `apiFetch`).
// Pure: no server code, so the browser imports the definitions too; the handler is bound
// to its definition in lib/api/routes/<resource>.ts.

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** A path segment: its schema, and the resource named in the 404 when the value cannot exist. */
export type PathParam = { schema: z.ZodType<string, string>; notFound: string; description?: string };

export type ResponseSpec = {
  description: string;
  /** JSON body of this status (what the handler returns for it). */
  schema?: z.ZodType;
  /** Media types of a non-JSON body (e.g. audio). */
  media?: readonly string[];
};

/**
 * "key": an API key or a portal session (the default). "none": public. "signed-url": a key or
 * session, or else the `expires` and `signature` query parameters of a signed link (checked by
 * the handler; the scope is then null).
 */
export type Auth = "key" | "none" | "signed-url";

/** Error statuses an operation declares beyond those its shape implies (see lib/openapi/document.ts). */
export type DeclaredErrors = Partial<Record<403 | 404 | 409 | 413 | 415 | 416 | 502 | 503, string>>;

export type Operation = {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path relative to /api/v1, e.g. "/assistants/{id}". */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  deprecated?: boolean;
  auth?: Auth;
  /** The permission the caller's scope must hold (checked before anything else is read). */
  permission?: Permission;
  params?: Readonly<Record<string, PathParam>>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Media types of a non-JSON request body the handler reads itself (file uploads). */
  bodyMedia?: readonly string[];
  responses: Readonly<Partial<Record<number, ResponseSpec>>>;
  errors?: DeclaredErrors;
};

const placeholders = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Checks the definition's internal consistency once, at module load. */
export function defineOperation<const O extends Operation>(operation: O): O {
  const inPath = placeholders(operation.path).sort();
  const declared = Object.keys(operation.params ?? {}).sort();
  if (inPath.join() !== declared.join()) {
    throw new Error(`${operation.operationId}: path parameters {${inPath.join(", ")}} do not match params {${declared.join(", ")}}`);
  }
  if (!Object.keys(operation.responses).some((s) => Number(s) < 300)) throw new Error(`${operation.operationId}: no success response`);
  if (operation.auth === "none" && operation.permission) throw new Error(`${operation.operationId}: a public operation cannot require a permission`);
  return operation;
}

/** The same operation under another path: HMS's deprecated aliases (/agents for /assistants). */
export function aliasOf<const O extends Operation, const P extends string>(operation: O, alias: { path: P; operationId: string }) {
  return defineOperation({ ...operation, path: alias.path, operationId: alias.operationId, deprecated: true as const });
}

// A path id that cannot exist answers 404, exactly like another organisation's id; ids are
// compared in lower case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidParam = (resource: string): PathParam => ({
  schema: z.string().regex(UUID).meta({ format: "uuid" }).transform((s) => s.toLowerCase()),
  notFound: resource,
});

export const successSchema = z.object({ success: z.literal(true) });

// ---- Types derived from a definition (handler arguments, client requests and responses) ----

type Shape<T> = T extends z.ZodType ? T : never;
export type ParamsOf<O extends Operation> = O["params"] extends Readonly<Record<string, PathParam>>
  ? { [K in keyof O["params"]]: z.output<O["params"][K]["schema"]> }
  : Record<string, never>;
export type ParamsInputOf<O extends Operation> = O["params"] extends Readonly<Record<string, PathParam>>
  ? { [K in keyof O["params"]]: string }
  : never;
export type QueryOf<O extends Operation> = O["query"] extends z.ZodType ? z.output<Shape<O["query"]>> : undefined;
export type QueryInputOf<O extends Operation> = O["query"] extends z.ZodType ? z.input<Shape<O["query"]>> : never;
export type BodyOf<O extends Operation> = O["body"] extends z.ZodType ? z.output<Shape<O["body"]>> : undefined;
export type BodyInputOf<O extends Operation> = O["body"] extends z.ZodType ? z.input<Shape<O["body"]>> : never;

export type StatusOf<O extends Operation> = Extract<keyof O["responses"], number>;
export type SuccessStatusOf<O extends Operation> = Extract<StatusOf<O>, 200 | 201 | 202 | 203 | 204 | 206>;
type SchemaOf<O extends Operation, S extends StatusOf<O>> = O["responses"][S] extends { schema: infer T extends z.ZodType } ? T : undefined;
/** What the handler hands over for status S (before serialisation). */
export type ReplyBodyOf<O extends Operation, S extends StatusOf<O>> = SchemaOf<O, S> extends z.ZodType ? z.input<SchemaOf<O, S>> : unknown;
/** What a client receives with a success status. */
export type ResponseOf<O extends Operation> = { [S in SuccessStatusOf<O>]: SchemaOf<O, S> extends z.ZodType ? z.output<SchemaOf<O, S>> : unknown }[SuccessStatusOf<O>];

/** The lowest success status: what a handler's plain return value is sent with. */
export const defaultStatus = (operation: Operation): number =>
  Math.min(...Object.keys(operation.responses).map(Number).filter((s) => s < 300));

/** "/assistants/{id}" with { id } filled in, URL-encoded. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
