import { z } from "zod";
import type { Operation } from "@/lib/api/operation";
import { operations } from "@/lib/api/operations";
import { componentBases, componentSchemas, documentedAs, errorSchema } from "@/lib/openapi/components";
import type { OperationKind } from "@/lib/openapi/types";
import pkg from "@/package.json" with { type: "json" };

// The OpenAPI 3.1 document, generated from the operation definitions (lib/api/operations/*).
// Schemas named in lib/openapi/components.ts are emitted once under #/components/schemas and
// referenced; the rest (list envelopes, queries) are inlined where they are used. Responses,
// parameters and headers that operations share are stated once under components too.

export { operations };

type Json = Record<string, unknown>;
type Io = "input" | "output";

const SCHEMAS = "#/components/schemas/";
const ROOT = "__root";

/** Every $ref in a JSON value, visited (and optionally rewritten) in place. */
function walkRefs(value: unknown, visit: (ref: string) => string | void): void {
  if (Array.isArray(value)) return value.forEach((v) => walkRefs(v, visit));
  if (value === null || typeof value !== "object") return;
  const object = value as Json;
  if (typeof object.$ref === "string") {
    const next = visit(object.$ref);
    if (next) object.$ref = next;
  }
  for (const [key, child] of Object.entries(object)) if (key !== "$ref") walkRefs(child, visit);
}

const refName = (ref: string) => (ref.startsWith(SCHEMAS) ? ref.slice(SCHEMAS.length) : undefined);

// zod spells formats out as long regular expressions (a date-time is 400 characters) and bounds
// integers by the safe range; the format alone says it, and the bounds say nothing.
// Responses are not closed: a field added later must not break a client that validates them.
const trim = (io: Io, aliases: Map<z.ZodType, string>) => ({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: Json }) => {
  const alias = aliases.get(zodSchema as z.ZodType);
  if (alias) {
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    jsonSchema.$ref = SCHEMAS + alias;
    return;
  }
  compactNullable(jsonSchema);
  if (jsonSchema.format && jsonSchema.pattern) delete jsonSchema.pattern;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  // A default is what the server fills in for a request; a response states the value itself.
  if (io === "output") delete jsonSchema.default;
  // A record of string keys: every JSON key is a string and anything goes as a value already.
  if (JSON.stringify(jsonSchema.propertyNames) === '{"type":"string"}') delete jsonSchema.propertyNames;
  if (JSON.stringify(jsonSchema.additionalProperties) === "{}") delete jsonSchema.additionalProperties;
};

// anyOf [X, null] as X with "null" among its types: the same constraint, said shorter (type-
// specific keywords such as minimum or format do not apply to null).
function compactNullable(json: Json) {
  const options = json.anyOf as Json[] | undefined;
  if (!Array.isArray(options) || options.length !== 2) return;
  const nullAt = options.findIndex((o) => Object.keys(o).length === 1 && o.type === "null");
  const other = options[1 - nullAt];
  if (nullAt < 0 || !other || typeof other.type !== "string" || "$ref" in other || "const" in other) return;
  const merged: Json = { ...other, type: [other.type, "null"] };
  if (Array.isArray(other.enum)) merged.enum = [...other.enum, null];
  delete json.anyOf;
  Object.assign(json, merged);
}

/**
 * Converts the named schemas and the given root schemas in one direction (request bodies and
 * parameters are "input", responses "output"). Roots that are named become $refs; the others
 * come back inline. Also returns the names reachable from the roots.
 */
