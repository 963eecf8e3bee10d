import "server-only";
import { env, isProductionRuntime } from "@/lib/env";
import { securityHeaders } from "@/lib/http/security-headers";

let cached: Record<string, string> | undefined;

/** The security headers for this deployment (its LiveKit URL, https or not). */
export function appSecurityHeaders(): Record<string, string> {
  if (cached) return cached;
  let config: { livekitUrl?: string; https?: boolean } = {};
  try {
    const e = env();
    config = { livekitUrl: e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL, https: e.APP_URL.startsWith("https:") };
  } catch {
    // An invalid environment fails elsewhere with its own message; the headers stay strict.
  }
  cached = securityHeaders({ ...config, development: !isProductionRuntime() });
  return cached;
}
