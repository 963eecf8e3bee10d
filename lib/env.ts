import "server-only";
import { z } from "zod";
import { DEFAULT_AGENT_JOIN_TIMEOUT_SECONDS, DEFAULT_RING_TIMEOUT_SECONDS, RING_TIMEOUT_MAX_SECONDS, RING_TIMEOUT_MIN_SECONDS } from "@/lib/contract/wire";
import { sipConfigShape } from "@/lib/telephony/sip-config";

// The only reader of process.env in the web app. Development has working defaults;
// production (NODE_ENV=production) must be given real secrets — `npm start` generates
// and persists them under .data/ so a local install needs no configuration.
const isProduction = process.env.NODE_ENV === "production";
export const isProductionRuntime = () => isProduction;

const secret = (devDefault: string) =>
  isProduction ? z.string().min(16, "must be at least 16 characters") : z.string().min(1).default(devDefault);

// Empty strings (common in .env files) count as "not set", as in the worker.
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional());

const schema = z.object({
  DATABASE_URL: z.string().url().or(z.string().startsWith("postgres")),
  APP_URL: z.string().url().default("http://127.0.0.1:3000"),
  LIVEKIT_URL: z.string().default("ws://127.0.0.1:7880"),
  // The URL browsers connect to; defaults to LIVEKIT_URL.
  LIVEKIT_PUBLIC_URL: z.string().optional(),
  LIVEKIT_API_KEY: z.string().default("devkey"),
  LIVEKIT_API_SECRET: z.string().default("secret"),
  AGENT_NAME: z.string().default("switchboard-agent"),
  // LiveKit SIP: ports, addresses (lib/telephony/sip-config.ts).
  ...sipConfigShape,
  // How long the agent has to join a web call before it is marked failed.
  AGENT_JOIN_TIMEOUT_SECONDS: z.coerce.number().int().min(3).max(300).default(DEFAULT_AGENT_JOIN_TIMEOUT_SECONDS),
  // Outbound calls: how long the callee's phone rings before the call ends as no_answer
  // (a request's ring_timeout_seconds overrides it within the same bounds).
  OUTBOUND_RING_TIMEOUT_SECONDS: z.coerce.number().int().min(RING_TIMEOUT_MIN_SECONDS).max(RING_TIMEOUT_MAX_SECONDS).default(DEFAULT_RING_TIMEOUT_SECONDS),
  // /api/v1 requests per minute: per API key, and per signed-in portal user (the portal polls).
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  SESSION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1000),
  NEXTAUTH_SECRET: secret("dev-nextauth-secret-change-me"),
  WORKER_SECRET: secret("dev-worker-secret-change-me"),
  ENCRYPTION_KEY: secret("dev-encryption-key-change-me"),
  // Call recordings (lib/recordings): local disk by default, or an S3-compatible bucket.
  RECORDINGS_STORAGE: z.enum(["local", "s3"]).default("local"),
  RECORDINGS_DIR: z.string().min(1).default(".data/recordings"),
  RECORDINGS_S3_ENDPOINT: optionalUrl,
  RECORDINGS_S3_BUCKET: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  RECORDINGS_S3_REGION: z.string().min(1).default("us-east-1"),
  RECORDINGS_S3_ACCESS_KEY_ID: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  RECORDINGS_S3_SECRET_ACCESS_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  RECORDINGS_S3_SESSION_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  RECORDINGS_S3_PREFIX: z.string().default(""),
  RECORDINGS_S3_FORCE_PATH_STYLE: z.enum(["true", "false", "1", "0", ""]).default("false").transform((v) => v === "true" || v === "1"),
  // Largest accepted upload (bytes); 1 GiB is about 4.5 h of the worker's 16 kHz stereo WAV.
  RECORDING_MAX_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024 * 1024),
  // Lifetime of the signed recording_url handed out on call objects and in webhooks.
  RECORDING_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(7 * 24 * 3600),
  // Key of the recording URL signatures; unset: derived from ENCRYPTION_KEY.
  RECORDING_URL_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  // Default provider base URLs (the worker reads the same variables); used to test BYOK keys.
  OPENAI_BASE_URL: optionalUrl,
  // The platform's OpenAI key, used for "Draft with AI" when the organisation has no key of its own.
  OPENAI_API_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  GENERATION_MODEL: z.string().min(1).default("gpt-4o-mini"),
  // Overrides of the default price list (lib/usage/pricing.ts) as JSON, e.g.
  // {"platform_per_minute":0.05,"llm_input_per_token":{"openai":{"models":{"gpt-4o":0.0000025}}}}.
  PRICE_LIST: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  DEEPGRAM_BASE_URL: optionalUrl,
  // Email (lib/mail): an organisation's own Resend key (BYOK "resend") sends its mail through
  // Resend's HTTP API at RESEND_BASE_URL (default https://api.resend.com); otherwise SMTP_URL
  // (smtp://user:pass@host:587, smtps://… for TLS) through nodemailer; without either, mail is
  // written to the local outbox MAIL_OUTBOX_DIR (listed on the platform admin's Outbox page).
  RESEND_BASE_URL: optionalUrl,
  SMTP_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
  MAIL_FROM: z.string().min(3).default("no-reply@switchboard.localhost"),
  MAIL_OUTBOX_DIR: z.string().min(1).default(".data/outbox"),
  // Lifetime of team invitation and password reset links.
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(7 * 24),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  ELEVENLABS_BASE_URL: optionalUrl,
  // Background jobs (pg-boss, jobs/registry.ts) run in the jobs process (`npm run jobs`). A web
  // process runs them too only with JOBS_ENABLED=true (a single-process install); it always
  // enqueues. Workers poll every JOB_POLL_INTERVAL_MS; a failed job is retried after
  // JOB_RETRY_BASE_MS (whole seconds, 0 = at once), then about twice as long each time. Every
  // JOBS_SUPERVISE_INTERVAL_SECONDS the jobs process retries runs whose process died.
  JOBS_ENABLED: z.enum(["true", "false"]).default("false"),
  JOB_POLL_INTERVAL_MS: z.coerce.number().int().min(500).max(60_000).default(1000),
  JOB_RETRY_BASE_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  JOBS_SUPERVISE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Outgoing webhooks: event deliveries, and the synchronous assistant-request budget (HMS: 5 s).
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  ASSISTANT_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(5000),
  // Customer-supplied URLs (webhooks, assistant-request, BYOK and generation base URLs) may
  // point at loopback/private/link-local addresses. "true" suits a single-tenant install;
  // multi-tenant deployments set "false" (lib/contract/outbound-guard.ts).
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: z.enum(["true", "false", "1", "0", ""]).default("true").transform((v) => v !== "false" && v !== "0"),
  // Whitelabel (lib/branding). The platform's own brand, the default of every organisation
  // that is not under a partner.
  PLATFORM_NAME: z.string().trim().min(1).max(60).default("Switchboard"),
  PLATFORM_SUPPORT_EMAIL: z.preprocess((v) => (v === "" ? undefined : v), z.string().email().optional()),
  // Partners get <slug>.<PORTAL_BASE_DOMAIN> as their portal without any DNS work of theirs
  // (a wildcard record of the operator's); unset: no default subdomains.
  PORTAL_BASE_DOMAIN: z.preprocess((v) => (v === "" ? undefined : v), z.string().toLowerCase().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a domain name").optional()),
  // Host names that show the platform brand besides APP_URL's host, localhost and IP literals
  // (comma-separated). Any other host that is no partner's shows a neutral page.
  PLATFORM_HOSTS: z.string().default("").transform((v) => v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  // DNS servers for portal-domain verification, "ip[:port]" comma-separated; unset: the system's.
  DNS_RESOLVER: z.string().default("").transform((v) => v.split(",").map((h) => h.trim()).filter(Boolean)),
  DNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  // How long a host -> brand answer is reused; 0 looks it up on every request.
  BRAND_HOST_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  // Largest accepted logo or favicon upload (bytes).
  BRAND_ASSET_MAX_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(512 * 1024),
  // In-progress calls whose LiveKit room is gone are ended (worker_lost) after this grace period.
  STALE_CALL_GRACE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(120),
});