function convert(io: Io, roots: z.ZodType[]) {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of componentSchemas) {
    if (registry.has(schema)) throw new Error(`OpenAPI component ${name}: the schema is already named ${registry.get(schema)!.id}`);
    registry.add(schema, { id: name });
  }
  const rootIds = new Map<z.ZodType, string>();
  for (const schema of roots) {
    if (!registry.has(schema) && !rootIds.has(schema)) {
      const id = `${ROOT}${rootIds.size}`;
      registry.add(schema, { id });
      rootIds.set(schema, id);
    }
  }
  const aliases = new Map(documentedAs.map(([schema, as]) => [schema, registry.get(as)!.id]));
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, unrepresentable: "any", uri: (id) => SCHEMAS + id, override: trim(io, aliases) }) as {
    schemas: Record<string, Json>;
  };
  if (schemas.__shared) throw new Error("OpenAPI: a cyclic schema needs a name in lib/openapi/components.ts");
  for (const json of Object.values(schemas)) {
    delete json.$schema;
    delete json.$id;
  }
  // A root nested in another schema would be referenced by its temporary id: name it instead.
  for (const [id, json] of Object.entries(schemas)) {
    walkRefs(json, (ref) => {
      if (refName(ref)?.startsWith(ROOT)) throw new Error(`OpenAPI: ${id} embeds an operation's schema (${ref}); name it in lib/openapi/components.ts`);
    });
  }
  const rootJson = (schema: z.ZodType): Json => {
    const id = rootIds.get(schema);
    return id ? schemas[id]! : { $ref: SCHEMAS + registry.get(schema)!.id };
  };
  const reachable = new Set<string>();
  const reach = (json: unknown) =>
    walkRefs(json, (ref) => {
      const name = refName(ref);
      if (name && !reachable.has(name)) {
        reachable.add(name);
        reach(schemas[name]);
      }
    });
  const rootsJson = new Map(roots.map((schema) => [schema, rootJson(schema)]));
  for (const json of rootsJson.values()) reach(json);
  const components = Object.fromEntries([...reachable].map((name) => [name, schemas[name]!]));
  return { roots: rootsJson, components };
}

const HEADERS = "#/components/headers/";
// Keyed short: the header's name is its key in a response's headers map, not this one.
const headerComponents = {
  Limit: { description: "Requests allowed per minute", schema: { type: "integer" } },
  Remaining: { description: "Requests left in the current minute", schema: { type: "integer" } },
  Reset: { description: "When the window resets (unix seconds)", schema: { type: "integer" } },
  RetryAfter: { description: "Seconds to wait before retrying", schema: { type: "integer" } },
};
const rateLimitHeaders = { "X-RateLimit-Limit": { $ref: `${HEADERS}Limit` }, "X-RateLimit-Remaining": { $ref: `${HEADERS}Remaining` }, "X-RateLimit-Reset": { $ref: `${HEADERS}Reset` } };

const errorContent = { "application/json": { schema: { $ref: `${SCHEMAS}Error` } } };

// The acting organisation (docs/api-decisions.md, "Who acts on which organisation"); the
// wrapper reads it after rate-limiting the caller, so its 400 and 404 carry the headers.
const ORGANIZATION_HEADER = "X-Organization-Id";
const badOrganization = `${ORGANIZATION_HEADER} is not an organisation id (a UUID)`;
const unknownOrganization = `${ORGANIZATION_HEADER} names no organisation the caller may act on`;
const organizationParameter = {
  name: ORGANIZATION_HEADER,
  in: "header",
  description: "Act on this organisation: the caller's own (the default) or one below it in the tree (platform → partner → client). 400 when it is not a UUID, 404 when it names no organisation the caller may act on.",
  schema: { type: "string", format: "uuid" },
};

const RESPONSES = "#/components/responses/";
// An error is the Error response with a description of its own: a Reference Object's
// description overrides the referenced one's (OpenAPI 3.1).
const errorResponse = (description: string) => ({ $ref: `${RESPONSES}Error`, description });

// Errors some operations list alike (public ones: the others have the common ones).
const responseComponents = {
  Error: { description: "Error (see error.code)", content: errorContent },
  E400Public: errorResponse("Malformed request: the body is not JSON, or not a JSON object"),
  E404Public: errorResponse("Not found"),
};
const shared = (name: keyof typeof responseComponents) => ({ $ref: RESPONSES + name });

