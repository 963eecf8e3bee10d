import fs from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProcess, type ManagedProcess } from "../../scripts/lib/processes.ts";
import { JOBS_COMMAND } from "../../scripts/lib/stack.ts";
import { useFreshDatabase } from "./support";
import { systemScope } from "@/lib/tenancy/scope";

// The jobs process (`npm run jobs`) as a real child process: killed with SIGKILL while a
// webhook receiver holds one delivery's request open, then started again. Every delivery
// arrives, each under one X-Webhook-Id, and each is answered with success exactly once.

const SECRET = "jobs-process-secret-123";
const root = path.resolve(".");
const jobsScript: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.jobs;

let db: typeof import("@/lib/db").db;
let enqueueWebhook: typeof import("@/lib/webhooks/deliver").enqueueWebhook;
let verify: typeof import("@/lib/webhooks/signature").verifyWebhookSignature;
let organizationId: string;
let receiver: SigningReceiver;
const processes: ManagedProcess[] = [];

interface Arrival {
  id: string;
  signed: boolean;
  /** Answered 2xx and the answer went out in full. */
  succeeded: boolean;
}

/** A loopback receiver that checks every signature; it can hold the next request open. */
interface SigningReceiver {
  url: string;
  arrivals: Arrival[];
  /** The next request is not answered; resolves when it arrives. */
  holdNext(): Promise<void>;
  /** Resolves once every id in `ids` has been answered with success. */
  succeeded(ids: string[]): Promise<void>;
  close(): Promise<void>;
}

async function startSigningReceiver(): Promise<SigningReceiver> {
  const arrivals: Arrival[] = [];
  let hold: (() => void) | undefined;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const arrival: Arrival = {
        id: String(req.headers["x-webhook-id"]),
        signed: verify({ secret: SECRET, rawBody, signature: req.headers["x-webhook-signature"] as string, timestamp: req.headers["x-webhook-timestamp"] as string }),
        succeeded: false,
      };
      arrivals.push(arrival);
      if (hold) {
        const held = hold;
        hold = undefined;
        held(); // left unanswered: the sender dies with this request open
        return;
      }
      res.on("finish", () => {
        arrival.succeeded = true;
        notify();
      });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    holdNext: () => new Promise<void>((resolve) => (hold = resolve)),
    succeeded: (ids) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (ids.every((id) => arrivals.some((a) => a.id === id && a.succeeded))) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function startJobsProcess(): ManagedProcess {
  const [command, ...args] = jobsScript.split(" ");
  const child = startProcess("jobs", command!, args, {
    cwd: root,
    env: {
      ...process.env,
      PATH: [path.join(root, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
      // A run left behind by a dead process is retried once WEBHOOK_TIMEOUT_MS + 10 s have
      // passed, checked every second here; retries are due at once.
      WEBHOOK_TIMEOUT_MS: "2000",
      JOBS_SUPERVISE_INTERVAL_SECONDS: "1",
      JOB_RETRY_BASE_MS: "0",
      JOB_POLL_INTERVAL_MS: "500",
    },
    logs: "quiet",
  });
  processes.push(child);
  return child;
}

async function deliver(key: string) {
  const { id } = await enqueueWebhook(systemScope(organizationId, "test"), {
    callId: null,
    event: "status-update",
    url: receiver.url,
    secret: SECRET,
    payload: { message: { type: "status-update", key } },
    idempotencyKey: `jobs-process:${key}`,
  });
  return { id, key: `jobs-process:${key}` };
}

// The delivery rows once every one has settled.
async function settled(ids: string[]) {
  for (;;) {
    const rows = await db.webhookDelivery.findMany({ where: { id: { in: ids } }, include: { attemptLog: true } });
    if (rows.every((r) => r.status !== "pending")) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  await useFreshDatabase();
  db = (await import("@/lib/db")).db;
  enqueueWebhook = (await import("@/lib/webhooks/deliver")).enqueueWebhook;
  verify = (await import("@/lib/webhooks/signature")).verifyWebhookSignature;
  organizationId = (await (await import("./factories")).createOrgWithKey("jobs-process")).organization.id;
  receiver = await startSigningReceiver();
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await receiver?.close();
  await (await import("@/lib/jobs/boss")).closeJobQueue();
});

describe("the jobs process", () => {
  it("is what `npm run jobs` and `npm start` run", () => {
    expect(jobsScript).toBe(["node", ...JOBS_COMMAND].join(" "));
  });

  it("delivers every webhook once per delivery id after being killed mid-delivery and started again", async () => {
    const first = startJobsProcess();
    await first.waitForLine(/^jobs: ready$/, 60_000);
    const before = [await deliver("before-1"), await deliver("before-2")];
    await receiver.succeeded(before.map((d) => d.key));
    // Recorded as delivered before the crash, so never sent again.
    expect((await settled(before.map((d) => d.id))).map((r) => r.status)).toEqual(["succeeded", "succeeded"]);

    const held = receiver.holdNext();
    const interrupted = await deliver("interrupted");
    await held;
    process.kill(first.child.pid!, "SIGKILL");
    expect(await first.exited).toBeNull();
    expect(first.child.signalCode).toBe("SIGKILL");

    // Queued while no jobs process runs.
    const during = [await deliver("while-down-1"), await deliver("while-down-2")];
    const second = startJobsProcess();
    await second.waitForLine(/^jobs: ready$/, 60_000);
    const all = [...before, interrupted, ...during];
    await receiver.succeeded(all.map((d) => d.key));
    const rows = await settled(all.map((d) => d.id));

    // Every delivery succeeded; the interrupted one was sent again under the same id.
    expect(rows.map((r) => r.status)).toEqual(all.map(() => "succeeded"));
    expect(receiver.arrivals.every((a) => a.signed)).toBe(true);
    const sent = (key: string) => receiver.arrivals.filter((a) => a.id === key);
    expect(new Set(receiver.arrivals.map((a) => a.id))).toEqual(new Set(all.map((d) => d.key)));
    for (const { key } of all) {
      expect(sent(key).filter((a) => a.succeeded), key).toHaveLength(1);
      expect(sent(key), key).toHaveLength(key === interrupted.key ? 2 : 1);
    }
    // The attempt cut short was never recorded; the one that went through was.
    const retried = rows.find((r) => r.id === interrupted.id)!;
    expect(retried.attemptLog.map((a) => [a.trigger, a.statusCode])).toEqual([["automatic", 200]]);

    // SIGTERM stops it gracefully.
    process.kill(second.child.pid!, "SIGTERM");
    expect(await second.exited).toBe(0);
    expect(second.recentOutput()).toMatch(/jobs: stopped/);
  }, 120_000);
});