export type Env = z.infer<typeof schema>;

// Well-known development values that must never protect a production install: LiveKit's dev
// key pair (livekit-server --dev) and the development defaults above.
const DEV_SECRETS: Partial<Record<keyof Env, readonly string[]>> = {
  LIVEKIT_API_SECRET: ["secret", "devsecret"],
  NEXTAUTH_SECRET: ["dev-nextauth-secret-change-me"],
  WORKER_SECRET: ["dev-worker-secret-change-me"],
  ENCRYPTION_KEY: ["dev-encryption-key-change-me"],
};

/** Production refuses default secrets, naming each variable to set. */
export function defaultSecretIssues(config: Pick<Env, "LIVEKIT_API_SECRET" | "NEXTAUTH_SECRET" | "WORKER_SECRET" | "ENCRYPTION_KEY">): string[] {
  const issues: string[] = [];
  for (const [name, values] of Object.entries(DEV_SECRETS) as [keyof typeof config, readonly string[]][]) {
    const value = config[name];
    if (values.includes(value) || /change-me/i.test(value)) issues.push(`${name}: is a development default; set a random secret (e.g. openssl rand -base64 32)`);
  }
  if (!issues.some((i) => i.startsWith("LIVEKIT_API_SECRET")) && config.LIVEKIT_API_SECRET.length < 32) {
    issues.push("LIVEKIT_API_SECRET: must be at least 32 characters in production (LiveKit's own rule for production keys)");
  }
  return issues;
}

function loadEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  if (isProduction) {
    const issues = defaultSecretIssues(parsed.data);
    if (issues.length > 0) throw new Error(`Refusing to start in production with default secrets: ${issues.join("; ")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
