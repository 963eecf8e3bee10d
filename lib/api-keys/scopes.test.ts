import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/tenancy/permissions";
import { apiKeyCreateSchema } from "@/lib/schemas/api-key";
import { isApiKeyScope, permissionsOfScope, permissionsOfScopes, publicScopes } from "./scopes";

describe("API key scopes", () => {
  it("expands permissions, wildcards and presets", () => {
    expect(permissionsOfScope("calls.control")).toEqual(["calls.control"]);
    expect(permissionsOfScope("assistants.*")).toEqual(["assistants.read", "assistants.write"]);
    expect(permissionsOfScope("*.replay")).toEqual(["webhooks.replay"]);
    const reads = permissionsOfScope("read_only")!;
    expect(reads).toContain("calls.read");
    expect(reads.every((p) => p.endsWith(".read"))).toBe(true);
    expect(permissionsOfScope("*.read")).toEqual(reads);
    expect(permissionsOfScope("full_access")).toEqual(PERMISSIONS);
  });

  it("refuses what names nothing", () => {
    for (const scope of ["all", "*", "*.*", "assistants", "assistants.delete", "nothing.*", "*.fly", "a.b.c", "", "Assistants.read"]) {
      expect(isApiKeyScope(scope), scope).toBe(false);
    }
  });

  it("treats a key without scopes as full access, and names it so", () => {
    expect([...permissionsOfScopes([])]).toEqual([...PERMISSIONS]);
    expect(publicScopes([])).toEqual(["full_access"]);
    expect([...permissionsOfScopes(["assistants.read", "calls.*"])].sort()).toEqual(["assistants.read", "calls.control", "calls.read", "calls.write"]);
    expect(publicScopes(["read_only"])).toEqual(["read_only"]);
  });
});

describe("apiKeyCreateSchema scopes", () => {
  const parse = (scopes: unknown) => apiKeyCreateSchema.safeParse({ name: "k", scopes });

  it("keeps the scopes as written, without repeats", () => {
    expect(parse(["read_only", " assistants.write", "read_only"]).data?.scopes).toEqual(["read_only", "assistants.write"]);
    expect(parse(["full_access"]).data?.scopes).toEqual(["full_access"]);
    expect(apiKeyCreateSchema.parse(apiKeyCreateSchema.parse({ name: "k", scopes: ["calls.*", "calls.*"] })).scopes).toEqual(["calls.*"]);
    expect(apiKeyCreateSchema.parse({ name: "k" }).scopes).toBeUndefined();
  });

  it("names the list and the first bad entry", () => {
    for (const [scopes, text] of [
      [["assistants.read", "all"], '"all" is not a scope'],
      [[], "at least one scope"],
      [["full_access", "calls.read"], "cannot be combined"],
      ["read_only", "list"],
    ] as const) {
      const result = parse(scopes);
      expect(result.success, JSON.stringify(scopes)).toBe(false);
      const issue = result.error!.issues[0]!;
      expect(issue.path).toEqual(["scopes"]);
      expect(issue.message).toContain(text);
    }
  });
});
