// Starts the whole Switchboard stack: embedded Postgres (unless DATABASE_URL is given),
// migrations + seed, LiveKit server (unless LIVEKIT_URL is given), the jobs process, the
// Next.js app and the agent worker. Used by `npm start` and by the end-to-end tests (on other
// ports). stop() stops them in the reverse order: worker, app, jobs, LiveKit, Postgres, so
// nothing outlives what it depends on.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { startEmbeddedPostgres } from "./postgres.ts";
import { ensureLivekitBinary, startLivekit } from "./livekit.ts";
import { ensureLivekitSipBinary, startLivekitSip } from "./livekit-sip.ts";
import { findFreePort } from "./ports.ts";
import { startRedis } from "./redis.ts";
import { startProcess, waitForHttp, type ManagedProcess } from "./processes.ts";
import { seed } from "../../prisma/seed.ts";

export type StackOptions = {
  root: string;
  /** Folder for Postgres data, secrets and logs (e.g. .data or a temp dir). */
  dataDir: string;
  appPort: number;
  livekitPort: number;
  /** LiveKit's ICE/TCP port; unset: none (media over UDP on 127.0.0.1 only). */
  livekitRtcTcpPort?: number;
  livekitRtcUdpPort: number;
  postgresPort?: number;
  /** The private Redis LiveKit and LiveKit SIP share; a free port when unset. */
  redisPort?: number;
  /**
   * LiveKit SIP for phone calls (with the LiveKit server the stack starts). `false`: none.
   * When it cannot be built or started, the stack goes on without phone calls and says why
   * (unless `required`).
   */
  sip?: false | { port: number; rtpPorts: string; listenIp?: string; natIp?: string; publicAddress?: string; required?: boolean };
  /** Extra environment for the app and the worker (provider keys, base URLs…). */
  env?: Record<string, string | undefined>;
  logs?: "inherit" | "quiet";
  seed?: boolean;
  log?: (message: string) => void;
};

export type Stack = {
  appUrl: string;
  livekitUrl: string;
  /** Where SIP providers and phones send calls (host:port), when LiveKit SIP runs. */
  sipAddress: string | null;
  /** The LiveKit SIP process (benchmarks read its CPU and memory from /proc). */
  sipPid: number | null;
  databaseUrl: string;
  env: Record<string, string>;
  processes: ManagedProcess[];
  stop(): Promise<void>;
};

// `npm run jobs`, spelled out so the launcher does not need npm.
export const JOBS_COMMAND = ["--conditions=react-server", "--import", "tsx", "jobs/main.ts"];

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function newestMtime(root: string): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  SOURCE_DIRS.forEach((d) => visit(path.join(root, d)));
  SOURCE_FILES.forEach((f) => visit(path.join(root, f)));
  return newest;
}

/** The Next.js production build is redone only when a source file is newer than it. */
export function needsBuild(root: string): boolean {
  const buildId = fs.statSync(path.join(root, ".next", "BUILD_ID"), { throwIfNoEntry: false });
  return !buildId || newestMtime(root) > buildId.mtimeMs;
}

