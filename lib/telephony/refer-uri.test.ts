import { describe, expect, it } from "vitest";
import { isSipUri, referToUri } from "./refer-uri";

describe("referToUri", () => {
  it("sends a number to the transfer trunk's SIP server", () => {
    expect(referToUri("+31201234567", { outboundAddress: "sip.example.net:5060", transport: "udp" })).toBe("sip:+31201234567@sip.example.net:5060");
    expect(referToUri(" +31201234567 ", { outboundAddress: "sip.example.net", transport: "tcp" })).toBe("sip:+31201234567@sip.example.net;transport=tcp");
    expect(referToUri("+31201234567", { outboundAddress: "sip.example.net:5061", transport: "tls" })).toBe("sips:+31201234567@sip.example.net:5061");
  });

  it("uses a tel: URI when the trunk has no outbound address", () => {
    expect(referToUri("+31201234567", { outboundAddress: null, transport: "udp" })).toBe("tel:+31201234567");
    expect(referToUri("+31201234567", { outboundAddress: "  ", transport: "udp" })).toBe("tel:+31201234567");
  });

  it("keeps a SIP URI destination as given", () => {
    expect(referToUri("sip:sales@pbx.example.net", { outboundAddress: "sip.example.net", transport: "udp" })).toBe("sip:sales@pbx.example.net");
    expect(referToUri("sips:desk@pbx.example.net;transport=tls", { outboundAddress: null, transport: "udp" })).toBe("sips:desk@pbx.example.net;transport=tls");
  });

  it("refuses anything else", () => {
    expect(() => referToUri("0201234567", { outboundAddress: "sip.example.net", transport: "udp" })).toThrow(/neither an E.164 number nor a SIP URI/);
    expect(() => referToUri("sip:a b", { outboundAddress: null, transport: "udp" })).toThrow();
    expect(isSipUri("http://example.net")).toBe(false);
  });
});
