// Guard for URLs the platform calls on a customer's behalf (webhooks, tool servers, BYOK and
// "Draft with AI" base URLs). With OUTBOUND_ALLOW_PRIVATE_NETWORKS=false (multi-tenant
// deployments) a URL must be http(s) and its host must resolve only to public addresses: no
// loopback, private (RFC 1918, fc00::/7), link-local (cloud metadata at 169.254.169.254),
// CGNAT, unspecified, multicast or reserved ranges, also in IPv4-mapped / NAT64 IPv6 form.
//
// Limitation (DNS rebinding): the host is resolved here, and fetch resolves it again when it
// connects; a hostile DNS server can answer a public address first and a private one second.
// Closing that gap needs the check at connect time (a custom undici dispatcher whose lookup
// filters addresses). With the guard on, guardedFetch never follows redirects, so each
// request goes to a checked host.
//
// Shared by the app and the worker (it resolves host names, so Node only); the browser never imports it.
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";

export type BlockedReason =
  | "scheme"
  | "invalid-url"
  | "loopback"
  | "private"
  | "link-local"
  | "unspecified"
  | "multicast"
  | "shared"
  | "reserved";

const DESCRIPTIONS: Record<Exclude<BlockedReason, "scheme" | "invalid-url">, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  "link-local": "a link-local address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  shared: "a carrier-grade NAT (shared) address",
  reserved: "a reserved address",
};

export type AddressCategory = keyof typeof DESCRIPTIONS;

/** A customer-supplied URL the guard refuses to call. The message names the host, never the resolved addresses. */
export class BlockedOutboundUrlError extends Error {
  override readonly name = "BlockedOutboundUrlError";
  constructor(
    readonly reason: BlockedReason,
    readonly host: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundGuardOptions {
  /** true: no check at all (single-tenant installs, tests with loopback receivers). */
  allowPrivate: boolean;
  /** Resolver (tests); default: dns.lookup with all addresses. */
  lookup?: (host: string) => Promise<{ address: string }[]>;
}

type Range = { bytes: number[]; bits: number; category: AddressCategory };

const v4 = (cidr: string, category: AddressCategory): Range => {
  const [ip, bits] = cidr.split("/");
  return { bytes: ip!.split(".").map(Number), bits: Number(bits), category };
};

const IPV4_RANGES: Range[] = [
  v4("0.0.0.0/8", "unspecified"),
  v4("127.0.0.0/8", "loopback"),
  v4("10.0.0.0/8", "private"),
  v4("172.16.0.0/12", "private"),
  v4("192.168.0.0/16", "private"),
  v4("169.254.0.0/16", "link-local"),
  v4("100.64.0.0/10", "shared"),
  v4("224.0.0.0/4", "multicast"),
  v4("192.0.0.0/24", "reserved"),
  v4("198.18.0.0/15", "reserved"),
  v4("240.0.0.0/4", "reserved"), // includes 255.255.255.255
];

function inRange(bytes: number[], range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

function parseIpv6(text: string): number[] | null {
  let s = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  // A trailing dotted quad (::ffff:127.0.0.1) becomes two hex groups.
  const dotted = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    if (isIP(dotted[2]!) !== 4) return null;
    const [a, b, c, d] = dotted[2]!.split(".").map(Number) as [number, number, number, number];
    s = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const part = (p: string) => (p === "" ? [] : p.split(":"));
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const groups = [...head, ...Array<string>(fill).fill("0"), ...rest];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function classifyIpv4Bytes(bytes: number[]): AddressCategory | null {
  return IPV4_RANGES.find((r) => inRange(bytes, r))?.category ?? null;
}

/** The category of a literal IPv4/IPv6 address that must not be called, or null when it is public. */
export function classifyAddress(address: string): AddressCategory | null {
  const plain = address.replace(/^\[|\]$/g, "");
  const family = isIP(plain.replace(/%.*$/, ""));
  if (family === 4) return classifyIpv4Bytes(plain.split(".").map(Number));
  if (family !== 6) return "reserved"; // not an address at all: never treat it as public
  const b = parseIpv6(plain);
  if (!b) return "reserved";
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return "unspecified";
  if (zeros(0, 15) && b[15] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d):
  // judged by the embedded IPv4 address.
  const mapped = zeros(0, 10) && b[10] === 0xff && b[11] === 0xff;
  const compatible = zeros(0, 12);
  const nat64 = b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12);
  if (mapped || compatible || nat64) return classifyIpv4Bytes(b.slice(12));
  if ((b[0]! & 0xfe) === 0xfc) return "private"; // fc00::/7 unique local
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return "link-local"; // fe80::/10
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return "private"; // fec0::/10 site-local (deprecated)
  if (b[0] === 0xff) return "multicast";
  return null;
}

const blockedMessage = (host: string, isLiteral: boolean, category: AddressCategory) =>
  `Requests to ${host} are blocked: ${isLiteral ? "it is" : "it resolves to"} ${DESCRIPTIONS[category]} ` +
  `and this server does not call private networks`;

const defaultLookup = (host: string) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Throws BlockedOutboundUrlError unless the URL is http(s) and every address its host resolves
 * to is public. With `allowPrivate` only the scheme is checked. DNS failures propagate as the
 * resolver's own error (a network problem, not a refusal). Returns the parsed URL.
 */
export async function assertPublicUrl(url: string | URL, options: OutboundGuardOptions): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BlockedOutboundUrlError("invalid-url", null, "The URL is not valid");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new BlockedOutboundUrlError("scheme", parsed.hostname || null, `Only http and https URLs can be called (not ${parsed.protocol})`);
  }
  if (options.allowPrivate) return parsed;

  // The WHATWG parser has already normalised IPv4 shorthands (127.1, 0x7f000001, 2130706433).
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const category = classifyAddress(host);
    if (category) throw new BlockedOutboundUrlError(category, parsed.hostname, blockedMessage(parsed.hostname, true, category));
    return parsed;
  }
  const addresses = await (options.lookup ?? defaultLookup)(host);
  for (const { address } of addresses) {
    const category = classifyAddress(address);
    if (category) throw new BlockedOutboundUrlError(category, parsed.hostname, blockedMessage(parsed.hostname, false, category));
  }
  return parsed;
}

/**
 * fetch behind the guard: with the guard on, the URL is checked first, a DNS failure looks like
 * fetch's own network error (TypeError "fetch failed" with the resolver error as cause), and
 * redirects are not followed ("follow" becomes "manual": a redirect would lead to an unchecked host).
 */
export async function guardedFetch(
  url: string,
  init: RequestInit,
  options: OutboundGuardOptions & { fetch?: typeof fetch },
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  if (options.allowPrivate) {
    await assertPublicUrl(url, options);
    return doFetch(url, init);
  }
  try {
    await assertPublicUrl(url, options);
  } catch (error) {
    if (error instanceof BlockedOutboundUrlError) throw error;
    throw new TypeError("fetch failed", { cause: error });
  }
  const redirect = init.redirect === undefined || init.redirect === "follow" ? "manual" : init.redirect;
  return doFetch(url, { ...init, redirect });
}
