import "server-only";
import { db } from "@/lib/db";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/system";
import pkg from "@/package.json" with { type: "json" };

/** Liveness and database check, no auth. */
export const getHealth = route(op.getHealth, async ({ reply }) => {
  let database: "ok" | "error" = "ok";
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    database = "error";
  }
  const status = database === "ok" ? "ok" : "degraded";
  return reply(status === "ok" ? 200 : 503, { status, timestamp: new Date().toISOString(), version: pkg.version, checks: { database } });
});
