import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import { Prisma, type PhoneNumber as PhoneNumberRow } from "@/lib/generated/prisma/client";
import { createInboundRoute, deleteInboundRoute, updateInboundRoute } from "@/lib/livekit/sip";
import type { PhoneNumber, PhoneNumberCreateInput, PhoneNumberUpdateInput } from "@/lib/schemas/phone-number";
import { inboundRouteOf, resyncOutboundTrunk } from "@/lib/telephony/livekit-sync";
import { publicSipAddress } from "@/lib/telephony/sip-config";
import { getSipTrunkRowOrThrow } from "@/lib/telephony/trunks";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// Registered phone numbers. A number is unique on the platform (an inbound call must land
// in exactly one organisation) and always has its LiveKit route, active or not, so that a
// call to an inactive number reaches Switchboard and is refused rather than left ringing.

const include = {
  assistant: { select: { name: true, businessName: true } },
  transferTrunk: { select: { name: true } },
} satisfies Prisma.PhoneNumberInclude;
type Row = Prisma.PhoneNumberGetPayload<{ include: typeof include }>;

/** The SIP URI a provider must send this number's calls to. */
export const sipUriOf = (phoneNumber: string) => `sip:${phoneNumber}@${publicSipAddress(env())}`;

export function serializePhoneNumber(row: Row): PhoneNumber {
  return {
    id: row.id,
    phone_number: row.phoneNumber,
    name: row.name,
    assistant_id: row.assistantId,
    agent_id: row.assistantId,
    agent_name: row.assistant?.name ?? null,
    business_name: row.assistant?.businessName ?? null,
    transfer_trunk_id: row.transferTrunkId,
    transfer_trunk_name: row.transferTrunk?.name ?? null,
    is_active: row.isActive,
    source: "byo",
    sip_uri: sipUriOf(row.phoneNumber),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const duplicate = (phoneNumber: string) => new AppError("conflict", `${phoneNumber} is already registered`, "phone_number");
const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

async function assertAssistant(scope: OrgScope, id: string | null | undefined) {
  if (!id) return;
  const found = await db.assistant.findFirst({ where: { id, ...orgWhere(scope) }, select: { id: true } });
  if (!found) throw new AppError("not_found", "Assistant not found", "assistant_id");
}

async function assertFree(phoneNumber: string, exceptId?: string) {
  const taken = await db.phoneNumber.findFirst({ where: { phoneNumber, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw duplicate(phoneNumber);
}

export async function findPhoneNumbers(scope: OrgScope, options: { limit: number; offset: number; assistantId?: string }) {
  const where = { ...orgWhere(scope), ...(options.assistantId ? { assistantId: options.assistantId } : {}) };
  const [rows, total] = await Promise.all([
    db.phoneNumber.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.phoneNumber.count({ where }),
  ]);
  return { numbers: rows.map(serializePhoneNumber), total };
}

export async function getPhoneNumberRowOrThrow(scope: OrgScope, id: string): Promise<PhoneNumberRow> {
  const row = await db.phoneNumber.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw notFound("Phone number");
  return row;
}

export async function getPhoneNumberOrThrow(scope: OrgScope, id: string): Promise<PhoneNumber> {
  const row = await db.phoneNumber.findFirst({ where: { id, ...orgWhere(scope) }, include });
  if (!row) throw notFound("Phone number");
  return serializePhoneNumber(row);
}

export async function createPhoneNumber(scope: OrgScope, input: PhoneNumberCreateInput): Promise<PhoneNumber> {
  await assertAssistant(scope, input.assistant_id);
  const trunk = input.transfer_trunk_id ? await getSipTrunkRowOrThrow(scope, input.transfer_trunk_id, "transfer_trunk_id") : null;
  await assertFree(input.phone_number);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.phoneNumber.create({
        data: {
          ...orgWhere(scope),
          phoneNumber: input.phone_number,
          name: input.name ?? null,
          assistantId: input.assistant_id ?? null,
          transferTrunkId: trunk?.id ?? null,
          isActive: input.is_active ?? true,
        },
      });
      // The row commits only with its LiveKit route; a failed commit removes the route again.
      const route = await createInboundRoute(inboundRouteOf(row, trunk));
      try {
        const saved = await tx.phoneNumber.update({
          where: { id: row.id, ...orgWhere(scope) },
          data: { livekitInboundTrunkId: route.inboundTrunkId, livekitDispatchRuleId: route.dispatchRuleId },
          include,
        });
        // The trunk may now present this number as caller ID.
        await resyncOutboundTrunk(tx, scope, trunk?.id ?? null);
        return serializePhoneNumber(saved);
      } catch (error) {
        await deleteInboundRoute(route).catch(() => {});
        throw error;
      }
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicate(input.phone_number) : error;
  }
}

export async function updatePhoneNumber(scope: OrgScope, id: string, input: PhoneNumberUpdateInput): Promise<PhoneNumber> {
  const current = await getPhoneNumberRowOrThrow(scope, id);
  await assertAssistant(scope, input.assistant_id);
  const trunkId = input.transfer_trunk_id !== undefined ? input.transfer_trunk_id : current.transferTrunkId;
  const trunk = trunkId ? await getSipTrunkRowOrThrow(scope, trunkId, "transfer_trunk_id") : null;
  const phoneNumber = input.phone_number ?? current.phoneNumber;
  if (phoneNumber !== current.phoneNumber) await assertFree(phoneNumber, id);

  // LiveKit first: if it refuses, the stored number is unchanged and keeps working; if the
  // database then refuses, the previous route is put back.
  const rerouted = (phoneNumber !== current.phoneNumber || trunkId !== current.transferTrunkId) && current.livekitInboundTrunkId;
  if (rerouted) await updateInboundRoute(current.livekitInboundTrunkId!, inboundRouteOf({ id, phoneNumber }, trunk));
  const data: Prisma.PhoneNumberUncheckedUpdateManyInput = { phoneNumber, transferTrunkId: trunkId };
  if (input.name !== undefined) data.name = input.name;
  if (input.assistant_id !== undefined) data.assistantId = input.assistant_id;
  if (input.is_active !== undefined) data.isActive = input.is_active;
  try {
    const updated = await db.phoneNumber.updateMany({ where: { id, ...orgWhere(scope) }, data });
    if (updated.count === 0) throw notFound("Phone number");
  } catch (error) {
    if (rerouted) {
      const previousTrunk = current.transferTrunkId ? await db.sipTrunk.findFirst({ where: { id: current.transferTrunkId, ...orgWhere(scope) } }) : null;
      await updateInboundRoute(current.livekitInboundTrunkId!, inboundRouteOf(current, previousTrunk)).catch(() => {});
    }
    throw isUniqueViolation(error) ? duplicate(phoneNumber) : error;
  }
  if (trunkId !== current.transferTrunkId || phoneNumber !== current.phoneNumber) {
    await resyncOutboundTrunk(db, scope, current.transferTrunkId);
    if (trunkId !== current.transferTrunkId) await resyncOutboundTrunk(db, scope, trunkId);
  }
  return getPhoneNumberOrThrow(scope, id);
}

export async function deletePhoneNumber(scope: OrgScope, id: string): Promise<void> {
  const current = await getPhoneNumberRowOrThrow(scope, id);
  await deleteInboundRoute({ inboundTrunkId: current.livekitInboundTrunkId, dispatchRuleId: current.livekitDispatchRuleId });
  await db.phoneNumber.deleteMany({ where: { id, ...orgWhere(scope) } });
  await resyncOutboundTrunk(db, scope, current.transferTrunkId);
}
