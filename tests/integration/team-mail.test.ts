// Team members and email, with real transports: invitations and password resets go through
// nodemailer to a real SMTP server on loopback (SMTP_URL), or through Resend's HTTP API (a
// loopback stand-in) when the organisation has its own Resend key. Tokens are hashed at rest,
// expire and work once; the last owner stays.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PortalSession } from "@/lib/auth/session";
import { startFakeResend, type FakeResend } from "../fakes/fake-resend";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";
import { call, useFreshDatabase } from "./support";

// Portal sessions need Next.js's request context, so the session lookup is stubbed (as in tenancy.test.ts).
const session = vi.hoisted(() => ({ current: null as PortalSession | null }));
vi.mock("@/lib/auth/session", () => ({ getPortalSession: vi.fn(async () => session.current) }));

let smtp: TestSmtpServer;
let resend: FakeResend;
let db: typeof import("@/lib/db").db;
let routes: {
  members: typeof import("@/app/api/v1/members/route");
  member: typeof import("@/app/api/v1/members/[id]/route");
  invitations: typeof import("@/app/api/v1/invitations/route");
  invitation: typeof import("@/app/api/v1/invitations/[id]/route");
  accept: typeof import("@/app/api/invitations/accept/route");
  reset: typeof import("@/app/api/password-reset/route");
  resetConfirm: typeof import("@/app/api/password-reset/confirm/route");
  byok: typeof import("@/app/api/v1/byok/route");
};
let verifyPassword: typeof import("@/lib/auth/password").verifyPassword;
let hashPassword: typeof import("@/lib/auth/password").hashPassword;

const COOKIE = { cookie: "next-auth.session-token=stubbed" };
const APP_URL = "https://portal.example.test";
const tokenOf = (text: string, kind: "invite" | "reset-password") => new RegExp(`${APP_URL}/${kind}/([A-Za-z0-9_-]{20,})`).exec(text)?.[1];

async function orgWithOwner(name: string, kind: "partner" | "client" = "client") {
  const suffix = randomBytes(4).toString("hex");
  const org = await db.organization.create({ data: { name, slug: `org-${suffix}`, kind } });
  const owner = await db.user.create({ data: { email: `owner-${suffix}@example.com`, name: "Olivia Owner", passwordHash: await hashPassword("owner-pass-123") } });
  const membership = await db.membership.create({ data: { userId: owner.id, organizationId: org.id, role: "owner" } });
  return { org, owner, membership };
}

function signIn(user: { id: string; email: string }, organizationId: string, role: PortalSession["role"]) {
  session.current = { userId: user.id, email: user.email, name: null, organizationId, organizationName: "x", organizationKind: "client", role, memberships: [{ organizationId, organizationName: "x", organizationKind: "client", role }] };
}

beforeAll(async () => {
  await useFreshDatabase();
  smtp = await startTestSmtpServer({ user: "mailer", password: "s3cret" });
  resend = await startFakeResend({ apiKeys: ["re_test_key"] });
  Object.assign(process.env, { SMTP_URL: smtp.url, APP_URL, MAIL_FROM: "Switchboard <no-reply@mail.example.test>" });
  db = (await import("@/lib/db")).db;
  ({ verifyPassword, hashPassword } = await import("@/lib/auth/password"));
  routes = {
    members: await import("@/app/api/v1/members/route"),
    member: await import("@/app/api/v1/members/[id]/route"),
    invitations: await import("@/app/api/v1/invitations/route"),
    invitation: await import("@/app/api/v1/invitations/[id]/route"),
    accept: await import("@/app/api/invitations/accept/route"),
    reset: await import("@/app/api/password-reset/route"),
    resetConfirm: await import("@/app/api/password-reset/confirm/route"),
    byok: await import("@/app/api/v1/byok/route"),
  };
}, 120_000);

afterAll(async () => {
  await smtp?.close();
  await resend?.close();
});

beforeEach(() => {
  session.current = null;
});

