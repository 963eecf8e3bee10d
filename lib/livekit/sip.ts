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

/** Creates the inbound trunk and dispatch rule of a number; undone when the second fails. */
export async function createInboundRoute(route: InboundRoute): Promise<{ inboundTrunkId: string; dispatchRuleId: string }> {
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
