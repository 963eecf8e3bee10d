import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { env, signUp } from "./support";

// The reseller tree in the portal: the platform operator creates a partner whose owner is
// invited by email (the install has no SMTP_URL, so mail lands in the outbox the operator
// reads); the partner invites a member who accepts; the partner creates a client, switches
// into it, creates an assistant there, and the client's audit log shows who did it.

const root = path.resolve(import.meta.dirname, "..");

/** `npm run platform:operator -- <email>` against the stack's database. */
function makePlatformOperator(email: string) {
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "prisma/platform-operator.ts"), email], { cwd: root, env: { ...process.env, DATABASE_URL: env("E2E_DATABASE_URL") } });
}

/** The accept link of the newest outbox message to `to`, read on the operator's Outbox page. */
async function linkFromOutbox(operator: Page, to: string, kind: "invite" | "reset-password"): Promise<string> {
  await operator.goto("/admin/outbox");
  const item = operator.getByTestId("outbox").locator("li", { hasText: `to ${to}` }).first();
  await expect(item).toBeVisible();
  await item.locator("summary").click();
  const text = await item.getByTestId("outbox-text").innerText();
  const match = new RegExp(`https?://[^\\s]+/${kind}/[A-Za-z0-9_-]+`).exec(text);
  expect(match, text).not.toBeNull();
  return new URL(match![0]).pathname;
}

