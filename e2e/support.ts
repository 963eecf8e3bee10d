import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

// Shared steps of the portal specs.

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run through playwright.config.ts`);
  return value;
}

/** Signs up a new owner with a fresh organisation; lands on the assistants page. */
export async function signUp(page: Page, options: { organization?: string } = {}) {
  const email = `owner-${randomBytes(4).toString("hex")}@example.com`;
  const organization = options.organization ?? "Fake Bakery Ltd";
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Organisation").fill(organization);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-42");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/assistants$/);
  await expect(page.getByTestId("org-name")).toHaveText(organization);
  return { email, password: "correct-horse-42", organization };
}
