import { z } from "zod";
import { e164Schema } from "@/lib/schemas/phone";

// SIP trunks, in every documented spelling: {host, port, username, password} (older HMS
// docs), {provider, address, auth_username, auth_password, transport} (newer docs) and
// {provider, inbound_addresses, outbound_address, outbound_number, auth_username,
// auth_password} (the official Node SDK). One model is stored; responses carry the superset.

export const SIP_TRANSPORTS = ["udp", "tcp", "tls"] as const;

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$|^\d{1,3}(\.\d{1,3}){3}$/i;
const hostSchema = z.string().trim().regex(HOST, "must be a host name or IPv4 address");
const portSchema = z.coerce.number().int().min(1).max(65535);

// "host", "host:port" or a sip: URI's host part.
const addressSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const bare = value.replace(/^sips?:/i, "");
    const match = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(bare);
    if (!match || !HOST.test(match[1]!) || (match[2] && (Number(match[2]) < 1 || Number(match[2]) > 65535))) {
      ctx.addIssue({ code: "custom", message: "must be host or host:port (e.g. sip.example.com:5060)" });
      return z.NEVER;
    }
    return match[2] ? `${match[1]!.toLowerCase()}:${match[2]}` : match[1]!.toLowerCase();
  });

// An IPv4 address or CIDR that may send calls in.
const cidrSchema = z
  .string()
  .trim()
  .refine((v) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(v);
    return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && (m[5] === undefined || Number(m[5]) <= 32);
  }, "must be an IPv4 address or CIDR, e.g. 203.0.113.10 or 203.0.113.0/24");

const secret = z.string().min(1).max(500);

const trunkFields = {
  name: z.string().trim().min(1, "Name is required").max(200),
  provider: z.string().trim().max(100).nullable().optional().describe("The SIP provider's name, for display"),
  address: addressSchema.nullable().optional().describe("Where outbound calls and transfers are sent: host[:port]; null removes it"),
  outbound_address: addressSchema.nullable().optional().describe("Same as address (the SDK's name)"),
  host: hostSchema.optional().describe("Older spelling: host of the outbound address"),
  port: portSchema.optional().describe("Older spelling: port of the outbound address (default 5060)"),
  inbound_addresses: z.array(cidrSchema).max(50).optional().describe("Addresses allowed to send calls in; empty: any (then credentials are recommended)"),
  // LiveKit presents it as the caller ID: a valid E.164 number, like the numbers themselves.
  outbound_number: e164Schema.nullable().optional().describe("Default caller ID for outbound calls"),
  auth_username: z.string().trim().max(200).nullable().optional(),
  username: z.string().trim().max(200).nullable().optional().describe("Older spelling of auth_username"),
  auth_password: secret.nullable().optional().describe("Write-only; stored encrypted"),
  password: secret.nullable().optional().describe("Older spelling of auth_password"),
  transport: z.enum(SIP_TRANSPORTS).optional(),
  is_active: z.boolean().optional(),
};

export type SipTrunkInput = {
  name?: string;
  provider?: string | null;
  outboundAddress?: string | null;
  inboundAddresses?: string[];
  outboundNumber?: string | null;
  authUsername?: string | null;
  /** undefined: unchanged; null: removed. */
  authPassword?: string | null;
  transport?: (typeof SIP_TRANSPORTS)[number];
  isActive?: boolean;
};

function pick<T>(ctx: z.RefinementCtx, names: [string, string], a: T | undefined, b: T | undefined): T | undefined {
  if (a !== undefined && b !== undefined && a !== b) ctx.addIssue({ code: "custom", path: [names[1]], message: `${names[0]} and ${names[1]} disagree: send one of them` });
  return a !== undefined ? a : b;
}

type TrunkRaw = Omit<z.output<z.ZodObject<typeof trunkFields>>, "name"> & { name?: string };

function toInput(raw: TrunkRaw, ctx: z.RefinementCtx): SipTrunkInput {
  let hostPort: string | undefined;
  if (raw.host !== undefined) hostPort = `${raw.host.toLowerCase()}${raw.port ? `:${raw.port}` : ""}`;
  else if (raw.port !== undefined) ctx.addIssue({ code: "custom", path: ["host"], message: "host is required with port" });
  let outbound = pick(ctx, ["address", "outbound_address"], raw.address, raw.outbound_address);
  outbound = pick(ctx, ["address", "host"], outbound, hostPort);
  return {
    name: raw.name,
    provider: raw.provider,
    outboundAddress: outbound,
    inboundAddresses: raw.inbound_addresses,
    outboundNumber: raw.outbound_number,
    authUsername: pick(ctx, ["auth_username", "username"], raw.auth_username, raw.username),
    authPassword: pick(ctx, ["auth_password", "password"], raw.auth_password, raw.password),
    transport: raw.transport,
    isActive: raw.is_active,
  };
}

export const sipTrunkCreateSchema = z
  .object(trunkFields)
  .strict()
  .transform((raw, ctx) => {
    const input = toInput(raw, ctx);
    if (!input.outboundAddress && !(input.inboundAddresses?.length)) {
      ctx.addIssue({ code: "custom", path: ["address"], message: "a trunk needs an outbound address (address, outbound_address or host) or inbound_addresses" });
    }
    return input;
  });

export const sipTrunkUpdateSchema = z
  .object({ ...trunkFields, name: trunkFields.name.optional() })
  .strict()
  .transform((raw, ctx) => toInput(raw, ctx));

export const sipTrunkSchema = z.object({
  id: z.string(),
  org_id: z.string(),
  name: z.string(),
  provider: z.string().nullable(),
  address: z.string().nullable().describe("Outbound address host[:port]"),
  outbound_address: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().nullable(),
  inbound_addresses: z.array(z.string()),
  outbound_number: z.string().nullable(),
  auth_username: z.string().nullable(),
  username: z.string().nullable(),
  has_password: z.boolean().describe("Whether a password is stored (it is never returned)"),
  transport: z.enum(SIP_TRANSPORTS),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SipTrunk = z.infer<typeof sipTrunkSchema>;
