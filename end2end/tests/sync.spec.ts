import { test, expect, type Page } from "@playwright/test";
import { hydrated, uniqueEmail, expectNoAxeViolations } from "./helpers";

const PASSWORD = "fjell og fjord i sol";

async function register(page: Page, email: string) {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord").fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
}

/** What the server holds, as a brand-new device of the same user pulls it. */
async function serverSettings(page: Page, key: string) {
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-000000000001", cursor: null, ops: [] },
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  return body.changes.filter((c: any) => c.kind === "setting.set" && c.payload.key === key);
}

test("a setting changed offline reaches the server exactly once", async ({ page, context }) => {
  await register(page, uniqueEmail("offline"));
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  await page.evaluate(() => navigator.serviceWorker.ready);

  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  const sound = page.getByRole("switch", { name: "Lyd under øktene" });
  await expect(sound).toBeChecked();
  await sound.uncheck();
  await expect(page.getByTestId("sync-status")).toContainText("Frakoblet");
  await expectNoAxeViolations(page);

  await context.setOffline(false);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  const stored = await serverSettings(page, "sound");
  expect(stored).toHaveLength(1);
  expect(stored[0].payload.value).toBe(false);

  // The phone remembers it across a reload, from its own store.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("switch", { name: "Lyd under øktene" })).not.toBeChecked();
  // Syncing again sends nothing twice.
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  expect(await serverSettings(page, "sound")).toHaveLength(1);
});

test("an anonymous visitor's setting moves into the new account", async ({ page }) => {
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Lagret på denne telefonen");
  await page.getByRole("switch", { name: "Vibrasjon under øktene" }).uncheck();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("switch", { name: "Vibrasjon under øktene" })).not.toBeChecked();

  await register(page, uniqueEmail("adopt"));
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  const stored = await serverSettings(page, "vibration");
  expect(stored).toHaveLength(1);
  expect(stored[0].payload.value).toBe(false);
});