// What every operation of a kind may answer is stated once, under x-common-responses, not in
// each operation; an operation lists its successes and the errors particular to it, and a
// status it lists replaces the common one (a declared 404 names the header's case too).
// Likewise the rate-limit headers, which every authenticated answer but a 401 carries.
export const COMMON_RESPONSES = "x-common-responses";
export const COMMON_HEADERS = "x-common-headers";
/**
 * By kind of operation: "all"; "authenticated": all but those with `security: []` (they take
 * X-Organization-Id, hence a 400 and a 404 even without a body or a path id); "permission":
 * those naming an x-permission; "input": those with a request body or query parameters (a
 * signed link's, marked x-signed-link, aside). lib/openapi/resolve.ts `operationResponses`
 * puts them together again.
 */
const commonResponses: Record<OperationKind, Record<number, unknown>> = {
  all: { 500: errorResponse("Unexpected error") },
  authenticated: {
    400: errorResponse(`Malformed request: the body is not JSON or not a JSON object, or ${badOrganization}`),
    401: errorResponse("Missing or invalid API key"),
    404: errorResponse(`Not found: the path's id (also another organisation's), or ${unknownOrganization}`),
    429: { description: "Rate limit exceeded (see Retry-After)", headers: { "Retry-After": { $ref: `${HEADERS}RetryAfter` } }, content: errorContent },
  },
  permission: { 403: errorResponse("Forbidden: the caller lacks the permission named in x-permission (a member's role, or the API key's scopes)") },
  input: { 422: errorResponse("Invalid field or query parameter (see error.param)") },
};
const commonHeaders = { authenticated: rateLimitHeaders };
const conventions = [
  "A PATCH changes only the fields it sends.",
  "## Errors",
  "Errors answer the Error object (#/components/schemas/Error): a stable `error.code`, a message, and `error.param` naming the offending field.",
  `An operation lists its successes and the errors particular to it; \`${COMMON_RESPONSES}\` states the others, by kind of operation: any may answer 500; an authenticated one (not \`security: []\`) 401, 429, 400 (malformed body or X-Organization-Id) and 404 (path id or X-Organization-Id); one with \`x-permission\` 403; one with a body or query parameters (those marked \`x-signed-link\` aside) 422.`,
  "## Rate limits",
  `Every authenticated response but a 401 carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (\`${COMMON_HEADERS}\`); a 429 adds Retry-After.`,
].join("\n\n");

const PARAMETERS = "#/components/parameters/";
const parameterComponents = { OrganizationId: organizationParameter };
// Checked by the handler, not parsed as the operation's query: no 422 (commonResponses "input").
const signedUrlParameters = [
  { name: "expires", in: "query", description: "Signed URL: expiry (Unix seconds)", schema: { type: "string", pattern: "^\\d+$" }, "x-signed-link": true },
  { name: "signature", in: "query", description: "Signed URL: HMAC-SHA256 signature (hex)", schema: { type: "string", pattern: "^[0-9a-f]{64}$" }, "x-signed-link": true },
];

type Converted = { input: Map<z.ZodType, Json>; output: Map<z.ZodType, Json> };

