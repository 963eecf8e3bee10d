import "server-only";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto";
import type { PhoneNumber as PhoneNumberRow, SipTrunk as SipTrunkRow } from "@/lib/generated/prisma/client";
import { updateInboundRoute, type InboundRoute } from "@/lib/livekit/sip";

// A number's inbound route in LiveKit: its number, and the addresses and credentials of its
// trunk (transfer_trunk_id), which stands for the SIP provider in both directions. Without
// a trunk any address may call in.

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
export async function resyncInboundRoutes(organizationId: string, numberIds: string[]): Promise<void> {
  if (numberIds.length === 0) return;
  const rows = await db.phoneNumber.findMany({ where: { organizationId, id: { in: numberIds } }, include: { transferTrunk: true } });
  for (const row of rows) {
    if (row.livekitInboundTrunkId) await updateInboundRoute(row.livekitInboundTrunkId, inboundRouteOf(row, row.transferTrunk));
  }
}
