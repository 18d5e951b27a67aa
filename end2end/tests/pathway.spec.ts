import { test, expect, type Page } from "@playwright/test";
import { hydrated, uniqueEmail, register, serverChanges, storedCount, expectNoAxeViolations, watchForErrors } from "./helpers";

// Safe for a patient alone (issue 28): the start assessment asks for red
// flags first, then the main problem, and the pathway follows.

async function answer(page: Page, flags: string[], problems: string[]) {
  await page.goto("/app/assessment");
  await hydrated(page);
  for (const flag of flags) await page.getByLabel(flag).check();
  for (const problem of problems) await page.getByLabel(problem).check();
  await page.getByRole("button", { name: "Lagre svarene" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Svarene er lagret" })).toBeVisible();
}

/** A toilet visit as the phone sends it. */
function visit(at: Date, urge: number, leak = false) {
  return { op_id: crypto.randomUUID(), kind: "bladder.logged", client_ts: new Date().toISOString(),
    payload: { id: crypto.randomUUID(), at: at.toISOString(), urge, leak } };
}

test("a patient with urgency keeps a bladder diary, gets an interval target and practises urge control", async ({ page, context }) => {
  const errors = watchForErrors(page);
  await register(page, uniqueEmail("trang"));
  await expect(page.getByTestId("start-questions")).toBeVisible();
  await answer(page, [], ["Plutselig sterk trang til å tisse, eller lekkasje på vei til toalettet"]);
  const pathway = page.getByTestId("pathway");
  await expect(pathway).toContainText("Blæretrening");
  await expect(pathway).toContainText("Kaffe, te, cola og energidrikk");
  await expectNoAxeViolations(page);
  await expect.poll(async () => (await serverChanges(page, "assessment.answered")).length).toBe(1);

  // Three days of the diary kept on another phone: a visit every 80 minutes.
  const ops = [];
  for (const daysAgo of [3, 2, 1]) {
    const first = new Date(Date.now() - daysAgo * 86_400_000);
    first.setHours(8, 0, 0, 0);
    for (let n = 0; n < 8; n++) ops.push(visit(new Date(first.getTime() + n * 80 * 60_000), 2));
  }
  const pushed = await page.request.post("/api/sync", { data: { device_id: crypto.randomUUID(), cursor: null, ops } });
  expect(pushed.status()).toBe(200);

  await page.goto("/app/bladder");
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const interval = page.getByTestId("interval");
  await expect(interval).toContainText("hvert 80. minutt");
  await expectNoAxeViolations(page);

  // Today's visit, offline, through the form.
  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  const at = new Date(Date.now() - 5 * 60_000);
  const hhmm = `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
  await page.getByLabel("Klokkeslett").fill(hhmm);
  await page.getByLabel("3: sterk").check();
  await page.getByLabel("Jeg lekket før jeg rakk frem").check();
  await page.getByRole("button", { name: "Lagre besøket" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Lagret." })).toBeVisible();
  await expect(page.getByTestId("visits")).toContainText(hhmm);
  // A volume no bladder holds is refused, and nothing is kept.
  const kept = await storedCount(page, "bladder");
  await page.getByLabel("2: middels").check();
  await page.getByLabel("Mengde i milliliter (valgfritt)").fill("5000");
  await page.getByRole("button", { name: "Lagre besøket" }).click();
  await expect(page.getByRole("alert")).toContainText("1500");
  expect(await storedCount(page, "bladder")).toBe(kept);
  await context.setOffline(false);

  // The first target: the next quarter of an hour past the usual interval.
  await interval.getByRole("button", { name: "Sett målet til 90 minutter" }).click();
  await expect(interval).toContainText("Målet ditt: 90 minutter mellom hvert toalettbesøk");
  await expect.poll(async () => (await serverChanges(page, "bladder.target_set")).map((c: any) => c.payload.minutes), { timeout: 20_000 }).toEqual([90]);
  await expect.poll(async () => (await serverChanges(page, "bladder.logged")).filter((c: any) => c.payload.leak).length, { timeout: 20_000 }).toBe(1);

  // Today shows the target beside the training.
  await page.goto("/app/today");
  await hydrated(page);
  await expect(page.getByTestId("today-interval")).toContainText("Målet ditt: 90 minutter");

  // The urge-control session runs on the player to its end.
  await page.clock.install();
  await page.goto("/app/relax");
  await hydrated(page);
  await page.getByRole("button", { name: /^Når trangen kommer/ }).click();
  await page.clock.runFor(3_000 + 500 + 30_000);
  await expect(page.locator(".player-step")).toContainText("Stopp opp. Stå stille");
  await page.clock.runFor(270_000);
  await expect(page.locator(".player-step")).toHaveText("Tiden er ute");
  await page.clock.runFor(3_500);
  await expect(page.getByRole("heading", { name: "Ferdig: 5 minutter med avspenning." })).toBeVisible();
  // The syncs tried while offline fail as they should; nothing else may.
  expect(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
});

test("a patient with pelvic pain is offered relaxation first and never asked to squeeze as hard as they can", async ({ page }) => {
  await register(page, uniqueEmail("smerte"));
  await answer(page, [], ["Langvarige smerter i bekkenet"]);
  await expect(page.getByTestId("pathway")).toContainText("Avspenning først");
  await page.goto("/app/today");
  await hydrated(page);
  await expect(page.getByTestId("relax-first")).toContainText("minst 30 minutter");
  // Pain education comes first in Learn.
  await page.goto("/app/learn");
  await hydrated(page);
  await expect(page.getByTestId("read-first").getByRole("link").first()).toHaveText("Slik virker smerte");
  await page.goto("/app/today");
  await hydrated(page);
  // The move to intensive training waits for a physiotherapist.
  await expect(page.getByRole("button", { name: "Jeg kjenner løftet nå: start den daglige treningen" })).toHaveCount(0);
  await expect(page.getByText("venter intensiv trening")).toBeVisible();
  await expectNoAxeViolations(page);

  // Even a programme already in its intensive phase keeps the squeezes gentle.
  const since = new Date().toISOString().slice(0, 10);
  const set = { op_id: crypto.randomUUID(), kind: "prescription.set", client_ts: new Date().toISOString(),
    payload: { prescription: { reps_per_round: 8, rounds_per_day: 1, hold_secs: 2, quick_lifts: 0, rest_secs: 3,
      position: "lying", schedule: { mode: "together", pause_secs: 60 } },
      programme: { phase: "intensive", since, started: since }, set_by: { by: "patient" } } };
  const pushed = await page.request.post("/api/sync", { data: { device_id: crypto.randomUUID(), cursor: null, ops: [set] } });
  expect(pushed.status()).toBe(200);
  await page.goto("/app/train");
  await hydrated(page);
  await expect(page.getByText("8 knip i hver runde, 1 runde")).toBeVisible({ timeout: 20_000 });
  await expect(page.locator("main")).not.toContainText("så hardt du kan");
  await page.clock.install();
  await page.reload();
  await hydrated(page);
  await expect(page.getByText("8 knip i hver runde, 1 runde")).toBeVisible();
  await page.getByRole("button", { name: "Start økten" }).click();
  for (let s = 0; s < 12; s++) {
    await page.clock.runFor(1_000);
    await expect(page.locator("main")).not.toContainText("så hardt du kan");
  }
});

test("a red flag shows the doctor page and training waits until a doctor has looked", async ({ page }) => {
  await register(page, uniqueEmail("flagg"));
  await answer(page, ["Blod i urinen"], ["Lekkasje når jeg hoster, nyser, løfter eller hopper"]);
  const doctor = page.getByTestId("doctor-first");
  await expect(doctor.getByRole("heading")).toHaveText("Snakk med legen din snart");
  await expect(doctor).toContainText("116 117");
  await expect(doctor).toContainText("Blod i urinen");
  await expectNoAxeViolations(page);

  // One that needs a doctor today says so.
  await answer(page, ["Du får ikke tisset, eller strålen er svært svak"], []);
  await expect(doctor.getByRole("heading")).toHaveText("Kontakt lege i dag");

  await page.goto("/app/train");
  await hydrated(page);
  await expect(page.getByTestId("training-waits")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start økten" })).toHaveCount(0);
  // Relaxation and Learn stay open.
  await page.goto("/app/relax");
  await hydrated(page);
  await expect(page.getByRole("button", { name: "Start avspenningen" })).toBeVisible();

  await page.goto("/app/assessment");
  await hydrated(page);
  await page.getByRole("button", { name: "En lege har sett på dette, og jeg kan trene" }).click();
  await expect(page.getByTestId("doctor-first")).toContainText("Treningen er åpen");
  await page.goto("/app/train");
  await hydrated(page);
  await expect(page.getByRole("button", { name: "Start økten" })).toBeVisible();
  await expect.poll(async () => (await serverChanges(page, "assessment.answered")).at(-1)?.payload.doctor_seen).toBe(true);

  // The help page lists the same signs.
  await page.goto("/help");
  await expect(page.getByTestId("red-flags")).toContainText("Blod i urinen");
  await expect(page.getByTestId("red-flags")).toContainText("116 117");
});

test("the red flags and the start questions read in nynorsk and English", async ({ browser }) => {
  for (const [locale, flag, save] of [["nn-NO", "Blod i avføringa", "Lagre svara"], ["en-GB", "Blood in your stool", "Save my answers"]]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto("/help");
    await expect(page.getByTestId("red-flags")).toContainText(flag);
    await page.goto("/app/assessment");
    await hydrated(page);
    await expect(page.getByRole("button", { name: save })).toBeVisible();
    await expect(page.getByLabel(flag)).toBeVisible();
    await expectNoAxeViolations(page);
    await context.close();
  }
});
