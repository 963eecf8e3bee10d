import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SipClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { startTestLivekit, useFreshDatabase } from "./support";

// Numbers and trunks against a real LiveKit server (with its Redis): every change is mirrored
// in LiveKit SIP, and a LiveKit failure leaves nothing half-made.
let livekit: LivekitServer;
let sip: SipClient;
let numbers: typeof import("@/lib/telephony/numbers");
let trunks: typeof import("@/lib/telephony/trunks");
let db: typeof import("@/lib/db").db;
let orgA: { organizationId: string };
let orgB: { organizationId: string };

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit({ redis: true });
  sip = new SipClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  numbers = await import("@/lib/telephony/numbers");
  trunks = await import("@/lib/telephony/trunks");
  ({ db } = await import("@/lib/db"));
  const make = (slug: string) => db.organization.create({ data: { name: slug, slug } });
  orgA = { organizationId: (await make("tel-a")).id };
  orgB = { organizationId: (await make("tel-b")).id };
});
afterAll(async () => {
  await livekit?.stop();
});

describe("telephony mirrored in LiveKit SIP", () => {
  it("creates, updates and deletes a trunk's outbound trunk, with the password encrypted and never returned", async () => {
    const trunk = await trunks.createSipTrunk(orgA, { name: "Carrier", outboundAddress: "sip.example.com:5080", outboundNumber: "+31201234567", authUsername: "acct", authPassword: "s3cret" });
    expect(trunk).toMatchObject({ address: "sip.example.com:5080", host: "sip.example.com", port: 5080, username: "acct", has_password: true });
    expect(JSON.stringify(trunk)).not.toContain("s3cret");
    const row = await db.sipTrunk.findUniqueOrThrow({ where: { id: trunk.id } });
    expect(row.authPasswordEnc).not.toContain("s3cret");
    const [outbound] = await sip.listSipOutboundTrunk();
    expect(outbound).toMatchObject({ sipTrunkId: row.livekitOutboundTrunkId, address: "sip.example.com:5080", numbers: ["+31201234567"], authUsername: "acct", authPassword: "s3cret" });

    await trunks.updateSipTrunk(orgA, trunk.id, { outboundAddress: "sip2.example.com" });
    expect((await sip.listSipOutboundTrunk()).map((t) => t.address)).toEqual(["sip2.example.com"]);

    await trunks.deleteSipTrunk(orgA, trunk.id);
    expect(await sip.listSipOutboundTrunk()).toEqual([]);
  });

  it("gives a number an inbound trunk and a dispatch rule carrying its id, filtered by its trunk", async () => {
    const trunk = await trunks.createSipTrunk(orgA, { name: "In", inboundAddresses: ["203.0.113.0/24"], authUsername: "in-user", authPassword: "in-pass" });
    const number = await numbers.createPhoneNumber(orgA, { phone_number: "+31201234568", name: "Front desk", assistant_id: null, transfer_trunk_id: trunk.id });
    expect(number).toMatchObject({ phone_number: "+31201234568", transfer_trunk_name: "In", is_active: true, sip_uri: expect.stringMatching(/^sip:\+31201234568@/) });
    const inbound = (await sip.listSipInboundTrunk()).find((t) => t.numbers.includes("+31201234568"))!;
    expect(inbound).toMatchObject({ allowedAddresses: ["203.0.113.0/24"], authUsername: "in-user", authPassword: "in-pass" });
    const rule = (await sip.listSipDispatchRule()).find((r) => r.trunkIds.includes(inbound.sipTrunkId))!;
    expect(JSON.parse(rule.roomConfig!.agents[0]!.metadata)).toEqual({ channel: "sip_inbound", number_id: number.id });

    // The trunk's inbound filter follows the trunk; a renumbering follows the number.
    await trunks.updateSipTrunk(orgA, trunk.id, { inboundAddresses: ["198.51.100.7"] });
    await numbers.updatePhoneNumber(orgA, number.id, { phone_number: "+31201234569" });
    const updated = (await sip.listSipInboundTrunk()).find((t) => t.sipTrunkId === inbound.sipTrunkId)!;
    expect(updated).toMatchObject({ numbers: ["+31201234569"], allowedAddresses: ["198.51.100.7"] });

    await numbers.deletePhoneNumber(orgA, number.id);
    expect((await sip.listSipInboundTrunk()).find((t) => t.sipTrunkId === inbound.sipTrunkId)).toBeUndefined();
    expect((await sip.listSipDispatchRule()).find((r) => r.sipDispatchRuleId === rule.sipDispatchRuleId)).toBeUndefined();
  });

  it("refuses a number registered anywhere on the platform, and another organisation's trunk", async () => {
    await numbers.createPhoneNumber(orgA, { phone_number: "+442071838750" });
    await expect(numbers.createPhoneNumber(orgB, { phone_number: "+442071838750" })).rejects.toMatchObject({ code: "conflict", param: "phone_number" });
    const trunkA = await trunks.createSipTrunk(orgA, { name: "A only", outboundAddress: "a.example.com" });
    await expect(numbers.createPhoneNumber(orgB, { phone_number: "+442071838751", transfer_trunk_id: trunkA.id })).rejects.toMatchObject({ code: "not_found", param: "transfer_trunk_id" });
    await expect(trunks.getSipTrunkOrThrow(orgB, trunkA.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
