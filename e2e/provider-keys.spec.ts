import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { env, signUp } from "./support";

// Provider keys on the settings page, tested against the loopback OpenAI fake. The
// fake accepts any key, so a rejected key is covered by tests/integration/provider-keys-api.test.ts;
// here the failing case is a server that cannot be reached.
const OPENAI_KEY = "sk-e2e-own-openai-key-wxyz";

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("an owner adds a provider key, tests it, sees it masked and deletes it", async ({ page }) => {
  await signUp(page, { organization: "Key Bakery Ltd" });
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings\/provider-keys$/);
  await expect(page.getByTestId("org-info-name")).toHaveText("Key Bakery Ltd");
  await expect(page.getByTestId("org-info-kind")).toHaveText("client");
  await expect(page.getByTestId("org-info-active-agents")).toHaveText("0");
  await expect(page.getByText("No keys of your own yet")).toBeVisible();

  const provider = page.getByLabel("Provider", { exact: true });
  const apiKey = page.getByLabel("API key", { exact: true });
  const baseUrl = page.getByLabel("Base URL", { exact: true });

  // A self-hosted server needs its URL.
  await provider.selectOption("openai-compatible");
  await apiKey.fill("sk-e2e-compatible-0000");
  await page.getByRole("button", { name: "Save key" }).click();
  await expect(page.locator('[data-field-error="provider-key-base-url"]')).toHaveText("base_url is required for the openai-compatible provider");

  await provider.selectOption("openai");
  await apiKey.fill(OPENAI_KEY);
  await baseUrl.fill(env("E2E_OPENAI_URL"));
  await page.getByRole("button", { name: "Save key" }).click();
  await expect(page.getByTestId("provider-key-saved")).toHaveText("Saved the OpenAI key ****wxyz.");
  await expect(apiKey).toHaveValue("");

  const openaiRow = page.locator('tr[data-provider="openai"]');
  await expect(openaiRow.getByTestId("key-hint")).toHaveText("****wxyz");
  await expect(openaiRow).toContainText(env("E2E_OPENAI_URL"));
  await expect(openaiRow.getByTestId("last-test")).toHaveText("Not tested");
  await expect(page.locator("body")).not.toContainText(OPENAI_KEY);
  await expect(page.getByRole("button", { name: "Replace key" })).toBeVisible();

  await openaiRow.getByRole("button", { name: "Test the OpenAI key" }).click();
  await expect(openaiRow.getByTestId("test-result")).toHaveText("OpenAI accepted the key");
  await expect(openaiRow.getByTestId("last-test")).toContainText("Works");

  // A server that is not there fails the test, with the reason.
  await provider.selectOption("openai-compatible");
  await apiKey.fill("sk-e2e-compatible-0000");
  const nowhere = `http://127.0.0.1:${await closedPort()}/v1`;
  await baseUrl.fill(nowhere);
  await page.getByRole("button", { name: "Save key" }).click();
  const compatibleRow = page.locator('tr[data-provider="openai-compatible"]');
  await expect(compatibleRow.getByTestId("key-hint")).toHaveText("****0000");
  await compatibleRow.getByRole("button", { name: "Test the OpenAI-compatible server key" }).click();
  await expect(compatibleRow.getByTestId("test-result")).toHaveText(
    `Could not reach OpenAI-compatible server at ${nowhere}: connection refused`,
  );
  await expect(compatibleRow.getByTestId("last-test")).toContainText("Failed");

  // Deleting asks once more; afterwards calls use the platform key again.
  await openaiRow.getByRole("button", { name: "Delete the OpenAI key" }).click();
  await expect(openaiRow).toContainText("Calls will use the platform's OpenAI key.");
  await openaiRow.getByRole("button", { name: "Delete key" }).click();
  await expect(openaiRow).toHaveCount(0);
  await page.reload();
  await expect(page.locator('tr[data-provider="openai"]')).toHaveCount(0);
  await expect(page.locator('tr[data-provider="openai-compatible"]')).toHaveCount(1);
});