function toOperation(op: Operation, schemas: Converted) {
  const authenticated = op.auth !== "none";
  const json = (schema: z.ZodType, io: Io) => schemas[io].get(schema)!;

  const parameters: Json[] = Object.entries(op.params ?? {}).map(([name, param]) => ({
    name, in: "path", required: true, ...(param.description ? { description: param.description } : {}), schema: json(param.schema, "input"),
  }));
  if (op.query) {
    const query = json(op.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: "query", ...(query.required?.includes(name) ? { required: true } : {}), schema });
    }
  }
  if (op.auth === "signed-url") parameters.push(...signedUrlParameters);
  if (authenticated) parameters.push({ $ref: `${PARAMETERS}OrganizationId` });

  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    if (!r) continue;
    const content = r.schema ? { "application/json": { schema: json(r.schema, "output") } } : r.media ? Object.fromEntries(r.media.map((m) => [m, {}])) : undefined;
    responses[status] = { description: r.description, ...(content ? { content } : {}) };
  }
  // The errors particular to the operation: those it declares, and for a public operation
  // (no common 400 or 404) those its shape implies.
  const declared: Record<string, string> = { ...op.errors };
  if (!authenticated && op.body) responses["400"] = shared("E400Public");
  if (!authenticated && op.params) responses["404"] = shared("E404Public");
  if (declared["404"] && authenticated) declared["404"] = `${declared["404"]}; or ${unknownOrganization}`;
  for (const [status, description] of Object.entries(declared)) responses[status] = errorResponse(description);

  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [...op.tags],
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(op.auth === "none" ? { security: [] } : op.auth === "signed-url" ? { security: [{ bearerAuth: [] }, {}] } : {}),
    ...(op.permission ? { "x-permission": op.permission } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: json(op.body, "input") } } } } : {}),
    ...(!op.body && op.bodyMedia ? { requestBody: { required: true, content: Object.fromEntries(op.bodyMedia.map((m) => [m, { schema: m.startsWith("multipart/") ? { type: "object", properties: { file: { type: "string", format: "binary" } }, required: ["file"] } : { type: "string", format: "binary" } }])) } } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

/**
 * A success response that several operations answer alike (same description, headers and
 * named body schema) is stated once under #/components/responses, named after its schema.
 */
function shareSuccessResponses(paths: Record<string, Record<string, unknown>>) {
  type Site = { responses: Record<string, unknown>; status: string };
  const uses = new Map<string, { name: string; response: Json; sites: Site[] }>();
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item) as { responses?: Record<string, Json> }[]) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const body = (response.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]?.schema;
        const name = typeof body?.$ref === "string" ? refName(body.$ref) : undefined;
        if (Number(status) >= 300 || !name) continue;
        const key = JSON.stringify(response);
        const entry = uses.get(key) ?? { name, response, sites: [] };
        entry.sites.push({ responses: op.responses!, status });
        uses.set(key, entry);
      }
    }
  }
  const shared: Record<string, Json> = {};
  for (const { name, response, sites } of uses.values()) {
    if (sites.length < 2 || name in shared || name in responseComponents) continue;
    shared[name] = response;
    for (const site of sites) site.responses[site.status] = { $ref: `#/components/responses/${name}` };
  }
  return shared;
}

/**
 * An error an operation declares that others declare alike (the media server's 502 and 503,
 * a name taken) is stated once under #/components/responses too, keyed by its status.
 */
function shareDeclaredErrors(paths: Record<string, Record<string, unknown>>, taken: Set<string>) {
  const uses = new Map<string, { status: string; sites: Record<string, unknown>[] }>();
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item) as { responses?: Record<string, Json> }[]) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        // A shared one is a bare $ref; one of the operation's own has its description.
        if (Number(status) < 400 || !("description" in response)) continue;
        const key = JSON.stringify([status, response]);
        uses.set(key, { status, sites: [...(uses.get(key)?.sites ?? []), op.responses!] });
      }
    }
  }
  const components: Record<string, Json> = {};
  for (const [key, { status, sites }] of uses) {
    if (sites.length < 2) continue;
    let name = `E${status}`;
    for (let n = 2; taken.has(name) || name in components; n++) name = `E${status}_${n}`;
    components[name] = JSON.parse(key)[1] as Json;
    for (const responses of sites) responses[status] = { $ref: RESPONSES + name };
  }
  return components;
}

const isQuery = (p: Json) => (typeof p.$ref === "string" ? parameterComponents[p.$ref.slice(PARAMETERS.length) as keyof typeof parameterComponents]?.in : p.in) === "query";

