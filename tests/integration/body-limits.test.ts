import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./support";
import { startAppServer, type AppServer } from "./app-server";

// Body limits over real HTTP: a huge body is refused with 413 while it is still being sent, and
// the process keeps answering others meanwhile (compared with a baseline of the same run).

let server: AppServer;
let org: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
const MB = 1024 * 1024;

beforeAll(async () => {
  await useFreshDatabase();
  const { createOrgWithKey } = await import("./factories");
  org = await createOrgWithKey("bodies");
  server = await startAppServer();
});

afterAll(async () => {
  await server?.close();
});

type Upload = { status: number; body: string; bytesSentBeforeAnswer: number };

/** Streams `total` bytes of JSON-looking data and stops sending as soon as the server answers. */
function upload(path: string, total: number, options: { declareLength?: boolean; headers?: Record<string, string> } = {}): Promise<Upload> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.declareLength ? { "content-length": String(total) } : {}), ...options.headers },
    });
    req.on("response", (res) => {
      answered = true;
      const bytesSentBeforeAnswer = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, bytesSentBeforeAnswer });
        req.destroy();
      });
    });
    // The server may drop the rest once it has answered.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(MB, 0x20);
    chunk.write('{"email":"', 0);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function healthTimes(count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("body limits", () => {
  it("refuses a 64 MB chunked body to the unauthenticated /api/signup with 413 long before it is all sent", async () => {
    const res = await upload("/api/signup", 64 * MB);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatchObject({ code: "payload_too_large", message: "Request body exceeds the limit of 1 MB for this endpoint" });
    expect(res.bytesSentBeforeAnswer).toBeLessThan(64 * MB);
  });

  it("refuses a declared Content-Length over the limit at once, on an authenticated route too", async () => {
    const res = await upload("/api/v1/assistants", 64 * MB, { declareLength: true, headers: { authorization: `Bearer ${org.key}` } });
    expect(res.status).toBe(413);
    expect(res.bytesSentBeforeAnswer).toBeLessThan(64 * MB);
  });

  it("keeps answering health while huge bodies are refused", async () => {
    await healthTimes(3); // warm-up
    const baseline = median(await healthTimes(15));
    const uploads = Promise.all([upload("/api/signup", 64 * MB), upload("/api/signup", 64 * MB)]);
    const during = median(await healthTimes(15));
    for (const res of await uploads) expect(res.status).toBe(413);
    expect(during, `health median ${during.toFixed(1)} ms during the uploads vs ${baseline.toFixed(1)} ms before`).toBeLessThan(baseline * 10);
  });
});
