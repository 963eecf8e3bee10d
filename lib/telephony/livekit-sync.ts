import "server-only";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto";
import type { Prisma, PhoneNumber as PhoneNumberRow, SipTrunk as SipTrunkRow } from "@/lib/generated/prisma/client";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
import { createOutboundTrunk, deleteOutboundTrunk, updateInboundRoute, updateOutboundTrunk, type InboundRoute } from "@/lib/livekit/sip";

// What LiveKit SIP must hold for the organisation's numbers and trunks:
// - a number's inbound route: its number, and the addresses and credentials of its trunk
//   (transfer_trunk_id), which stands for the SIP provider in both directions; without a
//   trunk any address may call in;
// - a trunk's outbound trunk: its address and credentials, with the caller IDs it may
//   present (its outbound_number and the numbers that use it). LiveKit needs at least one,
//   so a trunk nobody can call from yet has no outbound trunk.

type Client = Prisma.TransactionClient | typeof db;

/** The trunk's password in plain text, for LiveKit only. */
export const trunkPassword = (row: Pick<SipTrunkRow, "authPasswordEnc">) => (row.authPasswordEnc ? decryptSecret(row.authPasswordEnc) : null);

export function inboundRouteOf(number: Pick<PhoneNumberRow, "id" | "phoneNumber">, trunk: SipTrunkRow | null): InboundRoute {
  return {
    numberId: number.id,
    phoneNumber: number.phoneNumber,
    allowedAddresses: trunk?.inboundAddresses ?? [],
    authUsername: trunk?.authUsername ?? null,
    authPassword: trunk ? trunkPassword(trunk) : null,
  };
}

/** Re-applies the inbound routes of these numbers (after their trunk changed). */
export async function resyncInboundRoutes(scope: OrgScope, numberIds: string[]): Promise<void> {
  if (numberIds.length === 0) return;
  const rows = await db.phoneNumber.findMany({ where: { ...orgWhere(scope), id: { in: numberIds } }, include: { transferTrunk: true } });
  for (const row of rows) {
    if (row.livekitInboundTrunkId) await updateInboundRoute(row.livekitInboundTrunkId, inboundRouteOf(row, row.transferTrunk));
  }
}

async function callerIds(client: Client, scope: OrgScope, trunk: SipTrunkRow): Promise<string[]> {
  const numbers = await client.phoneNumber.findMany({ where: { ...orgWhere(scope), transferTrunkId: trunk.id }, select: { phoneNumber: true } });
  return [...new Set([trunk.outboundNumber, ...numbers.map((n) => n.phoneNumber)].filter((n): n is string => !!n))];
}

/**
 * Brings the trunk's LiveKit outbound trunk in line with `trunk` (created, updated or
 * deleted) and returns its id, which the caller stores. Caller IDs are read through
 * `client`, so a transaction sees its own uncommitted numbers.
 */
export async function syncOutboundTrunk(client: Client, scope: OrgScope, trunk: SipTrunkRow): Promise<string | null> {
  const numbers = trunk.outboundAddress && trunk.isActive ? await callerIds(client, scope, trunk) : [];
  const current = trunk.livekitOutboundTrunkId;
  if (!trunk.outboundAddress || numbers.length === 0 || !trunk.isActive) {
    if (current) await deleteOutboundTrunk(current);
    return null;
  }
  const wanted = { trunkId: trunk.id, address: trunk.outboundAddress, numbers, transport: trunk.transport, authUsername: trunk.authUsername, authPassword: trunkPassword(trunk) };
  if (current) {
    await updateOutboundTrunk(current, wanted);
    return current;
  }
  return createOutboundTrunk(wanted);
}

/** Re-syncs the outbound trunk of a stored trunk (its numbers changed) and stores its id. */
export async function resyncOutboundTrunk(client: Client, scope: OrgScope, trunkId: string | null): Promise<void> {
  if (!trunkId) return;
  const trunk = await client.sipTrunk.findFirst({ where: { id: trunkId, ...orgWhere(scope) } });
  if (!trunk) return;
  const id = await syncOutboundTrunk(client, scope, trunk);
  if (id !== trunk.livekitOutboundTrunkId) await client.sipTrunk.update({ where: { id: trunk.id, ...orgWhere(scope) }, data: { livekitOutboundTrunkId: id } });
}