/** Path and header parameters every method of a path takes are stated once, on the path item. */
function hoistPathParameters(item: Record<string, { parameters?: Json[] }>) {
  const ops = Object.values(item);
  const key = (p: Json) => JSON.stringify(p);
  const sharedBy = (op: { parameters?: Json[] }) => new Set((op.parameters ?? []).filter((p) => !isQuery(p)).map(key));
  const [first, ...rest] = ops.map(sharedBy);
  const common = (ops[0]!.parameters ?? []).filter((p) => !isQuery(p) && rest.every((set) => set.has(key(p))));
  if (!first || !common.length) return;
  const hoisted = new Set(common.map(key));
  for (const op of ops) {
    const left = (op.parameters ?? []).filter((p) => !hoisted.has(key(p)));
    if (left.length) op.parameters = left;
    else delete op.parameters;
  }
  (item as Record<string, unknown>).parameters = common;
}

const pascal = (name: string) => name.replace(/(^|[^A-Za-z0-9])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");

/**
 * A parameter several operations or paths state alike (limit, offset, a path id) is stated
 * once under #/components/parameters, named after it.
 */
function shareParameters(paths: Record<string, Record<string, unknown>>) {
  const lists: Json[][] = [];
  for (const item of Object.values(paths)) {
    if (Array.isArray(item.parameters)) lists.push(item.parameters as Json[]);
    for (const op of Object.values(item) as { parameters?: Json[] }[]) if (op && !Array.isArray(op) && op.parameters) lists.push(op.parameters);
  }
  const uses = new Map<string, number>();
  for (const p of lists.flat()) if (!p.$ref) uses.set(JSON.stringify(p), (uses.get(JSON.stringify(p)) ?? 0) + 1);
  const components: Record<string, Json> = {};
  const names = new Map<string, string>();
  for (const [key, count] of uses) {
    const parameter = JSON.parse(key) as Json;
    const name = pascal(String(parameter.name));
    if (count < 2 || name in components || name in parameterComponents) continue;
    components[name] = parameter;
    names.set(key, name);
  }
  for (const list of lists) {
    list.forEach((p, i) => {
      const name = names.get(JSON.stringify(p));
      if (name) list[i] = { $ref: PARAMETERS + name };
    });
  }
  return components;
}

/**
 * Components of both directions. A name used in requests and responses with different JSON
 * Schemas keeps its name for the response form; the request form becomes <name>Input.
 */
function mergeComponents(input: Record<string, Json>, output: Record<string, Json>, inputRoots: Json[]) {
  const merged: Record<string, Json> = { ...output };
  const renamed = new Map<string, string>();
  for (const [name, json] of Object.entries(input)) {
    if (!(name in output)) merged[name] = json;
    else if (JSON.stringify(json) !== JSON.stringify(output[name])) renamed.set(name, `${name}Input`);
  }
  // A schema alike in both directions that refers to a renamed one differs after all.
  const refersToRenamed = (json: Json) => {
    let found = false;
    walkRefs(json, (ref) => void (found ||= renamed.has(refName(ref) ?? "")));
    return found;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, json] of Object.entries(input)) {
      if (name in output && !renamed.has(name) && refersToRenamed(json)) {
        renamed.set(name, `${name}Input`);
        changed = true;
      }
    }
  }
  for (const [name, inputName] of renamed) {
    if (inputName in merged || [...renamed.values()].filter((n) => n === inputName).length > 1) throw new Error(`OpenAPI: ${inputName} is already a component name`);
    merged[inputName] = input[name]!;
  }
  const rename = (ref: string) => {
    const name = refName(ref);
    const next = name && renamed.get(name);
    return next ? SCHEMAS + next : undefined;
  };
  for (const json of [...inputRoots, ...Object.entries(input).map(([name, json]) => (renamed.has(name) || !(name in output) ? json : null))]) {
    if (json) walkRefs(json, rename);
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}

// ---- Composition: a schema stated as another plus what it adds ----

