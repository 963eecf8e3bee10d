import "server-only";
import {
  RoomAgentDispatch,
  RoomConfiguration,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
  SipClient,
  type CreateSipOutboundTrunkOptions,
} from "livekit-server-sdk";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import type { InboundDispatchMetadata } from "@/lib/contract/call-config";

// The organisation's numbers and trunks mirrored into LiveKit SIP: one inbound trunk and one
// dispatch rule per registered number (the dispatch carries the number id, so the worker
// knows which number was called), one outbound trunk per SIP trunk with an outbound address.
// Changes replace the LiveKit object in place, so a failure leaves the previous one working.

const httpUrl = (wsUrl: string) => wsUrl.replace(/^ws(s?):\/\//, "http$1://");

export function sipClient(): SipClient {
  const { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = env();
  return new SipClient(httpUrl(LIVEKIT_URL), LIVEKIT_API_KEY, LIVEKIT_API_SECRET);
}


// @livekit/protocol's SIPTransport values (livekit-server-sdk does not re-export the enum).
const TRANSPORTS = { udp: 1, tcp: 2, tls: 3 } as const;

/** LiveKit unreachable → service_unavailable; LiveKit refused → provider_error. */
async function livekit<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/fetch failed|ECONNREFUSED|ENOTFOUND|timeout/i.test(message)) {
      throw new AppError("service_unavailable", `The media server is unreachable (${what}); nothing was changed`);
    }
    throw new AppError("provider_error", `The media server refused to ${what}: ${message}`);
  }
}

export type InboundRoute = {
  numberId: string;
  phoneNumber: string;
  allowedAddresses: string[];
  authUsername: string | null;
  authPassword: string | null;
};

function inboundTrunkInfo(route: InboundRoute, id = "") {
  return new SIPInboundTrunkInfo({
    sipTrunkId: id,
    name: `switchboard-number-${route.numberId}`,
    numbers: [route.phoneNumber],
    allowedAddresses: route.allowedAddresses,
    authUsername: route.authUsername ?? "",
    authPassword: route.authPassword ?? "",
  });
}

// Numbers nobody registered: LiveKit SIP answers a number no trunk matches with 100/180 and
// then silence (its flood protection), so the caller would ring on for minutes. A platform-wide
// catch-all trunk (no numbers) and its dispatch rule send such calls to the worker, which
// refuses them at once. LiveKit picks a trunk listing the dialled number over a trunk without
// numbers, and a trunk's allowed addresses and credentials are checked before it can match, so
// a registered number keeps its own trunk; a caller its trunk does not admit lands here and is
// refused too. LiveKit refuses a trunk with neither numbers, addresses nor credentials, hence
// "any address". There must be exactly one (two catch-alls make every such call an error).
const UNREGISTERED = "switchboard-unregistered-numbers";
let unregisteredRoute: Promise<void> | undefined;

/** Ensures the catch-all route exists once (idempotent; concurrent ensures converge on the oldest). */
export function ensureUnregisteredNumbersRoute(): Promise<void> {
  unregisteredRoute ??= syncUnregisteredNumbersRoute().catch((error) => {
    unregisteredRoute = undefined;
    throw error;
  });
  return unregisteredRoute;
}

async function syncUnregisteredNumbersRoute(): Promise<void> {
  const sip = sipClient();
  const byId = <T>(id: (t: T) => string) => (a: T, b: T) => id(a).localeCompare(id(b));
  const trunks = async () =>
    (await livekit("list the inbound trunks", () => sip.listSipInboundTrunk())).filter((t) => t.name === UNREGISTERED && t.numbers.length === 0).sort(byId((t) => t.sipTrunkId));
  let found = await trunks();
  if (found.length === 0) {
    await livekit("create the catch-all inbound trunk", () => sip.createSipInboundTrunk(UNREGISTERED, [], { allowedAddresses: ["0.0.0.0/0", "::/0"] }));
    found = await trunks();
  }
  const [trunk, ...extra] = found;
  for (const t of extra) await livekit("delete a duplicate catch-all trunk", () => sip.deleteSipTrunk(t.sipTrunkId).catch(() => null));
  if (!trunk) throw new AppError("provider_error", "The media server did not keep the catch-all inbound trunk");

  const rules = async () =>
    (await livekit("list the dispatch rules", () => sip.listSipDispatchRule({ trunkIds: [trunk.sipTrunkId] })))
      .filter((r) => r.name === UNREGISTERED && r.trunkIds.includes(trunk.sipTrunkId))
      .sort(byId((r) => r.sipDispatchRuleId));
  let foundRules = await rules();
  if (foundRules.length === 0) {
    const metadata: InboundDispatchMetadata = { channel: "sip_inbound", number_id: null };
    await livekit("create the catch-all dispatch rule", () =>
      sip.createSipDispatchRule(
        { type: "individual", roomPrefix: "unregistered-" },
        {
          name: UNREGISTERED,
          trunkIds: [trunk.sipTrunkId],
          roomConfig: new RoomConfiguration({
            agents: [new RoomAgentDispatch({ agentName: env().AGENT_NAME, metadata: JSON.stringify(metadata) })],
          }),
        },
      ),
    );
    foundRules = await rules();
  }
  for (const r of foundRules.slice(1)) await livekit("delete a duplicate catch-all rule", () => sip.deleteSipDispatchRule(r.sipDispatchRuleId).catch(() => null));
}