function run(root: string, command: string, args: string[], env: Record<string, string | undefined>, what: string) {
  const result = spawnSync(command, args, { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Secrets generated once per data folder, so sessions survive restarts. */
// LIVEKIT_API_SECRET is the secret of the LiveKit server the stack starts: production refuses
// LiveKit's well-known dev secret ("secret"). Folders made before it existed gain it.
function loadSecrets(dataDir: string) {
  const file = path.join(dataDir, "secrets.json");
  const stored = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
  const names = ["NEXTAUTH_SECRET", "WORKER_SECRET", "ENCRYPTION_KEY", "LIVEKIT_API_SECRET"];
  if (names.every((k) => stored[k])) return stored;
  const secrets = { ...stored, ...Object.fromEntries(names.filter((k) => !stored[k]).map((k) => [k, randomBytes(32).toString("base64url")])) };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((m: string) => console.log(m));
  // Stopped last-started first: each process stops before what it depends on.
  const cleanups: { name: string; stop: () => Promise<void> }[] = [];
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      log(`Stopping ${cleanup.name}…`);
      await cleanup.stop().catch((e) => console.error(e));
    }
    cleanups.length = 0;
  };
  try {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const given = { ...process.env, ...options.env };
    const secrets = loadSecrets(options.dataDir);

    let databaseUrl = given.DATABASE_URL;
    if (!databaseUrl) {
      log("Starting embedded PostgreSQL…");
      const pg = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres"), port: options.postgresPort, quiet: true });
      cleanups.push({ name: "PostgreSQL", stop: () => pg.stop() });
      databaseUrl = pg.url;
    }

    const baseEnv: Record<string, string> = {
      ...(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<string, string>),
      ...Object.fromEntries(Object.entries(secrets).filter(([k]) => !given[k])),
      DATABASE_URL: databaseUrl,
    };

    log("Applying database migrations…");
    run(options.root, "tsx", ["scripts/prisma.ts", "migrate", "deploy"], baseEnv, "prisma migrate deploy");
    if (options.seed !== false) await seed(databaseUrl);

    let livekitUrl = given.LIVEKIT_URL;
    let sipAddress: string | null = null;
    let sipPid: number | null = null;
    if (!livekitUrl) {
      const binary = await ensureLivekitBinary(options.root);
      // LiveKit SIP talks to the server through Redis (pub/sub), private to this stack.
      log("Starting Redis…");
      const redis = await startRedis({ port: options.redisPort ?? (await findFreePort()) });
      cleanups.push({ name: "Redis", stop: () => redis.stop() });
      log("Starting LiveKit server…");
      const livekit = await startLivekit({
        binary,
        port: options.livekitPort,
        rtcTcpPort: options.livekitRtcTcpPort,
        rtcUdpPort: options.livekitRtcUdpPort,
        redisAddress: redis.address,
        logFile: path.join(options.dataDir, `livekit-${options.livekitPort}.log`),
        apiKey: "switchboard",
        apiSecret: secrets.LIVEKIT_API_SECRET,
      });
      cleanups.push({ name: "LiveKit", stop: () => livekit.stop() });
      livekitUrl = livekit.url;
      baseEnv.LIVEKIT_API_KEY = livekit.apiKey;
      baseEnv.LIVEKIT_API_SECRET = livekit.apiSecret;

      if (options.sip) {
        const sip = options.sip;
        try {
          const sipBinary = await ensureLivekitSipBinary(options.root, log);
          log("Starting LiveKit SIP…");
          const started = await startLivekitSip({
            binary: sipBinary,
            livekitUrl: livekit.url,
            apiKey: livekit.apiKey,
            apiSecret: livekit.apiSecret,
            redisAddress: redis.address,
            sipPort: sip.port,
            rtpPorts: sip.rtpPorts,
            listenIp: sip.listenIp,
            natIp: sip.natIp,
            logFile: path.join(options.dataDir, `livekit-sip-${sip.port}.log`),
          });
          cleanups.push({ name: "LiveKit SIP", stop: () => started.stop() });
          sipAddress = sip.publicAddress ?? `${started.listenIp}:${started.sipPort}`;
          sipPid = started.pid ?? null;
          Object.assign(baseEnv, { SIP_PORT: String(sip.port), SIP_LISTEN_IP: started.listenIp, SIP_PUBLIC_ADDRESS: sipAddress });
        } catch (error) {
          if (sip.required) throw error;
          log(`Phone calls are off: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    const appUrl = `http://127.0.0.1:${options.appPort}`;
    const env: Record<string, string> = {
      ...baseEnv,
      LIVEKIT_URL: livekitUrl,
      APP_URL: appUrl,
      NEXTAUTH_URL: appUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      // Call recordings (local storage) live with the rest of the stack's data.
      RECORDINGS_DIR: given.RECORDINGS_DIR ?? path.join(options.dataDir, "recordings"),
      // Mail without SMTP_URL or a Resend key is kept in the outbox, also with the data.
      MAIL_OUTBOX_DIR: given.MAIL_OUTBOX_DIR ?? path.join(options.dataDir, "outbox"),
    };

    if (needsBuild(options.root)) {
      log("Building the web app (first start or sources changed)…");
      run(options.root, "next", ["build"], { ...env, NODE_ENV: "production" }, "next build");
    }

    // The jobs process (npm run jobs): webhook delivery, post-call work, join timeouts, sweeps.
    const jobs = startProcess("jobs", "node", JOBS_COMMAND, {
      cwd: options.root,
      env: { ...env, NODE_ENV: "production" },
      logs: options.logs,
    });
    processes.push(jobs);
    cleanups.push({ name: "the jobs process", stop: () => jobs.stop() });

    const app = startProcess("web", "next", ["start", "-H", "127.0.0.1", "-p", String(options.appPort)], {
      cwd: options.root,
      // Node.js refuses request heads over 16 KB with an empty 431; with room to spare the
      // proxy answers a query string over 16 KB with a 431 in the error format (proxy.ts).
      env: { ...env, NODE_ENV: "production", NODE_OPTIONS: [env.NODE_OPTIONS, "--max-http-header-size=65536"].filter(Boolean).join(" ") },
      logs: options.logs,
    });
    processes.push(app);
    cleanups.push({ name: "the web app", stop: () => app.stop() });

    const worker = startProcess("worker", "node", ["--import", "tsx", "agent-worker/main.ts", "start"], {
      cwd: options.root,
      env: { ...env, NODE_ENV: "production" },
      logs: options.logs,
    });
    processes.push(worker);
    cleanups.push({ name: "the worker", stop: () => worker.stop() });

    await Promise.all([
      jobs.waitForLine(/^jobs: ready$/, 60_000),
      waitForHttp(`${appUrl}/api/v1/health`, {
        timeoutMs: 60_000,
        abortIf: () => (app.child.exitCode !== null ? `The web app exited:\n${app.recentOutput()}` : null),
      }),
      // The worker is ready once LiveKit has accepted its registration.
      worker.waitForLine(/"msg":"registered worker"/, 60_000),
    ]);
    return { appUrl, livekitUrl, sipAddress, sipPid, databaseUrl, env, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