/** A copy without `default` (an annotation: it does not change what validates). */
const withoutDefaults = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "default").map(([key, child]) => [key, withoutDefaults(child)]));
};
const same = (a: unknown, b: unknown) => JSON.stringify(withoutDefaults(a)) === JSON.stringify(withoutDefaults(b));

/**
 * Restates named object schemas that another named schema nearly covers as allOf that one plus
 * the difference: AgentCreate is AgentUpdate with name and nothing else required; a response
 * form (SpeechConfig) is its request form (SpeechConfigInput) with the defaulted fields required.
 * Only where the result accepts exactly what the schema did: the same properties, each alike
 * or narrowed to a schema itself so composed from the other's, and more fields required.
 */
function composeSchemas(schemas: Record<string, Json>) {
  const bases = new Map<string, string>(); // composed name -> its base
  // Whether a accepts no more than b (so that b and a together accept what a does).
  const narrows = (a: Json, b: Json): boolean => {
    if (same(a, b)) return true;
    const [refA, refB] = [refName(String(a.$ref ?? "")), refName(String(b.$ref ?? ""))];
    if (refA && refB) {
      for (let name: string | undefined = refA; name; name = bases.get(name)) if (name === refB) return same({ ...a, $ref: 0 }, { ...b, $ref: 0 });
      return false;
    }
    const { items: itemsA, ...restA } = a;
    const { items: itemsB, ...restB } = b;
    if (itemsA && itemsB && same(restA, restB)) return narrows(itemsA as Json, itemsB as Json);
    const [anyA, anyB] = [a.anyOf, b.anyOf] as [Json[] | undefined, Json[] | undefined];
    if (anyA && anyB) return anyA.length === anyB.length && anyA.every((x, i) => narrows(x, anyB[i]!)) && same({ ...a, anyOf: 0 }, { ...b, anyOf: 0 });
    // A leaf with every constraint of b and more (a model name with length bounds, b any string).
    const structural = ["$ref", "properties", "additionalProperties", "items", "anyOf", "oneOf", "allOf"];
    const constraints = (json: Json) => Object.entries(json).filter(([key]) => key !== "default" && key !== "description");
    return (
      !Object.keys(a).some((key) => structural.includes(key)) &&
      !Object.keys(b).some((key) => structural.includes(key)) &&
      constraints(b).every(([key, value]) => JSON.stringify(a[key]) === JSON.stringify(value))
    );
  };
  const tryCompose = (name: string, base: string, extend: boolean): Json | undefined => {
    const [a, b] = [schemas[name]!, schemas[base]!];
    const isObject = (json: Json) => [json.type].flat().includes("object") && json.properties && !json.allOf;
    if (!isObject(a) || !isObject(b)) return undefined;
    const { properties: propsA, required: reqA = [], ...restA } = a as { properties: Record<string, Json>; required?: string[]; description?: string };
    const { properties: propsB, required: reqB = [], ...restB } = b as { properties: Record<string, Json>; required?: string[]; description?: string };
    const keysA = Object.keys(propsA);
    const keysB = Object.keys(propsB);
    // Extending adds properties, so the base must leave other properties open.
    if (extend ? "additionalProperties" in a || "additionalProperties" in b || !keysB.every((key) => key in propsA) : keysA.join() !== keysB.join()) return undefined;
    const { description: _descriptionA, ...shapeA } = restA;
    const { description: _descriptionB, ...shapeB } = restB;
    if (!same(extend ? shapeA : restA, extend ? shapeB : restB) || !reqB.every((key) => reqA.includes(key))) return undefined;
    const delta = Object.entries(propsA).filter(([key, prop]) => !(key in propsB) || !same(prop, propsB[key]));
    if (!delta.every(([key, prop]) => !(key in propsB) || narrows(prop, propsB[key]!))) return undefined;
    if (!delta.length && reqA.length === reqB.length) return undefined;
    return {
      ...(extend && restA.description ? { description: restA.description } : {}),
      allOf: [{ $ref: SCHEMAS + base }],
      ...(delta.length ? { properties: Object.fromEntries(delta) } : {}),
      ...(reqA.length > reqB.length ? { required: reqA } : {}),
    };
  };
  // Candidates: a response form and its request form; schemas alike but for what they require.
  const candidates: [string, string, boolean][] = Object.keys(schemas).flatMap((name) => (schemas[`${name}Input`] ? [[name, `${name}Input`, false] as [string, string, boolean]] : []));
  for (const [name, base] of componentBases) {
    for (const suffix of ["", "Input"]) if (schemas[name + suffix] && schemas[base + suffix]) candidates.push([name + suffix, base + suffix, true]);
  }
  const byShape = new Map<string, string[]>();
  for (const [name, json] of Object.entries(schemas)) {
    const { required: _required, ...shape } = json;
    const key = JSON.stringify(withoutDefaults(shape));
    byShape.set(key, [...(byShape.get(key) ?? []), name]);
  }
  for (const names of byShape.values()) {
    const fewest = [...names].sort((x, y) => ((schemas[x]!.required as string[] | undefined)?.length ?? 0) - ((schemas[y]!.required as string[] | undefined)?.length ?? 0))[0]!;
    for (const name of names) if (name !== fewest) candidates.push([name, fewest, false]);
  }
  // Nested schemas first: a property narrowed to a composed schema needs it composed already.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, base, extend] of candidates) {
      if (bases.has(name) || bases.get(base) === name) continue;
      const composed = tryCompose(name, base, extend);
      if (composed) {
        schemas[name] = composed;
        bases.set(name, base);
        changed = true;
      }
    }
  }
  return bases;
}

