import { z } from "zod";

// The worker asks the app to transfer a phone call's caller (POST INTERNAL_CALL_PATHS.transfer):
// the app knows the number's transfer trunk, builds the Refer-To URI, sends the SIP REFER
// through LiveKit and records the destination once the far end accepted it. The answer comes
// when the transfer has succeeded or failed (the far end's final NOTIFY), so it can take seconds.

/** E.164 number or SIP URI, as the transfer_call tool and the transfer control command accept. */
export const TRANSFER_DESTINATION = /^(\+[1-9]\d{1,14}|sips?:[^\s<>"]+)$/;

export const callTransferRequestSchema = z.object({
  destination: z.string().regex(TRANSFER_DESTINATION, "must be an E.164 number or a SIP URI"),
  /** The SIP participant (the caller) to move. */
  participant_identity: z.string().min(1).max(500),
});
export type CallTransferRequest = z.infer<typeof callTransferRequestSchema>;

export const callTransferResponseSchema = z.object({
  success: z.literal(true),
  /** The Refer-To URI that was sent. */
  refer_to: z.string(),
});
export type CallTransferResponse = z.infer<typeof callTransferResponseSchema>;
