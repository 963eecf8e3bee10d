// One embedded PostgreSQL server for the integration tier; each test file creates its own
// fresh database on it (see support.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/lib/postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-it-pg-"));
  const pg = await startEmbeddedPostgres({ dataDir, quiet: true, ephemeral: true });
  project.provide("postgresUrl", pg.url);
  return async () => {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