export function buildOpenApiDocument(serverUrl = "/api/v1") {
  const inputRoots = operations.flatMap((op) => [...Object.values(op.params ?? {}).map((p) => p.schema), ...(op.query ? [op.query] : []), ...(op.body ? [op.body] : [])]);
  // Error responses refer to the Error schema by hand.
  const outputRoots = [errorSchema, ...operations.flatMap((op) => Object.values(op.responses).flatMap((r) => (r?.schema ? [r.schema] : [])))];
  const input = convert("input", inputRoots);
  const output = convert("output", outputRoots);
  const schemas = mergeComponents(input.components, output.components, [...input.roots.values()]);
  composeSchemas(schemas);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = toOperation(op, { input: input.roots, output: output.roots });
  for (const item of Object.values(paths)) hoistPathParameters(item as Record<string, { parameters?: Json[] }>);
  const parameters = { ...parameterComponents, ...shareParameters(paths) };
  const successResponses = shareSuccessResponses(paths);
  const declaredErrors = shareDeclaredErrors(paths, new Set([...Object.keys(responseComponents), ...Object.keys(successResponses)]));
  const used = new Set<string>();
  const use = (value: unknown) =>
    walkRefs(value, (ref) => {
      const name = ref.slice(RESPONSES.length);
      if (!ref.startsWith(RESPONSES) || used.has(name)) return;
      used.add(name);
      use(responseComponents[name as keyof typeof responseComponents] ?? declaredErrors[name]);
    });
  use([paths, commonResponses, declaredErrors]);
  const errorResponses = Object.fromEntries(Object.entries(responseComponents).filter(([name]) => used.has(name)));
  return {
    openapi: "3.1.0",
    info: { title: "Switchboard API", version: pkg.version, description: `HMS Sovereign compatible voice-AI agent API.\n\n${conventions}` },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    [COMMON_RESPONSES]: commonResponses,
    [COMMON_HEADERS]: commonHeaders,
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "Organisation API key (sb_live_…)" } },
      schemas,
      parameters,
      responses: { ...errorResponses, ...declaredErrors, ...successResponses },
      headers: headerComponents,
    },
  };
}
