import { test, expect, type Page } from "@playwright/test";
import { hydrated, uniqueEmail, register, serverChanges, setShortDose, storedCount, expectNoAxeViolations } from "./helpers";

// Figures a patient can trust (issue 27): a change of the dose never
// rewrites the weeks before it, the current week is the week so far, and a
// patient who trains on the defaults has that programme on the server.

const weeklyRows = (page: Page) => page.locator("section[aria-labelledby='weekly-heading'] tbody tr");

/** A training session on the day `daysAgo` days back, done with 10 × 3. */
function pastSession(daysAgo: number, done: number) {
  const started = new Date(Date.now() - daysAgo * 86_400_000);
  // Noon on a day gone by; today, a quarter of an hour ago.
  if (daysAgo > 0) started.setHours(12, 0, 0, 0);
  else started.setTime(Date.now() - 15 * 60_000);
  const ended = new Date(started.getTime() + 9 * 60_000);
  return {
    op_id: crypto.randomUUID(),
    kind: "session.logged",
    client_ts: ended.toISOString(),
    payload: {
      id: crypto.randomUUID(), kind: "training", started_at: started.toISOString(), ended_at: ended.toISOString(),
      planned_reps: 30, done_reps: done, planned_rounds: 3, done_rounds: Math.floor(done / 10),
      prescription: { reps_per_round: 10, rounds_per_day: 3, hold_secs: 6, quick_lifts: 0, rest_secs: 4,
        position: "lying", schedule: { mode: "together", pause_secs: 60 } },
    },
  };
}

test("a change of the dose leaves the weeks before it on Progress as they were", async ({ page }) => {
  await register(page, uniqueEmail("dose-history"));
  // Two weeks of training at 10 × 3, from another phone.
  const ops = [8, 9, 10, 11, 12, 14, 15].map((d) => pastSession(d, d % 2 ? 20 : 30));
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-0000000000a1", cursor: null, ops },
  });
  expect(response.status()).toBe(200);
  await page.goto("/app/progress");
  await hydrated(page);
  await expect.poll(() => storedCount(page, "sessions")).toBe(7);
  await page.reload();
  await hydrated(page);
  // The table fills once the phone's store is read.
  const pastRows = async () => (await weeklyRows(page).allInnerTexts()).filter((row) => !row.includes("Så langt denne uka"));
  await expect.poll(async () => (await pastRows()).length).toBeGreaterThanOrEqual(2);
  const past = await pastRows();
  for (const row of past) expect(row).toMatch(/\d+ \/ \d+/);

  // The patient changes the dose today.
  await setShortDose(page);
  await page.goto("/app/progress");
  await hydrated(page);
  await expect.poll(pastRows).toEqual(past);
});

test("the current week is the week so far, and the calendar counts days, not sessions", async ({ page }) => {
  await register(page, uniqueEmail("week-so-far"));
  await page.clock.install();
  await setShortDose(page);
  // The whole day's dose (one round of 8) in one session on this phone ...
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 61_000 + 500);
  await expect(page.getByRole("heading", { name: "Bra jobbet! Økten er ferdig." })).toBeVisible();
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.clock.resume();
  // ... and a few squeezes more today on another.
  const extra = pastSession(0, 4);
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-0000000000a2", cursor: null, ops: [extra] },
  });
  expect(response.status()).toBe(200);
  await page.goto("/app/progress");
  await hydrated(page);
  await expect.poll(() => storedCount(page, "sessions"), { timeout: 20_000 }).toBe(2);
  await page.reload();
  await hydrated(page);
  const rows = weeklyRows(page);
  await expect(rows).toHaveCount(1);
  // Today's dose asked once, not the whole week's: 12 of 8 done, 100 %.
  await expect(rows.first()).toContainText("Så langt denne uka");
  await expect(rows.first()).toContainText("12 / 8");
  await expect(rows.first()).toContainText("100 %");
  await expect(page.locator(".calendar caption")).toContainText("trent 1 dag");
  await expectNoAxeViolations(page);
});

test("a patient who trains on the defaults has that programme on the server", async ({ page }) => {
  await page.clock.install();
  await register(page, uniqueEmail("defaults"));
  await page.goto("/app/train");
  await hydrated(page);
  expect(await serverChanges(page, "prescription.set")).toEqual([]);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 8_000);
  await page.getByRole("button", { name: "Avslutt" }).click();
  await page.getByRole("button", { name: "Ja, avslutt" }).click();
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.clock.resume();
  await expect
    .poll(async () => (await serverChanges(page, "prescription.set")).length, { timeout: 20_000 })
    .toBe(1);
  const [set] = await serverChanges(page, "prescription.set");
  expect(set.payload.prescription.reps_per_round).toBe(10);
  expect(set.payload.prescription.rounds_per_day).toBe(3);
  expect(set.payload.set_by.by).toBe("patient");
  // The defaults give way to any programme set by anyone, before or after.
  expect(set.client_ts).toBe("1970-01-01T00:00:00Z");
});
