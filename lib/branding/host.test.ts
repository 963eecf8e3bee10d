import { describe, expect, it } from "vitest";
import { normalizeHost } from "./host";

describe("normalizeHost", () => {
  it("lower-cases and drops the port and a trailing dot", () => {
    expect(normalizeHost("Portal.Agency.Example:8443")).toBe("portal.agency.example");
    expect(normalizeHost("portal.agency.example.")).toBe("portal.agency.example");
    expect(normalizeHost("127.0.0.1:3000")).toBe("127.0.0.1");
    expect(normalizeHost("[::1]:3000")).toBe("::1");
  });

  it("refuses what cannot be a host", () => {
    expect(normalizeHost(null)).toBeNull();
    expect(normalizeHost("")).toBeNull();
    expect(normalizeHost("evil.example/../x")).toBeNull();
    expect(normalizeHost("a b.example")).toBeNull();
    expect(normalizeHost("-bad.example")).toBeNull();
    expect(normalizeHost("[::1")).toBeNull();
  });
});