describe("invitations by SMTP", () => {
  it("invites with a role, mails a branded link that works once, and makes the member", async () => {
    const { org, owner } = await orgWithOwner("Bella Pizza");
    await db.organization.update({ where: { id: org.id }, data: { brandName: "Agency Voice", primaryColor: "#aa3300" } });
    signIn(owner, org.id, "owner");
    const invited = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "Mia@Example.com", role: "admin" } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email_sent: true, invitation: { email: "mia@example.com", role: "admin", invited_by: owner.email } });

    const mail = await smtp.waitFor("mia@example.com");
    expect(mail.parsed.subject).toBe("Join Bella Pizza on Agency Voice");
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: "Agency Voice", address: "no-reply@mail.example.test" });
    expect(mail.parsed.text).toContain("Olivia Owner invited you to join Bella Pizza on Agency Voice as an admin.");
    expect(mail.parsed.html).toContain("#aa3300");
    expect(mail.raw).not.toContain("Switchboard");
    const token = tokenOf(mail.parsed.text!, "invite")!;
    expect(token).toBeTruthy();
    const stored = await db.invitation.findFirstOrThrow({ where: { organizationId: org.id } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(token);

    const listed = await call(routes.invitations.GET, { headers: COOKIE });
    expect(listed.body.invitations.map((i: { email: string }) => i.email)).toEqual(["mia@example.com"]);

    // A new account: a name and a valid password are required.
    expect((await call(routes.accept.POST, { method: "POST", body: { token, password: "short" } })).body.error.param).toBe("password");
    expect((await call(routes.accept.POST, { method: "POST", body: { token, password: "mia-password-1" } })).body.error.param).toBe("name");
    const accepted = await call(routes.accept.POST, { method: "POST", body: { token, name: "Mia", password: "mia-password-1" } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ organization_id: org.id, email: "mia@example.com", role: "admin", is_new_user: true });
    const mia = await db.user.findUniqueOrThrow({ where: { email: "mia@example.com" }, omit: { passwordHash: false } });
    expect(await verifyPassword(mia.passwordHash, "mia-password-1")).toBe(true);
    // Once only.
    const again = await call(routes.accept.POST, { method: "POST", body: { token, name: "Mia", password: "mia-password-1" } });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: "not_found", param: "token" });

    const members = await call(routes.members.GET, { headers: COOKIE });
    expect(members.body.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([[owner.email, "owner"], ["mia@example.com", "admin"]]);
    expect((await call(routes.invitations.GET, { headers: COOKIE })).body.invitations).toEqual([]);
  });

  it("lets an existing account join with its own password, and refuses a wrong one", async () => {
    const { org, owner } = await orgWithOwner("Second Org");
    const other = await orgWithOwner("Elsewhere");
    signIn(owner, org.id, "owner");
    const invited = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: other.owner.email, role: "read_only" } });
    expect(invited.status).toBe(201);
    const token = tokenOf((await smtp.waitFor(other.owner.email)).parsed.text!, "invite")!;
    const wrong = await call(routes.accept.POST, { method: "POST", body: { token, password: "not-the-password-1" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.param).toBe("password");
    const ok = await call(routes.accept.POST, { method: "POST", body: { token, password: "owner-pass-123" } });
    expect(ok.body).toMatchObject({ organization_id: org.id, role: "read_only", is_new_user: false });
    expect(await db.membership.count({ where: { userId: other.owner.id } })).toBe(2);
  });

  it("refuses expired links, existing members, owner invitations by admins, and bad input", async () => {
    const { org, owner } = await orgWithOwner("Strict Org");
    signIn(owner, org.id, "owner");
    expect((await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: owner.email } })).status).toBe(409);
    expect((await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "x@example.com", role: "boss" } })).body.error.param).toBe("role");
    expect((await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "nope" } })).body.error.param).toBe("email");

    const res = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "late@example.com" } });
    const token = tokenOf((await smtp.waitFor("late@example.com")).parsed.text!, "invite")!;
    await db.invitation.update({ where: { id: res.body.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(routes.accept.POST, { method: "POST", body: { token, name: "Late", password: "late-password-1" } })).status).toBe(404);

    // An admin invites members but not owners; a member invites nobody.
    const admin = await db.user.create({ data: { email: `admin-${randomBytes(3).toString("hex")}@example.com`, passwordHash: "x" } });
    await db.membership.create({ data: { userId: admin.id, organizationId: org.id, role: "admin" } });
    signIn(admin, org.id, "admin");
    const asOwner = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "o2@example.com", role: "owner" } });
    expect(asOwner.status).toBe(403);
    expect(asOwner.body.error.param).toBe("role");
    expect((await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "m2@example.com", role: "member" } })).status).toBe(201);
    signIn(admin, org.id, "member");
    expect((await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "m3@example.com" } })).status).toBe(403);

    // Withdrawing: the link stops working; another organisation's id is a 404.
    signIn(owner, org.id, "owner");
    const pending = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "gone@example.com" } });
    const goneToken = tokenOf((await smtp.waitFor("gone@example.com")).parsed.text!, "invite")!;
    const stranger = await orgWithOwner("Stranger");
    signIn(stranger.owner, stranger.org.id, "owner");
    expect((await call(routes.invitation.DELETE, { method: "DELETE", headers: COOKIE, params: { id: pending.body.invitation.id } })).status).toBe(404);
    signIn(owner, org.id, "owner");
    expect((await call(routes.invitation.DELETE, { method: "DELETE", headers: COOKIE, params: { id: pending.body.invitation.id } })).status).toBe(200);
    expect((await call(routes.accept.POST, { method: "POST", body: { token: goneToken, name: "G", password: "gone-password-1" } })).status).toBe(404);
  });
});

