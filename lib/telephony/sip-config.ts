import { z } from "zod";

// Where LiveKit SIP listens and what it tells the world. Read by the app (lib/env.ts: the
// address shown to customers) and by `npm start` (the local livekit-sip). Everything is
// loopback by default; a production install sets the public address, the media range and,
// behind NAT, the public IP written into SDP.
const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, "must be an IPv4 address");
const empty = (v: unknown) => (v === "" ? undefined : v);

export const sipConfigShape = {
  SIP_PORT: z.coerce.number().int().min(1).max(65535).default(5060),
  SIP_RTP_PORTS: z
    .string()
    .regex(/^\d{2,5}-\d{2,5}$/, "must be a range like 10000-10199")
    .refine((v) => {
      const [from, to] = v.split("-").map(Number) as [number, number];
      return from >= 1024 && to <= 65535 && to - from >= 19;
    }, "must lie within 1024-65535 and hold at least 20 ports")
    .default("10000-10199"),
  SIP_LISTEN_IP: ipv4.default("127.0.0.1"),
  SIP_NAT_IP: z.preprocess(empty, ipv4.optional()),
  // host[:port] SIP providers and callers use; defaults to SIP_LISTEN_IP:SIP_PORT.
  SIP_PUBLIC_ADDRESS: z.preprocess(empty, z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, "must be host or host:port, e.g. sip.example.com:5060").optional()),
};

export const sipConfigSchema = z.object(sipConfigShape).transform((c) => ({ ...c, SIP_PUBLIC_ADDRESS: publicSipAddress(c) }));
export type SipConfig = z.output<typeof sipConfigSchema>;

/** Parses the SIP settings of an environment, naming the variable at fault. */
export function parseSipConfig(source: Record<string, string | undefined>): SipConfig {
  const parsed = sipConfigSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid SIP configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The address SIP providers and callers use. */
export const publicSipAddress = (c: Pick<z.output<z.ZodObject<typeof sipConfigShape>>, "SIP_PUBLIC_ADDRESS" | "SIP_LISTEN_IP" | "SIP_PORT">) =>
  c.SIP_PUBLIC_ADDRESS ?? `${c.SIP_LISTEN_IP}:${c.SIP_PORT}`;
