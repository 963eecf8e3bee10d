import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import rules of eslint.config.mjs, each shown to fire on a deliberate violation (and
// not on the allowed form), so a config change that silently disables one fails here.
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

// The first lint builds the typed program of the whole project: CPU-bound, seconds on a busy machine.
describe("import boundaries", { timeout: 60_000 }, () => {
  it("domain code may not import the HTTP layer", async () => {
    expect(await ruleIds("lib/assistants/violation.ts", `import { json } from "@/lib/api/handler";\nexport const x = json;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("lib/assistants/violation.ts", `import { NextResponse } from "next/server";\nexport const x = NextResponse;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("lib/assistants/allowed.ts", `import { AppError } from "@/lib/errors/app-error";\nexport const x = AppError;\n`)).toEqual([]);
  });

  it("the contract folder imports nothing server-only", async () => {
    expect(await ruleIds("lib/contract/violation.ts", `import "server-only";\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("lib/contract/violation.ts", `import { db } from "@/lib/db";\nexport const x = db;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("lib/contract/violation.ts", `import type { Call } from "@/lib/generated/prisma/client";\nexport type X = Call;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("lib/contract/allowed.ts", `import { z } from "zod";\nexport const x = z.string();\n`)).toEqual([]);
  });

  it("the worker imports app code only from the contract folder", async () => {
    expect(await ruleIds("agent-worker/violation.ts", `import { db } from "../lib/db";\nexport const x = db;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("agent-worker/violation.ts", `import { env } from "@/lib/env";\nexport const x = env;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("agent-worker/allowed.ts", `import * as contract from "../lib/contract/index";\nexport const x = contract;\n`)).not.toContain("no-restricted-imports");
  });

  it("lib/ may not import components/", async () => {
    expect(await ruleIds("lib/client/violation.ts", `import * as ui from "@/components/ui/button";\nexport const x = ui;\n`)).toContain("no-restricted-imports");
    expect(await ruleIds("lib/calls/violation.ts", `import * as ui from "../../components/ui/button";\nexport const x = ui;\n`)).toContain("no-restricted-imports");
  });

  it("import cycles are errors", async () => {
    // lib/tenancy/scope.ts imports lib/errors/app-error.ts: importing it back closes a cycle.
    const cyclic = `import { requirePermission } from "@/lib/tenancy/scope";\nexport const x = requirePermission;\n`;
    expect(await ruleIds("lib/errors/app-error.ts", cyclic)).toContain("import-x/no-cycle");
  });
});
