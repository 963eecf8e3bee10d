// The worker's only reader of process.env: zod-validated, with dev defaults.
// Production (NODE_ENV=production) must set WORKER_SECRET explicitly.
import { z } from "zod";

const DEV_WORKER_SECRET = "dev-worker-secret-change-me";

export const TURN_DETECTION_MODES = ["stt", "vad", "local"] as const;
export type TurnDetectionMode = (typeof TURN_DETECTION_MODES)[number];

// Empty strings (common in .env files) count as "not set".
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional());
const optionalNumber = z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().optional());
// zod numbers reject Infinity, which is a meaningful load threshold ("never full").
const optionalLoadThreshold = z
  .preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^(\d+(\.\d+)?|Infinity)$/, "a number or Infinity").optional())
  .transform((v) => (v === undefined ? undefined : Number(v)));

export const workerEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LIVEKIT_URL: z.string().url().default("ws://127.0.0.1:7880"),
    LIVEKIT_API_KEY: z.string().min(1).default("devkey"),
    LIVEKIT_API_SECRET: z.string().min(1).default("secret"),
    APP_URL: z.string().url().default("http://127.0.0.1:3000"),
    WORKER_SECRET: optionalString,
    AGENT_NAME: z.string().min(1).default("switchboard-agent"),

    OPENAI_API_KEY: optionalString,
    DEEPGRAM_API_KEY: optionalString,
    ELEVEN_API_KEY: optionalString,
    MISTRAL_API_KEY: optionalString,
    XAI_API_KEY: optionalString,
    /** Inworld's "Basic (Base64)" API key, sent as `Authorization: Basic <key>`. */
    INWORLD_API_KEY: optionalString,
    /** Sent to openai-compatible servers instead of the OpenAI key (which must not leak to other hosts). */
    OPENAI_COMPATIBLE_API_KEY: optionalString,

    OPENAI_BASE_URL: optionalUrl,
    DEEPGRAM_BASE_URL: optionalUrl,
    ELEVENLABS_BASE_URL: optionalUrl,
    INWORLD_BASE_URL: optionalUrl,

    /** End of turn: STT endpointing (default), local VAD, or the bundled local turn-detector model. */
    WORKER_TURN_DETECTION: z.enum(TURN_DETECTION_MODES).default("stt"),
    /**
     * Health/info HTTP server of the worker: loopback only unless WORKER_HOST says otherwise
     * (e.g. 0.0.0.0 for an orchestrator's probes). Port unset: 8081, or any free port if taken.
     */
    WORKER_HOST: z.string().default("127.0.0.1"),
    WORKER_HTTP_PORT: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
    /** Warm job processes kept ready (framework default: min(cpus, 4) in production). */
    WORKER_NUM_IDLE_PROCESSES: optionalNumber,
    /**
     * Capacity by call count: the worker reports load = active calls / WORKER_MAX_CALLS and
     * is full at the maximum. 0 = the framework's CPU-based load instead, which on small
     * machines refuses calls whenever the CPU is busy: LiveKit stops dispatching to a
     * worker whose load reaches the server's agents.target_load (0.7 by default; the
     * launcher in scripts/lib/livekit.ts sets 1 so a worker can use all its slots).
     */
    WORKER_MAX_CALLS: z.coerce.number().int().min(0).default(10),
    /** Load (0..1, or Infinity) at which the worker reports itself full. */
    WORKER_LOAD_THRESHOLD: optionalLoadThreshold,
    /**
     * Call recordings: `wav` (PCM 16-bit, 16 kHz, stereo: caller left, agent right; plays
     * everywhere, about 3.8 MB a minute) or `ogg` (the recorder's own Opus, 48 kHz stereo,
     * about ten times smaller).
     */
    WORKER_RECORDING_FORMAT: z.enum(["wav", "ogg"]).default("wav"),
    /** The ffmpeg the agents framework records with (it reads this too); default: its bundled build. */
    LIVEKIT_FFMPEG_PATH: optionalString,
    /**
     * Tool servers are customer-supplied URLs: "false" (multi-tenant deployments) refuses those
     * resolving to loopback, private, link-local and similar addresses (lib/contract/outbound-guard.ts).
     */
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: z.enum(["true", "false", "1", "0", ""]).default("true").transform((v) => v !== "false" && v !== "0"),
    /** How long SIGTERM waits for running calls before the worker exits. */
    WORKER_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15 * 60 * 1000),
  })
  .transform((env, ctx) => {
    if (!env.WORKER_SECRET && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["WORKER_SECRET"], message: "WORKER_SECRET is required in production" });
      return z.NEVER;
    }
    return { ...env, WORKER_SECRET: env.WORKER_SECRET ?? DEV_WORKER_SECRET };
  });

export type WorkerEnv = z.output<typeof workerEnvSchema>;

export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const result = workerEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ");
    throw new Error(`invalid agent worker environment: ${problems}`);
  }
  return result.data;
}

let cached: WorkerEnv | undefined;

/** The validated process environment (parsed once). */
export function workerEnv(): WorkerEnv {
  cached ??= parseWorkerEnv(process.env);
  return cached;
}
