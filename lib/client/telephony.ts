"use client";
import { queryOptions } from "@tanstack/react-query";
import type { BodyInputOf } from "@/lib/api/operation";
import * as telephony from "@/lib/api/operations/telephony";
import { apiFetch } from "@/lib/client/api";

// The portal's phone-number and SIP-trunk requests (lib/api/operations/telephony.ts).

export const phoneNumberQueries = {
  list: () => queryOptions({ queryKey: ["numbers"], queryFn: () => apiFetch(telephony.listPhoneNumbers, { query: { limit: 1000 } }) }),
};

export const sipTrunkQueries = {
  list: () => queryOptions({ queryKey: ["sip-trunks"], queryFn: () => apiFetch(telephony.listSipTrunks, { query: { limit: 1000 } }) }),
};

export const createPhoneNumberRequest = (body: BodyInputOf<typeof telephony.createPhoneNumber>) => apiFetch(telephony.createPhoneNumber, { body });

export const updatePhoneNumberRequest = (id: string, body: BodyInputOf<typeof telephony.updatePhoneNumber>) =>
  apiFetch(telephony.updatePhoneNumber, { params: { id }, body });

export const deletePhoneNumberRequest = (id: string) => apiFetch(telephony.deletePhoneNumber, { params: { id } });

export const saveSipTrunkRequest = (id: string | null, body: BodyInputOf<typeof telephony.updateSipTrunk>) =>
  id
    ? apiFetch(telephony.updateSipTrunk, { params: { id }, body })
    : apiFetch(telephony.createSipTrunk, { body: body as BodyInputOf<typeof telephony.createSipTrunk> });

export const deleteSipTrunkRequest = (id: string) => apiFetch(telephony.deleteSipTrunk, { params: { id } });
