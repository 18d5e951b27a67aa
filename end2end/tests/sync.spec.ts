import { test, expect, type Page } from "@playwright/test";
import { hydrated, uniqueEmail, expectNoAxeViolations, storedCount, PASSWORD, register, serverChanges } from "./helpers";

/** A setting's ops the server holds, as a brand-new device of the same user pulls them. */
async function serverSettings(page: Page, key: string) {
  return (await serverChanges(page, "setting.set")).filter((c: any) => c.payload.key === key);
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
  // Pages rendered for a signed-in person are never cached: offline, the
  // phone shows the anonymous copy, so a logged-out account leaves no trace.
  await expect(page.getByTestId("signed-in-email")).toHaveCount(0);
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

test("an anonymous visitor's setting, changed offline, moves into the new account", async ({ page, context }) => {
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Lagret på denne telefonen");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  await page.getByRole("switch", { name: "Vibrasjon under øktene" }).uncheck();
  // The switch moves at once; the change is on the phone once its op is in the outbox.
  await expect.poll(() => storedCount(page, "outbox")).toBe(1);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("switch", { name: "Vibrasjon under øktene" })).not.toBeChecked();
  await context.setOffline(false);

  await register(page, uniqueEmail("adopt"));
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  const stored = await serverSettings(page, "vibration");
  expect(stored).toHaveLength(1);
  expect(stored[0].payload.value).toBe(false);
});

test("an op the server refuses is shown with its reason and not retried", async ({ page }) => {
  await register(page, uniqueEmail("refused"));
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  // Put an op in the outbox that the server will refuse (a day that does not exist).
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("knip");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("outbox", "readwrite");
          const op = {
            op_id: "0193a000-0000-7000-8000-0000000000aa",
            kind: "diary.logged",
            client_ts: new Date().toISOString(),
            payload: { id: "0193a000-0000-7000-8000-0000000000ab", date: "2026-02-30" },
          };
          tx.objectStore("outbox").put(op, op.op_id);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Endringer som ikke kunne lagres" })).toBeVisible();
  await expect(page.getByText("date must be a day written as YYYY-MM-DD")).toBeVisible();
  await expectNoAxeViolations(page);
  // It left the outbox: the next sync does not send it again.
  expect(await storedCount(page, "outbox")).toBe(0);
});

test("two phones of one user changed offline end with the same setting", async ({ browser }) => {
  const email = uniqueEmail("twophones");
  const phones = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ locale: "nb-NO", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    if (i === 0) await register(page, email);
    else {
      await page.goto("/login");
      await hydrated(page);
      await page.getByLabel("E-post").fill(email);
      await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Logg inn" }).click();
      await expect(page).toHaveURL(/\/app\/today$/);
    }
    await page.goto("/app/me");
    await hydrated(page);
    await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
    phones.push({ context, page });
  }
  const [first, second] = phones;
  // Both go offline; the second phone changes the setting last.
  for (const p of phones) await p.context.setOffline(true);
  await first.page.getByRole("switch", { name: "Diskret modus" }).uncheck();
  await first.page.waitForTimeout(50);
  await second.page.getByRole("switch", { name: "Diskret modus" }).uncheck();
  await second.page.getByRole("switch", { name: "Diskret modus" }).check();
  // The later change arrives first, the earlier one after it.
  for (const p of [second, first]) {
    await p.context.setOffline(false);
    await expect(p.page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  }
  // Each phone pulls what the other did and both settle on the last change.
  for (const p of phones) {
    await p.page.reload();
    await hydrated(p.page);
    await expect(p.page.getByTestId("sync-status")).toContainText("Synkronisert");
    await p.page.reload();
    await hydrated(p.page);
    await expect(p.page.getByRole("switch", { name: "Diskret modus" })).toBeChecked();
  }
  for (const p of phones) await p.context.close();
});

test("entries logged on another device are pulled into this phone's store, and deletions stick", async ({ page }) => {
  await register(page, uniqueEmail("pulled"));
  const entry = "0193a000-0000-7000-8000-0000000000c1";
  const otherDevice = "0193a000-0000-4000-8000-0000000000d1";
  const push = (ops: unknown[]) => page.request.post("/api/sync", { data: { device_id: otherDevice, cursor: null, ops } });
  const logged = {
    op_id: "0193a000-0000-7000-8000-0000000000e1",
    kind: "session.logged",
    client_ts: "2026-11-01T08:10:00Z",
    payload: { id: entry, kind: "training", started_at: "2026-11-01T08:00:00Z", ended_at: "2026-11-01T08:09:00Z", planned_reps: 30, done_reps: 30, planned_rounds: 3, done_rounds: 3 },
  };
  expect((await push([logged])).status()).toBe(200);
  const localSession = () =>
    page.evaluate(
      (id) =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open("knip");
          open.onsuccess = () => {
            const get = open.result.transaction("sessions").objectStore("sessions").get(id);
            get.onsuccess = () => resolve(get.result ?? null);
          };
        }),
      entry,
    );
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  // Kept with the stamp of the op that wrote it (last writer wins).
  expect(await localSession()).toMatchObject({
    payload: { id: entry, done_reps: 30 },
    client_ts: "2026-11-01T08:10:00Z",
    device_id: otherDevice,
  });
  // And it shows on Progress.
  await page.goto("/app/progress");
  await hydrated(page);
  await expect(page.locator(".session-list li").first()).toContainText("30 av 30 knip");

  const deleted = { op_id: "0193a000-0000-7000-8000-0000000000e2", kind: "session.deleted", client_ts: "2026-11-01T09:00:00Z", payload: { id: entry } };
  expect((await push([deleted])).status()).toBe(200);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  expect(await localSession()).toEqual({ deleted: true });
});

test("a server that cannot take a batch is named as such, and the change goes through once it can", async ({ page }) => {
  await register(page, uniqueEmail("busy"));
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  // The database is out: every sync gets 503 until it is back.
  await page.route("**/api/sync", (route) =>
    route.fulfill({
      status: 503,
      headers: { "retry-after": "5" },
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "storage_unavailable", message: "The server cannot save anything just now." } }),
    }),
  );
  await page.getByRole("switch", { name: "Lyd under øktene" }).uncheck();
  await expect(page.getByTestId("sync-status")).toContainText("Serveren tok ikke imot endringene");
  await expectNoAxeViolations(page);
  await page.unroute("**/api/sync");
  await page.getByRole("switch", { name: "Vibrasjon" }).uncheck();
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  expect(await serverSettings(page, "sound")).toHaveLength(1);
});
