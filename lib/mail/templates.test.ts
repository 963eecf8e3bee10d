import { describe, expect, it } from "vitest";
import { brandFromChain, PLATFORM_BRAND, type MailBrand } from "./brand";
import { invitationEmail, passwordResetEmail } from "./templates";

const brand: MailBrand = { productName: "Agency <Voice>", logoUrl: "https://cdn.example/logo.png", primaryColor: "#123456", supportEmail: "help@agency.example", senderName: "Agency" };
const expiresAt = new Date("2026-12-09T10:30:00Z");

describe("invitationEmail", () => {
  it("carries the brand, the link and the expiry, with HTML escaped", () => {
    const mail = invitationEmail({ brand, organizationName: "Bella & Co", inviterName: "Olivia", role: "read_only", acceptUrl: "https://portal.example/invite/abc", expiresAt });
    expect(mail.subject).toBe("Join Bella & Co on Agency <Voice>");
    expect(mail.text).toContain("Olivia invited you to join Bella & Co on Agency <Voice> as a read-only member.");
    expect(mail.text).toContain("Accept the invitation: https://portal.example/invite/abc");
    expect(mail.text).toContain("2026-12-09 10:30 UTC");
    expect(mail.text).toContain("help@agency.example");
    expect(mail.html).toContain("Bella &amp; Co");
    expect(mail.html).toContain("Agency &lt;Voice&gt;");
    expect(mail.html).not.toContain("<Voice>");
    expect(mail.html).toContain('src="https://cdn.example/logo.png"');
    expect(mail.html).toContain("background:#123456");
    expect(mail.html).not.toContain("Switchboard");
  });

  it("drops a logo that is not an http(s) URL", () => {
    const mail = invitationEmail({ brand: { ...brand, logoUrl: "javascript:alert(1)" }, organizationName: "X", inviterName: null, role: "member", acceptUrl: "https://p/i/t", expiresAt });
    expect(mail.html).not.toContain("javascript:");
    expect(mail.text).toContain("You are invited to join X");
  });
});

describe("passwordResetEmail", () => {
  it("names the product and the single-use link", () => {
    const mail = passwordResetEmail({ brand: PLATFORM_BRAND, resetUrl: "https://p/reset-password/tok", expiresAt });
    expect(mail.subject).toBe("Reset your Switchboard password");
    expect(mail.text).toContain("Reset your password: https://p/reset-password/tok");
    expect(mail.text).toContain("works once");
  });
});

describe("brandFromChain", () => {
  it("takes each field from the nearest organisation that sets it, else the platform's", () => {
    const b = brandFromChain([
      { brandName: null, logoUrl: "https://c/logo.svg", primaryColor: null },
      { brandName: "Partner Voice", logoUrl: "https://p/logo.svg", primaryColor: "#abcdef" },
    ]);
    expect(b).toMatchObject({ productName: "Partner Voice", senderName: "Partner Voice", logoUrl: "https://c/logo.svg", primaryColor: "#abcdef" });
    expect(brandFromChain([])).toEqual(PLATFORM_BRAND);
    expect(brandFromChain([{ brandName: null, logoUrl: null, primaryColor: "red;}" }]).primaryColor).toBe(PLATFORM_BRAND.primaryColor);
  });
});
