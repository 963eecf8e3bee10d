import { describe, expect, it } from "vitest";
import { sipTrunkCreateSchema, sipTrunkUpdateSchema } from "./sip-trunk";

describe("SIP trunk input", () => {
  it("reads the three documented spellings into one model", () => {
    const older = sipTrunkCreateSchema.parse({ name: "Carrier", host: "SIP.Example.com", port: 5080, username: "u", password: "p" });
    const newer = sipTrunkCreateSchema.parse({ name: "Carrier", provider: "Twilio", address: "sip.example.com:5080", auth_username: "u", auth_password: "p", transport: "tcp" });
    const sdk = sipTrunkCreateSchema.parse({ name: "Carrier", inbound_addresses: ["203.0.113.0/24"], outbound_address: "sip.example.com:5080", outbound_number: "+31201234567", auth_username: "u", auth_password: "p" });
    for (const input of [older, newer, sdk]) {
      expect(input).toMatchObject({ name: "Carrier", outboundAddress: "sip.example.com:5080", authUsername: "u", authPassword: "p" });
    }
    expect(newer).toMatchObject({ provider: "Twilio", transport: "tcp" });
    expect(sdk).toMatchObject({ inboundAddresses: ["203.0.113.0/24"], outboundNumber: "+31201234567" });
  });

  it("names the field at fault", () => {
    const paramOf = (body: unknown) => sipTrunkCreateSchema.safeParse(body).error?.issues[0]?.path.join(".");
    expect(paramOf({ name: "x" })).toBe("address");
    expect(paramOf({ name: "x", address: "not a host!" })).toBe("address");
    expect(paramOf({ name: "x", address: "a.example.com", outbound_address: "b.example.com" })).toBe("outbound_address");
    expect(paramOf({ name: "x", port: 5060 })).toBe("host");
    expect(paramOf({ name: "x", inbound_addresses: ["300.1.1.1"] })).toBe("inbound_addresses.0");
    expect(paramOf({ name: "x", address: "a.example.com", transport: "ws" })).toBe("transport");
    expect(paramOf({ name: "x", address: "a.example.com", extra: 1 })).toBe("");
    // The caller ID LiveKit presents must be a real E.164 number.
    expect(paramOf({ name: "x", address: "a.example.com", outbound_number: "020 123 4567" })).toBe("outbound_number");
    expect(paramOf({ name: "x", address: null })).toBe("address");
  });

  it("leaves omitted fields unchanged on update and removes a password with null", () => {
    expect(sipTrunkUpdateSchema.parse({ is_active: false })).toEqual(expect.objectContaining({ isActive: false, authPassword: undefined, outboundAddress: undefined }));
    expect(sipTrunkUpdateSchema.parse({ password: null }).authPassword).toBeNull();
    expect(sipTrunkUpdateSchema.parse({ address: null }).outboundAddress).toBeNull();
    expect(sipTrunkUpdateSchema.parse({ outbound_number: "+31 20 123 4567" }).outboundNumber).toBe("+31201234567");
  });
});