async function acceptInvitation(browser: Browser, link: string, name: string, organization: string) {
  const context = await browser.newContext({ baseURL: env("E2E_APP_URL") });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Join ${organization}` })).toBeVisible();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill("invited-pass-42");
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/assistants$/);
  await expect(page.getByTestId("org-name")).toHaveText(organization);
  return { context, page };
}

test("the platform creates a partner, the partner builds its team, creates a client and acts as it", async ({ page: operator, browser }) => {
  const suffix = Date.now().toString(36);
  const partnerName = `North Agency ${suffix}`;
  const clientName = `Bella Pizza ${suffix}`;
  const partnerOwner = `partner-owner-${suffix}@example.com`;
  const partnerMember = `partner-member-${suffix}@example.com`;

  // The operator: a signed-up user made an owner of the platform organisation by the CLI.
  const admin = await signUp(operator, { organization: `Operator home ${suffix}` });
  makePlatformOperator(admin.email);
  await operator.reload();
  await operator.getByLabel("Switch organisation").selectOption({ label: "Platform" });
  await expect(operator.getByTestId("org-name")).toHaveText("Platform");

  // The platform creates the partner and invites its owner.
  await operator.locator("aside").getByRole("link", { name: "Partners" }).click();
  await operator.getByLabel("Partner name").fill(partnerName);
  await operator.getByLabel("Owner's email (optional)").fill(partnerOwner);
  await operator.getByRole("button", { name: "Create partner" }).click();
  await expect(operator.getByTestId("new-organization-notice")).toContainText(`An invitation to become its owner was sent to ${partnerOwner}`);
  await expect(operator.getByTestId("new-organization-key")).toHaveText(/^sb_live_/);
  await expect(operator.getByTestId("organizations-table")).toContainText(partnerName);

  const owner = await acceptInvitation(browser, await linkFromOutbox(operator, partnerOwner, "invite"), "Paula Partner", partnerName);
  const partner = owner.page;

  // The partner invites a member; the member accepts and appears in the team.
  await partner.locator("aside").getByRole("link", { name: "Team" }).click();
  await partner.getByLabel("Email", { exact: true }).fill(partnerMember);
  await partner.getByLabel("Role", { exact: true }).selectOption({ label: "Member" });
  await partner.getByRole("button", { name: "Send invitation" }).click();
  await expect(partner.getByRole("status")).toHaveText(`Invitation sent to ${partnerMember}.`);
  await expect(partner.getByTestId("invitations-table")).toContainText(partnerMember);
  const member = await acceptInvitation(browser, await linkFromOutbox(operator, partnerMember, "invite"), "Max Member", partnerName);
  await member.page.locator("aside").getByRole("link", { name: "Team" }).click();
  await expect(member.page.getByText("Only owners and admins can invite people or change roles.")).toBeVisible();
  await member.context.close();
  await partner.reload();
  await expect(partner.getByTestId("members-table")).toContainText(partnerMember);
  await expect(partner.getByTestId("members-table")).toContainText(partnerOwner);

  // The partner creates a client and switches into it.
  await partner.locator("aside").getByRole("link", { name: "Clients" }).click();
  await partner.getByLabel("Client name").fill(clientName);
  await partner.getByRole("button", { name: "Create client" }).click();
  await expect(partner.getByTestId("organizations-table")).toContainText(clientName);
  await partner.getByRole("button", { name: `Act as ${clientName}` }).click();
  await expect(partner).toHaveURL(/\/assistants$/);
  await expect(partner.getByTestId("acting-as")).toContainText(`Acting as ${clientName}`);
  await expect(partner.getByLabel("Act as")).toHaveValue(/[0-9a-f-]{36}/);

  // What the partner does now is the client's: an assistant made here belongs to the client.
  await partner.getByRole("link", { name: "New assistant" }).click();
  await partner.getByLabel("Name", { exact: true }).fill("Pizza orders");
  await partner.getByRole("button", { name: "Create assistant" }).click();
  await expect(partner).toHaveURL(/\/assistants\/[0-9a-f-]{36}$/);
  await partner.locator("aside").getByRole("link", { name: "Assistants" }).click();
  await expect(partner.getByTestId("assistants-table")).toContainText("Pizza orders");

  // The client's audit log names the partner's user, acting from the parent.
  await partner.locator("aside").getByRole("link", { name: "Audit log" }).click();
  const log = partner.getByTestId("audit-log-table");
  await expect(log).toContainText("createAssistant");
  await expect(log.locator("tr", { hasText: "createAssistant" }).first()).toContainText(partnerOwner);
  await expect(log.locator("tr", { hasText: "createAssistant" }).first()).toContainText("acting from parent");

  // Stopping: the partner's own assistants again (none), and no banner.
  await partner.getByRole("button", { name: "Stop acting" }).click();
  await expect(partner.getByTestId("acting-as")).toHaveCount(0);
  await partner.locator("aside").getByRole("link", { name: "Assistants" }).click();
  await expect(partner.getByText("Pizza orders")).toHaveCount(0);
  await owner.context.close();
});

test("forgot password: the link from the outbox sets a new password once", async ({ page, browser }) => {
  const suffix = Date.now().toString(36);
  const operator = await signUp(page, { organization: `Reset operator ${suffix}` });
  makePlatformOperator(operator.email);
  await page.reload();
  await page.getByLabel("Switch organisation").selectOption({ label: "Platform" });
  await expect(page.getByTestId("org-name")).toHaveText("Platform");

  const context = await browser.newContext({ baseURL: env("E2E_APP_URL") });
  const user = await context.newPage();
  const forgetful = await signUp(user, { organization: `Forgetful ${suffix}` });
  await context.clearCookies();
  await user.goto("/login");
  await user.getByRole("link", { name: "Forgot password?" }).click();
  await user.getByLabel("Email").fill(forgetful.email);
  await user.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(user.getByRole("status")).toContainText("If an account uses this address");

  const link = await linkFromOutbox(page, forgetful.email, "reset-password");
  await user.goto(link);
  await user.getByLabel("New password", { exact: true }).fill("fresh-password-77");
  await user.getByLabel("Repeat the new password").fill("fresh-password-77");
  await user.getByRole("button", { name: "Set new password" }).click();
  await expect(user.getByRole("status")).toContainText("Your password is changed");
  await user.goto("/login");
  await user.getByLabel("Email").fill(forgetful.email);
  await user.getByLabel("Password").fill("fresh-password-77");
  await user.getByRole("button", { name: "Log in" }).click();
  await expect(user).toHaveURL(/\/assistants$/);
  // The link worked once.
  await user.goto(link);
  await user.getByLabel("New password", { exact: true }).fill("another-password-88");
  await user.getByLabel("Repeat the new password").fill("another-password-88");
  await user.getByRole("button", { name: "Set new password" }).click();
  await expect(user.getByTestId("error-banner")).toContainText("invalid, used or expired");
  await context.close();
});