describe("members", () => {
  it("changes roles and removes members; the last owner can neither leave nor be demoted", async () => {
    const { org, owner, membership } = await orgWithOwner("Roles Org");
    const bob = await db.user.create({ data: { email: `bob-${randomBytes(3).toString("hex")}@example.com`, passwordHash: "x" } });
    const bobMembership = await db.membership.create({ data: { userId: bob.id, organizationId: org.id, role: "member" } });
    signIn(owner, org.id, "owner");
    const demote = await call(routes.member.PATCH, { method: "PATCH", headers: COOKIE, params: { id: membership.id }, body: { role: "admin" } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.param).toBe("role");
    const leave = await call(routes.member.DELETE, { method: "DELETE", headers: COOKIE, params: { id: membership.id } });
    expect(leave.status).toBe(409);

    const promoted = await call(routes.member.PATCH, { method: "PATCH", headers: COOKIE, params: { id: bobMembership.id }, body: { role: "owner" } });
    expect(promoted.body.member).toMatchObject({ id: bobMembership.id, role: "owner" });
    // Two owners now: the first may step down, then the second is the last.
    expect((await call(routes.member.PATCH, { method: "PATCH", headers: COOKIE, params: { id: membership.id }, body: { role: "member" } })).status).toBe(200);
    signIn(owner, org.id, "member");
    expect((await call(routes.member.PATCH, { method: "PATCH", headers: COOKIE, params: { id: bobMembership.id }, body: { role: "member" } })).status).toBe(403);
    signIn(bob, org.id, "owner");
    expect((await call(routes.member.DELETE, { method: "DELETE", headers: COOKIE, params: { id: bobMembership.id } })).status).toBe(409);
    expect((await call(routes.member.PATCH, { method: "PATCH", headers: COOKIE, params: { id: bobMembership.id }, body: { role: "read_only" } })).body.error.code).toBe("conflict");
    // A member may leave on their own.
    signIn(owner, org.id, "member");
    expect((await call(routes.member.DELETE, { method: "DELETE", headers: COOKIE, params: { id: membership.id } })).status).toBe(200);
    expect(await db.membership.count({ where: { organizationId: org.id } })).toBe(1);
    // Another organisation's membership is a 404.
    const stranger = await orgWithOwner("Far away");
    signIn(bob, org.id, "owner");
    expect((await call(routes.member.PATCH, { method: "PATCH", headers: COOKIE, params: { id: stranger.membership.id }, body: { role: "member" } })).status).toBe(404);
    expect((await call(routes.member.DELETE, { method: "DELETE", headers: COOKIE, params: { id: stranger.membership.id } })).status).toBe(404);
  });

  it("a partner's user acting on its client manages the client's team, owners included", async () => {
    const partner = await orgWithOwner("Partner Org", "partner");
    const client = await orgWithOwner("Client Org");
    await db.organization.update({ where: { id: client.org.id }, data: { parentId: partner.org.id } });
    signIn(partner.owner, partner.org.id, "admin");
    const headers = { ...COOKIE, "x-organization-id": client.org.id };
    const invited = await call(routes.invitations.POST, { method: "POST", headers, body: { email: "second-owner@example.com", role: "owner" } });
    expect(invited.status).toBe(201);
    const listed = await call(routes.members.GET, { headers });
    expect(listed.body.members.map((m: { email: string }) => m.email)).toEqual([client.owner.email]);
  });
});

describe("password reset by SMTP", () => {
  it("mails a single-use link that sets the new password; an unknown address gets the same answer and no mail", async () => {
    const { owner } = await orgWithOwner("Reset Org");
    const before = smtp.messages.length;
    const unknown = await call(routes.reset.POST, { method: "POST", body: { email: "nobody@example.com" } });
    expect(unknown).toMatchObject({ status: 202, body: { success: true } });
    const known = await call(routes.reset.POST, { method: "POST", body: { email: owner.email.toUpperCase() } });
    expect(known).toMatchObject({ status: 202, body: { success: true } });
    const mail = await smtp.waitFor(owner.email);
    expect(smtp.messages.length).toBe(before + 1);
    expect(mail.parsed.subject).toBe("Reset your Switchboard password");
    const token = tokenOf(mail.parsed.text!, "reset-password")!;
    expect((await db.passwordResetToken.findFirstOrThrow({ where: { userId: owner.id } })).tokenHash).not.toContain(token);

    const weak = await call(routes.resetConfirm.POST, { method: "POST", body: { token, password: "short" } });
    expect(weak.status).toBe(422);
    expect(weak.body.error.param).toBe("password");
    expect((await call(routes.resetConfirm.POST, { method: "POST", body: { token, password: "brand-new-pass-9" } })).status).toBe(200);
    const user = await db.user.findUniqueOrThrow({ where: { id: owner.id }, omit: { passwordHash: false } });
    expect(await verifyPassword(user.passwordHash, "brand-new-pass-9")).toBe(true);
    const reused = await call(routes.resetConfirm.POST, { method: "POST", body: { token, password: "another-pass-10" } });
    expect(reused.status).toBe(404);
    expect(reused.body.error.param).toBe("token");
  });

  it("refuses an expired link", async () => {
    const { owner } = await orgWithOwner("Expiry Org");
    await call(routes.reset.POST, { method: "POST", body: { email: owner.email } });
    const token = tokenOf((await smtp.waitFor(owner.email)).parsed.text!, "reset-password")!;
    await db.passwordResetToken.updateMany({ where: { userId: owner.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await call(routes.resetConfirm.POST, { method: "POST", body: { token, password: "brand-new-pass-9" } })).status).toBe(404);
  });
});

describe("an organisation's own Resend key", () => {
  it("sends its mail through Resend's API instead of SMTP", async () => {
    const { org, owner } = await orgWithOwner("Resend Org");
    signIn(owner, org.id, "owner");
    const saved = await call(routes.byok.POST, { method: "POST", headers: COOKIE, body: { provider: "resend", api_key: "re_test_key", base_url: resend.url } });
    expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
    const smtpBefore = smtp.messages.length;
    const invited = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "via-resend@example.com" } });
    expect(invited.body.email_sent).toBe(true);
    const email = resend.emails.find((e) => e.to.includes("via-resend@example.com"))!;
    expect(email).toMatchObject({ apiKey: "re_test_key", subject: "Join Resend Org on Switchboard", from: '"Switchboard" <no-reply@mail.example.test>' });
    expect(tokenOf(email.text!, "invite")).toBeTruthy();
    expect(smtp.messages.length).toBe(smtpBefore);

    // A key Resend refuses: the invitation exists, email_sent says the mail did not go.
    await call(routes.byok.POST, { method: "POST", headers: COOKIE, body: { provider: "resend", api_key: "re_wrong", base_url: resend.url } });
    const failed = await call(routes.invitations.POST, { method: "POST", headers: COOKIE, body: { email: "lost@example.com" } });
    expect(failed.status).toBe(201);
    expect(failed.body.email_sent).toBe(false);
  });
});
