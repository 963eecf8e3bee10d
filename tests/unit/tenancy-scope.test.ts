import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Tenancy holds by construction only if nobody routes around it: one scope type (lib/tenancy),
// and every Prisma query in lib/ filtered by the organisation. The few legitimate exceptions
// are listed once, in lib/tenancy/scope.ts; this test reads that list.
const root = path.resolve(import.meta.dirname, "../..");
const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// ---- scope types ---------------------------------------------------------------------------

const SCOPE_TYPE = /\btype\s+\w*Scope\s*(?:<[^>]*>)?\s*=\s*\{|\binterface\s+\w*Scope\b/;

/** The lines of `text` that declare a scope type of their own. */
export function scopeTypeDeclarations(text: string): string[] {
  return text.split("\n").filter((line) => SCOPE_TYPE.test(line)).map((line) => line.trim());
}

// ---- unscoped queries ----------------------------------------------------------------------

/** Prisma's delegate names (`call`, `webhookDelivery`, …), from the schema. */
const MODELS = new Set(
  [...fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8").matchAll(/^model\s+(\w+)/gm)].map(([, name]) => name![0]!.toLowerCase() + name!.slice(1)),
);
const OPERATIONS = /^(find\w*|create\w*|update\w*|upsert|delete\w*|count|aggregate|groupBy)$/;
const RAW = /^\$(queryRaw|executeRaw)(Unsafe)?$/;
const SCOPED = /\borgWhere\(|\borganizationWhere\(|organizationId:\s*scope\.organizationId/;

/** The exceptions listed in lib/tenancy/scope.ts: a file, or some functions of it. */
function listedExceptions(): Map<string, Set<string> | "file"> {
  const text = fs.readFileSync(path.join(root, "lib/tenancy/scope.ts"), "utf8");
  const exceptions = new Map<string, Set<string> | "file">();
  for (const [, file, functions] of text.matchAll(/^\/\/\s+- (lib\/[\w./-]+\.ts)(?: \(([^)]*)\))?:/gm)) {
    exceptions.set(file!, functions ? new Set(functions.split(",").map((f) => f.trim())) : "file");
  }
  return exceptions;
}

function enclosingFunction(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) return n.parent.name.text;
    if (ts.isMethodDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
  }
  return null;
}

/**
 * The queries of a module that carry no organisation: `<client>.<model>.<operation>(…)` whose
 * arguments (with the local constants they use, e.g. `const where = orgWhere(scope)`) never
 * mention orgWhere, organizationWhere or the scope's organizationId, and raw SQL that never
 * names organization_id. Each as "function: query".
 */
export function unscopedQueries(fileName: string, text: string, allowedFunctions: ReadonlySet<string> = new Set()): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, string>();
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      constants.set(node.name.text, `${constants.get(node.name.text) ?? ""} ${node.initializer.getText(source)}`);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);
  // A name used as a value (not a property key) pulls in its constants, transitively.
  const isKey = (n: ts.Identifier) =>
    (ts.isPropertyAssignment(n.parent) && n.parent.name === n) || (ts.isPropertyAccessExpression(n.parent) && n.parent.name === n);
  const withConstants = (node: ts.Node) => {
    const parts = [node.getText(source)];
    const seen = new Set<string>();
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n) && !isKey(n) && constants.has(n.text) && !seen.has(n.text)) {
        seen.add(n.text);
        parts.push(constants.get(n.text)!);
        ts.forEachChild(ts.createSourceFile("constant.ts", `(${constants.get(n.text)!})`, ts.ScriptTarget.Latest, true), visit);
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return parts.join(" ");
  };

  const found: string[] = [];
  const report = (node: ts.Node) => {
    const fn = enclosingFunction(node);
    if (fn && allowedFunctions.has(fn)) return;
    found.push(`${fn ?? "(module)"}: ${node.getText(source).replace(/\s+/g, " ").slice(0, 120)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { name, expression: delegate } = node.expression;
      if (OPERATIONS.test(name.text) && ts.isPropertyAccessExpression(delegate) && MODELS.has(delegate.name.text)) {
        if (!node.arguments.some((argument) => SCOPED.test(withConstants(argument)))) report(node);
      }
    }
    if (ts.isTaggedTemplateExpression(node) && ts.isPropertyAccessExpression(node.tag) && RAW.test(node.tag.name.text)) {
      if (!/\borganization_id\b/.test(node.template.getText(source))) report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// ---- the checks ----------------------------------------------------------------------------

describe("the detectors", () => {
  it("find a module's own scope type", () => {
    expect(scopeTypeDeclarations(`type OrgScope = { organizationId: string };\n`)).toHaveLength(1);
    expect(scopeTypeDeclarations(`export interface CallScope {\n  organizationId: string;\n}\n`)).toHaveLength(1);
    expect(scopeTypeDeclarations(`import { type OrgScope } from "@/lib/tenancy/scope";\nexport type RecordingAccess = OrgScope | { signature: string };\n`)).toEqual([]);
  });

  it("find a query without the organisation", () => {
    const code = `
      export async function leaky(id: string) { return db.call.findUnique({ where: { id } }); }
      export async function scoped(scope: OrgScope, id: string) { return db.call.findFirst({ where: { id, ...orgWhere(scope) } }); }
      export async function viaConstant(scope: OrgScope) { const where = { ...orgWhere(scope), status: "ended" }; return tx.call.count({ where }); }
      export async function created(scope: OrgScope) { return db.callCommand.create({ data: { organizationId: scope.organizationId, callId: "c" } }); }
      export async function raw(id: string) { return db.$executeRaw\`UPDATE calls SET cost = 0 WHERE id = \${id}::uuid\`; }
      export const platformWide = () => db.call.findMany({ where: { status: "in_progress" } });
    `;
    expect(unscopedQueries("sample.ts", code)).toEqual([
      "leaky: db.call.findUnique({ where: { id } })",
      "raw: db.$executeRaw`UPDATE calls SET cost = 0 WHERE id = ${id}::uuid`",
      'platformWide: db.call.findMany({ where: { status: "in_progress" } })',
    ]);
    expect(unscopedQueries("sample.ts", code, new Set(["leaky", "raw", "platformWide"]))).toEqual([]);
  });

  it("read the exceptions from lib/tenancy/scope.ts, each naming a file that exists", () => {
    const exceptions = listedExceptions();
    expect(exceptions.get("lib/api-keys/authenticate.ts")).toBe("file");
    expect(exceptions.get("lib/calls/sweep-stale-calls.ts")).toEqual(new Set(["findStaleCallsOfAllOrganizations", "findUnfinalisedCallsOfAllOrganizations"]));
    for (const file of exceptions.keys()) expect(fs.existsSync(path.join(root, file)), file).toBe(true);
  });
});

