// The Refer-To URI of a SIP transfer (pure; unit-tested). A SIP URI destination is used as
// given; a number is sent to the transfer trunk's SIP server (the provider routes it on),
// or as a tel: URI when the trunk has no outbound address (the caller's provider resolves it).

export type ReferTrunk = { outboundAddress: string | null; transport: "udp" | "tcp" | "tls" };

const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_URI = /^sips?:[^\s<>"]+$/i;

export const isSipUri = (destination: string) => SIP_URI.test(destination);
export const isE164 = (destination: string) => E164.test(destination);

export function referToUri(destination: string, trunk: ReferTrunk): string {
  const target = destination.trim();
  if (isSipUri(target)) return target;
  if (!isE164(target)) throw new Error(`"${destination}" is neither an E.164 number nor a SIP URI`);
  const address = trunk.outboundAddress?.trim();
  if (!address) return `tel:${target}`;
  const scheme = trunk.transport === "tls" ? "sips" : "sip";
  // UDP is the SIP default; other transports are named so the provider is reached as configured.
  const transport = trunk.transport === "tcp" ? ";transport=tcp" : "";
  return `${scheme}:${target}@${address}${transport}`;
}
