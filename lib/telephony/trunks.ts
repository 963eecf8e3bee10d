import "server-only";
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { SipTrunk as SipTrunkRow } from "@/lib/generated/prisma/client";
import { deleteOutboundTrunk } from "@/lib/livekit/sip";
import type { SipTrunk, SipTrunkInput } from "@/lib/schemas/sip-trunk";
import { resyncInboundRoutes, syncOutboundTrunk } from "@/lib/telephony/livekit-sync";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// SIP trunks: stored once, answered in the superset of the documented spellings, mirrored
// as a LiveKit outbound trunk when they have an outbound address. The password is
// encrypted at rest and never leaves this module except towards LiveKit.

export function serializeSipTrunk(row: SipTrunkRow): SipTrunk {
  const [host, port] = row.outboundAddress ? row.outboundAddress.split(":") : [null, null];
  return {
    id: row.id,
    org_id: row.organizationId,
    name: row.name,
    provider: row.provider,
    address: row.outboundAddress,
    outbound_address: row.outboundAddress,
    host: host ?? null,
    port: row.outboundAddress ? Number(port ?? 5060) : null,
    inbound_addresses: row.inboundAddresses,
    outbound_number: row.outboundNumber,
    auth_username: row.authUsername,
    username: row.authUsername,
    has_password: row.authPasswordEnc !== null,
    transport: row.transport,
    is_active: row.isActive,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export async function findSipTrunks(scope: OrgScope, options: { limit: number; offset: number }) {
  const where = orgWhere(scope);
  const [rows, total] = await Promise.all([
    db.sipTrunk.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.sipTrunk.count({ where }),
  ]);
  return { trunks: rows.map(serializeSipTrunk), total };
}

export async function getSipTrunkRowOrThrow(scope: OrgScope, id: string, param: string | null = null): Promise<SipTrunkRow> {
  const row = await db.sipTrunk.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw param ? new AppError("not_found", "SIP trunk not found", param) : notFound("SIP trunk");
  return row;
}

export const getSipTrunkOrThrow = async (scope: OrgScope, id: string) => serializeSipTrunk(await getSipTrunkRowOrThrow(scope, id));

export async function createSipTrunk(scope: OrgScope, input: SipTrunkInput): Promise<SipTrunk> {
  return db.$transaction(async (tx) => {
    const row = await tx.sipTrunk.create({
      data: {
        ...orgWhere(scope),
        name: input.name!,
        provider: input.provider ?? null,
        outboundAddress: input.outboundAddress ?? null,
        inboundAddresses: input.inboundAddresses ?? [],
        outboundNumber: input.outboundNumber ?? null,
        authUsername: input.authUsername ?? null,
        authPasswordEnc: input.authPassword ? encryptSecret(input.authPassword) : null,
        transport: input.transport ?? "udp",
        isActive: input.isActive ?? true,
      },
    });
    // The row commits only once LiveKit has the trunk; if the commit fails, it is removed again.
    const livekitOutboundTrunkId = await syncOutboundTrunk(tx, scope, row);
    if (!livekitOutboundTrunkId) return serializeSipTrunk(row);
    try {
      return serializeSipTrunk(await tx.sipTrunk.update({ where: { id: row.id, ...orgWhere(scope) }, data: { livekitOutboundTrunkId } }));
    } catch (error) {
      await deleteOutboundTrunk(livekitOutboundTrunkId).catch(() => {});
      throw error;
    }
  });
}

export async function updateSipTrunk(scope: OrgScope, id: string, input: SipTrunkInput): Promise<SipTrunk> {
  const current = await getSipTrunkRowOrThrow(scope, id);
  const next: SipTrunkRow = {
    ...current,
    name: input.name ?? current.name,
    provider: input.provider !== undefined ? input.provider : current.provider,
    outboundAddress: input.outboundAddress !== undefined ? input.outboundAddress : current.outboundAddress,
    inboundAddresses: input.inboundAddresses ?? current.inboundAddresses,
    outboundNumber: input.outboundNumber !== undefined ? input.outboundNumber : current.outboundNumber,
    authUsername: input.authUsername !== undefined ? input.authUsername : current.authUsername,
    authPasswordEnc: input.authPassword === undefined ? current.authPasswordEnc : input.authPassword === null ? null : encryptSecret(input.authPassword),
    transport: input.transport ?? current.transport,
    isActive: input.isActive ?? current.isActive,
  };
  if (!next.outboundAddress && next.inboundAddresses.length === 0) {
    throw new AppError("validation_error", "address: a trunk needs an outbound address (address, outbound_address or host) or inbound_addresses", "address");
  }
  // LiveKit first: when it refuses, the stored trunk is untouched.
  const livekitOutboundTrunkId = await syncOutboundTrunk(db, scope, next);
  const { id: _id, organizationId: _org, createdAt: _c, updatedAt: _u, ...data } = next;
  const updated = await db.sipTrunk.updateMany({ where: { id, ...orgWhere(scope) }, data: { ...data, livekitOutboundTrunkId } });
  if (updated.count === 0) throw notFound("SIP trunk");
  await resyncInboundRoutes(scope, await numberIdsUsing(scope, id));
  return getSipTrunkOrThrow(scope, id);
}

export async function deleteSipTrunk(scope: OrgScope, id: string): Promise<void> {
  const current = await getSipTrunkRowOrThrow(scope, id);
  const numberIds = await numberIdsUsing(scope, id);
  if (current.livekitOutboundTrunkId) await deleteOutboundTrunk(current.livekitOutboundTrunkId);
  await db.sipTrunk.deleteMany({ where: { id, ...orgWhere(scope) } });
  // Its numbers stay (transfer_trunk_id becomes null) and take calls from any address.
  await resyncInboundRoutes(scope, numberIds);
}

async function numberIdsUsing(scope: OrgScope, trunkId: string): Promise<string[]> {
  const rows = await db.phoneNumber.findMany({ where: { ...orgWhere(scope), transferTrunkId: trunkId }, select: { id: true } });
  return rows.map((r) => r.id);
}