describe("tenancy", () => {
  it("no module outside lib/tenancy declares its own scope type", () => {
    const offenders = ["lib", "app", "components", "jobs"]
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .filter((file) => !rel(file).startsWith("lib/tenancy/") && file !== import.meta.filename)
      .flatMap((file) => scopeTypeDeclarations(fs.readFileSync(file, "utf8")).map((line) => `${rel(file)}: ${line}`));
    expect(offenders).toEqual([]);
  });

  it("every query in lib/ carries the organisation, but for the listed exceptions", () => {
    const exceptions = listedExceptions();
    const offenders = sourceFiles(path.join(root, "lib"))
      .filter((file) => !file.endsWith(".test.ts") && exceptions.get(rel(file)) !== "file")
      .flatMap((file) => {
        const allowed = exceptions.get(rel(file));
        return unscopedQueries(file, fs.readFileSync(file, "utf8"), allowed instanceof Set ? allowed : new Set()).map((q) => `${rel(file)} ${q}`);
      });
    expect(offenders).toEqual([]);
  });

  it("each function listed as an exception still exists and still queries across organisations", () => {
    for (const [file, allowed] of listedExceptions()) {
      if (allowed === "file") continue;
      const text = fs.readFileSync(path.join(root, file), "utf8");
      const unscoped = unscopedQueries(file, text).map((q) => q.split(":")[0]);
      for (const fn of allowed) expect(unscoped, `${file} ${fn}`).toContain(fn);
    }
  });
});
