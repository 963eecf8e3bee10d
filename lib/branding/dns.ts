import "server-only";
import { Resolver } from "node:dns/promises";
import { env } from "@/lib/env";

// TXT lookups for portal-domain verification, through DNS_RESOLVER when set (tests point it
// at a DNS server of their own on loopback), else the system's resolvers.

export type TxtLookup = { records: string[] } | { error: string };

export async function lookupTxt(name: string): Promise<TxtLookup> {
  const e = env();
  const resolver = new Resolver({ timeout: e.DNS_TIMEOUT_MS, tries: 2 });
  if (e.DNS_RESOLVER.length) resolver.setServers(e.DNS_RESOLVER);
  try {
    const answers = await resolver.resolveTxt(name);
    // A TXT record may be split into several strings; they form one value.
    return { records: answers.map((chunks) => chunks.join("")) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENODATA" || code === "ENOTFOUND") return { records: [] };
    return { error: `DNS lookup of ${name} failed (${code ?? "error"})` };
  }
}