/**
 * Creates the inbound trunk and dispatch rule of a number; undone when the second fails.
 * Ensures the catch-all route first, so numbers nobody registered are refused from then on.
 */
export async function createInboundRoute(route: InboundRoute): Promise<{ inboundTrunkId: string; dispatchRuleId: string }> {
  await ensureUnregisteredNumbersRoute();
  const sip = sipClient();
  const trunk = await livekit("create the number's inbound trunk", () =>
    sip.createSipInboundTrunk(`switchboard-number-${route.numberId}`, [route.phoneNumber], {
      allowedAddresses: route.allowedAddresses,
      authUsername: route.authUsername ?? undefined,
      authPassword: route.authPassword ?? undefined,
    }),
  );
  try {
    const metadata: InboundDispatchMetadata = { channel: "sip_inbound", number_id: route.numberId };
    const rule = await livekit("create the number's dispatch rule", () =>
      sip.createSipDispatchRule(
        { type: "individual", roomPrefix: "call-" },
        {
          name: `switchboard-number-${route.numberId}`,
          trunkIds: [trunk.sipTrunkId],
          roomConfig: new RoomConfiguration({
            agents: [new RoomAgentDispatch({ agentName: env().AGENT_NAME, metadata: JSON.stringify(metadata) })],
          }),
        },
      ),
    );
    return { inboundTrunkId: trunk.sipTrunkId, dispatchRuleId: rule.sipDispatchRuleId };
  } catch (error) {
    await sip.deleteSipTrunk(trunk.sipTrunkId).catch(() => {});
    throw error;
  }
}

export async function updateInboundRoute(inboundTrunkId: string, route: InboundRoute): Promise<void> {
  await livekit("update the number's inbound trunk", () => sipClient().updateSipInboundTrunk(inboundTrunkId, inboundTrunkInfo(route, inboundTrunkId)));
}

/** Removes what createInboundRoute made; objects already gone are fine. */
export async function deleteInboundRoute(ids: { inboundTrunkId: string | null; dispatchRuleId: string | null }): Promise<void> {
  const sip = sipClient();
  const notFound = (error: unknown) => /not found|404|does not exist/i.test(String(error));
  if (ids.dispatchRuleId) {
    await livekit("delete the number's dispatch rule", () => sip.deleteSipDispatchRule(ids.dispatchRuleId!).catch((e) => (notFound(e) ? null : Promise.reject(e))));
  }
  if (ids.inboundTrunkId) {
    await livekit("delete the number's inbound trunk", () => sip.deleteSipTrunk(ids.inboundTrunkId!).catch((e) => (notFound(e) ? null : Promise.reject(e))));
  }
}

export type OutboundTrunk = {
  trunkId: string;
  address: string;
  numbers: string[];
  transport: keyof typeof TRANSPORTS;
  authUsername: string | null;
  authPassword: string | null;
};

export async function createOutboundTrunk(trunk: OutboundTrunk): Promise<string> {
  const created = await livekit("create the outbound trunk", () =>
    sipClient().createSipOutboundTrunk(`switchboard-trunk-${trunk.trunkId}`, trunk.address, trunk.numbers, {
      transport: TRANSPORTS[trunk.transport] as unknown as CreateSipOutboundTrunkOptions["transport"],
      authUsername: trunk.authUsername ?? undefined,
      authPassword: trunk.authPassword ?? undefined,
    }),
  );
  return created.sipTrunkId;
}

export async function updateOutboundTrunk(livekitTrunkId: string, trunk: OutboundTrunk): Promise<void> {
  const info = new SIPOutboundTrunkInfo({
    sipTrunkId: livekitTrunkId,
    name: `switchboard-trunk-${trunk.trunkId}`,
    address: trunk.address,
    numbers: trunk.numbers,
    transport: TRANSPORTS[trunk.transport] as unknown as SIPOutboundTrunkInfo["transport"],
    authUsername: trunk.authUsername ?? "",
    authPassword: trunk.authPassword ?? "",
  });
  await livekit("update the outbound trunk", () => sipClient().updateSipOutboundTrunk(livekitTrunkId, info));
}

export async function deleteOutboundTrunk(livekitTrunkId: string): Promise<void> {
  await livekit("delete the outbound trunk", () =>
    sipClient()
      .deleteSipTrunk(livekitTrunkId)
      .catch((e) => (/not found|404|does not exist/i.test(String(e)) ? null : Promise.reject(e))),
  );
}
