import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { paginationQuerySchema, paginationSchema, uuidSchema } from "@/lib/schemas/common";
import { phoneNumberCreateSchema, phoneNumberSchema, phoneNumberUpdateSchema } from "@/lib/schemas/phone-number";
import { sipTrunkCreateSchema, sipTrunkSchema, sipTrunkUpdateSchema } from "@/lib/schemas/sip-trunk";

// Phone numbers (bring your own) and the SIP trunks of the organisation's SIP providers.
// Every change is mirrored into LiveKit SIP before it is answered: a media server that is
// down or refuses is a 503 or 502 and nothing is stored.

const numberTags = ["Phone numbers"];
const trunkTags = ["SIP trunks"];
const livekit = { 502: "The media server refused the change", 503: "The media server is unreachable" } as const;

export const phoneNumberResponseSchema = z.object({ number: phoneNumberSchema });
// Older docs answer one trunk as sip_trunk, the SDK as trunk: both carry the same object.
export const sipTrunkResponseSchema = z.object({ trunk: sipTrunkSchema, sip_trunk: sipTrunkSchema.describe("Same as trunk (older docs)") });

const numberParams = { id: uuidParam("Phone number") };
const trunkParams = { id: uuidParam("SIP trunk") };

export const listPhoneNumbers = defineOperation({
  operationId: "listPhoneNumbers", method: "get", path: "/numbers", tags: numberTags, permission: "numbers.read",
  summary: "List phone numbers",
  query: paginationQuerySchema.extend({ assistant_id: uuidSchema.optional().describe("Only the numbers of this assistant") }),
  responses: { 200: { description: "Phone numbers", schema: z.object({ numbers: z.array(phoneNumberSchema), pagination: paginationSchema }) } },
});

export const createPhoneNumber = defineOperation({
  operationId: "createPhoneNumber", method: "post", path: "/numbers", tags: numberTags, permission: "numbers.write",
  summary: "Register a phone number",
  description: "Point the number at sip_uri at your SIP provider. A number is registered once on the platform.",
  body: phoneNumberCreateSchema,
  responses: { 201: { description: "The number", schema: phoneNumberResponseSchema } },
  errors: { 404: "assistant_id or transfer_trunk_id not found", 409: "The number is already registered", ...livekit },
});

export const getPhoneNumber = defineOperation({
  operationId: "getPhoneNumber", method: "get", path: "/numbers/{id}", params: numberParams, tags: numberTags, permission: "numbers.read",
  summary: "Get a phone number",
  responses: { 200: { description: "The number", schema: phoneNumberResponseSchema } },
});

export const updatePhoneNumber = defineOperation({
  operationId: "updatePhoneNumber", method: "patch", path: "/numbers/{id}", params: numberParams, tags: numberTags, permission: "numbers.write",
  summary: "Update a phone number (null unassigns)",
  body: phoneNumberUpdateSchema,
  responses: { 200: { description: "The number", schema: phoneNumberResponseSchema } },
  errors: { 409: "The number is already registered", ...livekit },
});

export const deletePhoneNumber = defineOperation({
  operationId: "deletePhoneNumber", method: "delete", path: "/numbers/{id}", params: numberParams, tags: numberTags, permission: "numbers.write",
  summary: "Delete a phone number",
  responses: { 200: { description: "Deleted", schema: successSchema } },
  errors: livekit,
});

export const listSipTrunks = defineOperation({
  operationId: "listSipTrunks", method: "get", path: "/sip-trunks", tags: trunkTags, permission: "numbers.read",
  summary: "List SIP trunks",
  query: paginationQuerySchema,
  responses: { 200: { description: "SIP trunks", schema: z.object({ trunks: z.array(sipTrunkSchema), pagination: paginationSchema }) } },
});

export const createSipTrunk = defineOperation({
  operationId: "createSipTrunk", method: "post", path: "/sip-trunks", tags: trunkTags, permission: "numbers.write",
  summary: "Create a SIP trunk",
  description: "Takes {host, port, username, password}, {address, auth_username, auth_password, transport} or the SDK's {inbound_addresses, outbound_address, outbound_number, …}. The password is never returned.",
  body: sipTrunkCreateSchema,
  responses: { 201: { description: "The trunk", schema: sipTrunkResponseSchema } },
  errors: livekit,
});

export const getSipTrunk = defineOperation({
  operationId: "getSipTrunk", method: "get", path: "/sip-trunks/{id}", params: trunkParams, tags: trunkTags, permission: "numbers.read",
  summary: "Get a SIP trunk",
  responses: { 200: { description: "The trunk", schema: sipTrunkResponseSchema } },
});

export const updateSipTrunk = defineOperation({
  operationId: "updateSipTrunk", method: "patch", path: "/sip-trunks/{id}", params: trunkParams, tags: trunkTags, permission: "numbers.write",
  summary: "Update a SIP trunk (extension)",
  description: "A password left out is kept; null removes it.",
  body: sipTrunkUpdateSchema,
  responses: { 200: { description: "The trunk", schema: sipTrunkResponseSchema } },
  errors: livekit,
});

export const deleteSipTrunk = defineOperation({
  operationId: "deleteSipTrunk", method: "delete", path: "/sip-trunks/{id}", params: trunkParams, tags: trunkTags, permission: "numbers.write",
  summary: "Delete a SIP trunk",
  description: "Its numbers stay, without a trunk.",
  responses: { 200: { description: "Deleted", schema: successSchema } },
  errors: livekit,
});
