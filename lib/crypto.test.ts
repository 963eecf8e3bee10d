import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, safeEqual, sha256Hex } from "./crypto";

describe("secrets at rest", () => {
  it("round-trips through AES-256-GCM with a fresh IV each time", () => {
    const a = encryptSecret("whsec_abc123");
    const b = encryptSecret("whsec_abc123");
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc123");
    expect(decryptSecret(a)).toBe("whsec_abc123");
  });

  it("detects tampering", () => {
    const parts = encryptSecret("secret-value").split(".");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = data[0]! ^ 0xff;
    parts[3] = data.toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
  });

  it("masks, hashes and compares", () => {
    expect(maskSecret("sk-1234567890")).toBe("****7890");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("same", "same")).toBe(true);
    expect(safeEqual("same", "different")).toBe(false);
    expect(safeEqual("", "x")).toBe(false);
  });
});
