import "server-only";
import { db } from "@/lib/db";
import { json } from "@/lib/api/handler";
import pkg from "@/package.json" with { type: "json" };

/** GET /api/v1/health — liveness and database check, no auth. */
export async function getHealth() {
  let database: "ok" | "error" = "ok";
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    database = "error";
  }
  const status = database === "ok" ? "ok" : "degraded";
  return json({ status, timestamp: new Date().toISOString(), version: pkg.version, checks: { database } }, status === "ok" ? 200 : 503);
}
