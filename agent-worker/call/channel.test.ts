import { ParticipantKind } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { SIP_CALL_STATUS_ATTRIBUTE } from "../../lib/contract/wire";
import { channelOf, SIP_CHANNEL, WEB_CHANNEL } from "./channel";

const participant = (kind: ParticipantKind, attributes: Record<string, string> = {}) => ({ identity: "p", kind, attributes });

describe("channel layer", () => {
  it("picks the channel from the call's type", () => {
    expect(channelOf("web")).toBe(WEB_CHANNEL);
    expect(channelOf("inbound")).toBe(SIP_CHANNEL);
    expect(channelOf("outbound")).toBe(SIP_CHANNEL);
  });

  it("web: the caller is a standard participant, ready at once", () => {
    expect(WEB_CHANNEL.isCaller(participant(ParticipantKind.STANDARD))).toBe(true);
    expect(WEB_CHANNEL.isCaller(participant(ParticipantKind.AGENT))).toBe(false);
    expect(WEB_CHANNEL.isCaller(participant(ParticipantKind.SIP))).toBe(false);
    expect(WEB_CHANNEL.isReady(participant(ParticipantKind.STANDARD))).toBe(true);
    expect(WEB_CHANNEL.participantKinds).toEqual([ParticipantKind.STANDARD]);
  });

  it("sip: the caller is the SIP participant, ready once sip.callStatus is active", () => {
    expect(SIP_CHANNEL.isCaller(participant(ParticipantKind.SIP))).toBe(true);
    expect(SIP_CHANNEL.isCaller(participant(ParticipantKind.STANDARD))).toBe(false);
    for (const status of ["dialing", "ringing", "hangup"]) {
      expect(SIP_CHANNEL.isReady(participant(ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: status }))).toBe(false);
    }
    expect(SIP_CHANNEL.isReady(participant(ParticipantKind.SIP))).toBe(false);
    expect(SIP_CHANNEL.isReady(participant(ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "active" }))).toBe(true);
    expect(SIP_CHANNEL.participantKinds).toEqual([ParticipantKind.SIP]);
  });
});
