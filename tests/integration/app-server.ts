import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

// The app's /api/* route files served over real HTTP on 127.0.0.1, routed the way Next.js
// routes them (static segments before [param] before [...catchAll]), for clients that speak
// HTTP themselves (the HMS SDK). Requests reach the handlers as web Requests with a streamed
// body, as in Next.js.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteFile = { segments: string[]; module: Record<string, unknown> };

const appApi = path.resolve(import.meta.dirname, "../../app/api");

function routeFiles(dir: string, segments: string[] = []): { segments: string[]; file: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full, [...segments, entry.name]);
    return entry.name === "route.ts" ? [{ segments, file: full }] : [];
  });
}

const rank = (segment: string) => (segment.startsWith("[...") ? 2 : segment.startsWith("[") ? 1 : 0);

function match(route: string[], parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.length; i++) {
    const segment = route[i]!;
    if (segment.startsWith("[...")) {
      if (i >= parts.length) return null;
      params[segment.slice(4, -1)] = parts.slice(i).map(decodeURIComponent);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (segment.startsWith("[")) params[segment.slice(1, -1)] = decodeURIComponent(part);
    else if (segment !== part) return null;
  }
  return route.length === parts.length ? params : null;
}

/** Most specific first, segment by segment, like Next.js. */
function compareRoutes(a: string[], b: string[]) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const diff = rank(a[i]!) - rank(b[i]!);
    if (diff !== 0) return diff;
  }
  return 0;
}

export type AppServer = { url: string; close: () => Promise<void> };

export async function startAppServer(): Promise<AppServer> {
  const routes: RouteFile[] = [];
  for (const { segments, file } of routeFiles(appApi, ["api"])) {
    routes.push({ segments, module: (await import(file)) as Record<string, unknown> });
  }
  routes.sort((a, b) => compareRoutes(a.segments, b.segments));

  const server = http.createServer(async (incoming, outgoing) => {
    try {
      const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`);
      const parts = url.pathname.split("/").filter(Boolean);
      let found: { handler: Handler | undefined; params: Record<string, string | string[]> } | null = null;
      for (const route of routes) {
        const params = match(route.segments, parts);
        if (params) {
          found = { handler: route.module[incoming.method ?? "GET"] as Handler | undefined, params };
          break;
        }
      }
      if (!found?.handler) {
        // What Next.js answers itself: 404 without a route, 405 (no body) without the method.
        outgoing.writeHead(found ? 405 : 404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
      const req = new Request(url, {
        method: incoming.method,
        headers,
        body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
        duplex: "half",
      } as RequestInit);
      const res = await found.handler(req, { params: Promise.resolve(found.params) });
      outgoing.writeHead(res.status, Object.fromEntries(res.headers));
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
      }
      // A refused body's unread rest is discarded by Node.js, as under Next.js.
      outgoing.end();
    } catch (error) {
      console.error("app server", error);
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
