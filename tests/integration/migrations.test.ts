// The Prisma migrations against a real PostgreSQL:
//  - `npm run db:deploy` applies every migration and records it as Prisma does;
//  - `npm run db:check` passes for the committed schema/migrations and fails
//    when they disagree;
//  - the offline schema engine applies scripts whole (function bodies with ";"
//    work, a failing migration leaves nothing half-applied).
// Commands are the package.json scripts themselves, run the way npm runs them.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, startEmbeddedPostgres } from "../../scripts/lib/postgres.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const migrationsDir = path.join(root, "prisma/migrations");
const schemaPath = path.join(root, "prisma/schema.prisma");
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts;

let serverUrl: string;
let stopServer: (() => Promise<void>) | undefined;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-migrations-"));
  // One server for the run when the global setup provides it, else our own.
  const provided = (inject as (key: string) => unknown)("postgresUrl");
  if (typeof provided === "string") {
    serverUrl = provided;
  } else {
    const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), quiet: true, ephemeral: true });
    serverUrl = server.url;
    stopServer = server.stop;
  }
});

afterAll(async () => {
  await stopServer?.();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function freshDatabase(): Promise<string> {
  return createDatabase(serverUrl, `migrations_${randomBytes(5).toString("hex")}`);
}

/** Run a package.json script's command line (optionally edited) like `npm run` does. */
function runScript(name: string, options: { databaseUrl: string; edit?: (command: string) => string; extraArgs?: string[] }) {
  const original = scripts[name];
  if (!original) throw new Error(`package.json has no "${name}" script`);
  const command = [options.edit ? options.edit(original) : original, ...(options.extraArgs ?? [])].join(" ");
  const result = spawnSync("sh", ["-c", command], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PATH: [path.join(root, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
    },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Table and enum names the schema maps to. */
function schemaObjects() {
  const schema = fs.readFileSync(schemaPath, "utf8");
  const tables = [...schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map(
    ([, model, body]) => /@@map\("([^"]+)"\)/.exec(body ?? "")?.[1] ?? model!,
  );
  const enums = [...schema.matchAll(/^enum\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map(
    ([, name, body]) => /@@map\("([^"]+)"\)/.exec(body ?? "")?.[1] ?? name!,
  );
  return { tables, enums };
}

function migrationNames(dir = migrationsDir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/** A copy of schema.prisma with `change` applied, in the temp dir. */
function schemaVariant(name: string, change: (schema: string) => string): string {
  const file = path.join(tmp, `${name}.prisma`);
  fs.writeFileSync(file, change(fs.readFileSync(schemaPath, "utf8")));
  return file;
}

describe("prisma migrations", () => {
  it("npm run db:deploy applies every migration and records it like Prisma", async () => {
    const url = await freshDatabase();
    const deploy = runScript("db:deploy", { databaseUrl: url });
    expect(deploy.status, deploy.output).toBe(0);

    const expected = migrationNames();
    expect(expected.length).toBeGreaterThan(0);
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      started_at: Date;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
      applied_steps_count: number;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const { tables, enums } = schemaObjects();
    const presentTables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(presentTables.map((row) => row.table_name)).toEqual(expect.arrayContaining([...tables, "_prisma_migrations"]));
    const presentEnums = await query<{ typname: string }>(
      url,
      `SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'`,
    );
    expect(presentEnums.map((row) => row.typname)).toEqual(expect.arrayContaining(enums));

    const status = runScript("db:status", { databaseUrl: url });
    expect(status.status, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date");

    // Running it again is a no-op.
    const again = runScript("db:deploy", { databaseUrl: url });
    expect(again.status, again.output).toBe(0);
    expect(again.output).toContain("No pending migrations to apply");
  });

  it("npm run db:check passes for the committed schema and fails on drift", async () => {
    const url = await freshDatabase();
    expect(scripts["db:check"]).toContain("--exit-code");
    expect(scripts["db:check"]).toContain("prisma/schema.prisma");

    const clean = runScript("db:check", { databaseUrl: url });
    expect(clean.status, `schema.prisma and prisma/migrations disagree; create a migration with npm run db:migrate\n${clean.output}`).toBe(0);

    // The same check against schemas the migrations don't produce must fail.
    const withModel = schemaVariant("extra-model", (schema) => `${schema}\nmodel DriftCanary {\n  id Int @id\n}\n`);
    const withColumn = schemaVariant("extra-column", (schema) =>
      schema.replace(/^model User \{\n/m, "model User {\n  driftCanary String?\n"),
    );
    expect(fs.readFileSync(withColumn, "utf8")).toContain("driftCanary");
    for (const [variant, marker] of [
      [withModel, "DriftCanary"],
      [withColumn, "driftCanary"],
    ] as const) {
      const drift = runScript("db:check", {
        databaseUrl: url,
        edit: (command) => command.replace("prisma/schema.prisma", variant),
      });
      expect(drift.status, drift.output).toBe(2);
      expect(drift.output).toContain(marker);
    }

    // Temporary shadow databases are gone afterwards.
    const shadows = await query(url, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
    expect(shadows).toEqual([]);
  });

  it("applies migration scripts whole: function bodies work, failures leave nothing half-applied", async () => {
    const url = await freshDatabase();
    const dir = path.join(tmp, "migrations");
    fs.cpSync(migrationsDir, dir, { recursive: true });
    const add = (name: string, sql: string) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
    };
    add(
      "29990101000000_function",
      `CREATE FUNCTION migration_probe() RETURNS text LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 'a;b';\nEND;\n$$;\n`,
    );
    add("29990101000001_broken", `CREATE TABLE half_applied (id int);\nSELEC 1;\n`);
    const config = path.join(tmp, "prisma.config.ts");
    // Same as prisma.config.ts, with the extended migrations folder.
    fs.writeFileSync(
      config,
      `export default {\n  schema: ${JSON.stringify(schemaPath)},\n  migrations: { path: ${JSON.stringify(dir)} },\n  datasource: { url: process.env.DATABASE_URL ?? "" },\n};\n`,
    );

    const deploy = runScript("db:deploy", { databaseUrl: url, extraArgs: ["--config", config] });
    expect(deploy.status, deploy.output).not.toBe(0);
    expect(deploy.output).toContain("29990101000001_broken");

    expect(await query(url, "SELECT migration_probe() AS value")).toEqual([{ value: "a;b" }]);
    expect(await query(url, "SELECT to_regclass('half_applied') AS t")).toEqual([{ t: null }]);
    const rows = await query<{ migration_name: string; finished: boolean }>(
      url,
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.slice(-2)).toEqual([
      { migration_name: "29990101000000_function", finished: true },
      { migration_name: "29990101000001_broken", finished: false },
    ]);
  });
});
