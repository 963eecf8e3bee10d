import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/telephony";
import { createPhoneNumber, deletePhoneNumber, findPhoneNumbers, getPhoneNumberOrThrow, updatePhoneNumber } from "@/lib/telephony/numbers";
import { createSipTrunk, deleteSipTrunk, findSipTrunks, getSipTrunkOrThrow, updateSipTrunk } from "@/lib/telephony/trunks";
import type { SipTrunk } from "@/lib/schemas/sip-trunk";

export const listPhoneNumbers = route(op.listPhoneNumbers, async ({ query: { limit, offset, assistant_id }, scope }) => {
  const { numbers, total } = await findPhoneNumbers(scope, { limit, offset, assistantId: assistant_id });
  return { numbers, pagination: { total, limit, offset } };
});

export const postPhoneNumber = route(op.createPhoneNumber, async ({ body, scope }) => ({ number: await createPhoneNumber(scope, body) }));

export const getPhoneNumber = route(op.getPhoneNumber, async ({ params, scope }) => ({ number: await getPhoneNumberOrThrow(scope, params.id) }));

export const patchPhoneNumber = route(op.updatePhoneNumber, async ({ params, body, scope }) => ({ number: await updatePhoneNumber(scope, params.id, body) }));

export const removePhoneNumber = route(op.deletePhoneNumber, async ({ params, scope }) => {
  await deletePhoneNumber(scope, params.id);
  return { success: true } as const;
});

// One trunk under both names (see docs/api-decisions.md).
const one = (trunk: SipTrunk) => ({ trunk, sip_trunk: trunk });

export const listSipTrunks = route(op.listSipTrunks, async ({ query: { limit, offset }, scope }) => {
  const { trunks, total } = await findSipTrunks(scope, { limit, offset });
  return { trunks, pagination: { total, limit, offset } };
});

export const postSipTrunk = route(op.createSipTrunk, async ({ body, scope }) => one(await createSipTrunk(scope, body)));

export const getSipTrunk = route(op.getSipTrunk, async ({ params, scope }) => one(await getSipTrunkOrThrow(scope, params.id)));

export const patchSipTrunk = route(op.updateSipTrunk, async ({ params, body, scope }) => one(await updateSipTrunk(scope, params.id, body)));

export const removeSipTrunk = route(op.deleteSipTrunk, async ({ params, scope }) => {
  await deleteSipTrunk(scope, params.id);
  return { success: true } as const;
});
