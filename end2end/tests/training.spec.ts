import { test, expect, type Page } from "@playwright/test";
import { hydrated, uniqueEmail, expectNoAxeViolations, watchForErrors, storedCount, setShortDose, PASSWORD } from "./helpers";

/** Records every text the screen-reader region announces. */
async function recordAnnouncements(page: Page) {
  await page.evaluate(() => {
    const w = window as any;
    w.__announced = [];
    const target = document.querySelector('[data-testid="announcer"]')!;
    const note = () => {
      const text = target.textContent ?? "";
      if (text && w.__announced[w.__announced.length - 1] !== text) w.__announced.push(text);
    };
    note();
    new MutationObserver(note).observe(target, { childList: true, subtree: true, characterData: true });
  });
}

const announced = (page: Page) => page.evaluate(() => (window as any).__announced as string[]);

function expectedSequence(reps: number) {
  const steps = ["Gjør deg klar"];
  for (let rep = 1; rep <= reps; rep++) {
    steps.push("Knip og løft", "Hold, 2 s", "Slipp helt");
    if (rep < reps) steps.push("Hvil, 3 s");
  }
  return steps;
}

test("a whole guided session announces every step in order and lands on Progress", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.clock.install();
  await setShortDose(page);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await recordAnnouncements(page);
  await expect(page.getByText("Knip 1 av 8 · runde 1 av 1")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.clock.runFor(3_000 + 61_000 + 500);
  await expect(page.getByRole("heading", { name: "Bra jobbet! Økten er ferdig." })).toBeVisible();
  // The end is said too, in the same live region.
  expect(await announced(page)).toEqual([...expectedSequence(8), "Bra jobbet! Økten er ferdig."]);
  await expectNoAxeViolations(page);

  // How it felt, and a technique problem that brings a tip.
  await page.getByLabel("Passe").check();
  await page.getByLabel("Jeg holdt pusten").check();
  await page.getByRole("button", { name: "Lagre" }).click();
  await expect(page.getByText("Takk! Svaret ditt er lagret.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Tips til neste gang" })).toBeVisible();

  // Progress is another area: a page load, once the session is stored.
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.getByRole("link", { name: "Se fremgangen" }).click();
  await expect(page).toHaveURL(/\/app\/progress$/);
  await hydrated(page);
  await expect(page.getByText("1 dag på rad med trening")).toBeVisible();
  await expect(page.getByText("8 av 8 knip")).toBeVisible();
  // The weeks before the first session are not shown as missed weeks.
  await expect(page.locator("section[aria-labelledby='weekly-heading'] tbody tr")).toHaveCount(1);
  await expect(page.locator(".calendar td.trained")).toHaveCount(1);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "I dag" }).first().click();
  await hydrated(page);
  await expect(page.getByText("Runder: 1 av 1")).toBeVisible();
  // A session does not end the learning phase; feeling the lift does.
  await expect(page.getByText("Du lærer teknikken")).toBeVisible();
  // One tap does not move the patient on: it asks first, and "not yet" keeps learning.
  await page.getByRole("button", { name: "Jeg kjenner løftet nå: start den daglige treningen" }).click();
  await expect(page.getByText("Start det daglige programmet nå?")).toBeVisible();
  await page.getByRole("button", { name: "Ikke ennå" }).click();
  await expect(page.getByText("Du lærer teknikken")).toBeVisible();
  await page.getByRole("button", { name: "Jeg kjenner løftet nå: start den daglige treningen" }).click();
  await page.getByRole("button", { name: "Ja, start uke 1" }).click();
  await expect(page.getByText("Uke 1 av minst 26 med daglig trening")).toBeVisible();
  await expectNoAxeViolations(page);
  // Too soon after all: back to learning, in the first weeks.
  await page.getByRole("button", { name: "Jeg kjenner ikke løftet likevel: tilbake til introduksjonen" }).click();
  await expect(page.getByText("Du lærer teknikken")).toBeVisible();
  expect(errors).toEqual([]);
});

test("pause holds the step and resume goes on from it", async ({ page }) => {
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await recordAnnouncements(page);
  // 3 s lead-in, then 1 s squeeze: 0.5 s into the first hold.
  await page.clock.runFor(4_500);
  await expect(page.locator(".player-step")).toHaveText("Hold");
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("announcer")).toHaveText("Pause");
  await page.clock.runFor(60_000);
  await expect(page.locator(".player-step")).toHaveText("Hold");
  await expect(page.getByText("Knip 1 av 8")).toBeVisible();

  await page.getByRole("button", { name: "Fortsett" }).click();
  await page.clock.runFor(1_600);
  await expect(page.locator(".player-step")).toHaveText("Slipp helt");
  await expect(page.getByText("Knip 1 av 8")).toBeVisible();
});

test("a jump of 30 s at once (background tab, locked screen) lands on the right step", async ({ page }) => {
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  // Lead-in 3 s + 30 s: each repetition takes 8 s (1 + 2 + 2 + 3), so 30 s
  // in is 6 s into the 4th: resting.
  await page.clock.fastForward(33_000);
  await expect(page.locator(".player-step")).toHaveText("Hvil");
  await expect(page.getByText("Knip 4 av 8")).toBeVisible();
  await expect(page.locator(".player-time")).toHaveText("2");
});

test("skipping a rest moves straight on to the next squeeze", async ({ page }) => {
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 5_500);
  await expect(page.locator(".player-step")).toHaveText("Hvil");
  await page.getByRole("button", { name: "Hopp over hvilen" }).click();
  await expect(page.locator(".player-step")).toHaveText("Knip og løft");
  await expect(page.getByText("Knip 2 av 8")).toBeVisible();
});

test("a session stopped midway is kept as partial and shows so on Progress", async ({ page }) => {
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  // Two whole repetitions and into the third.
  await page.clock.runFor(3_000 + 2 * 8_000 + 500);
  // Ending asks first, with the session paused; going on loses nothing.
  await page.getByRole("button", { name: "Avslutt" }).click();
  await expect(page.getByText("Avslutte nå? Det du har gjort så langt, blir lagret.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Nei, fortsett" })).toBeFocused();
  await page.clock.runFor(10_000);
  await expect(page.locator(".player-count")).toContainText("Knip 3 av 8");
  await page.getByRole("button", { name: "Nei, fortsett" }).click();
  await expect(page.getByRole("button", { name: "Avslutt" })).toBeFocused();
  await page.getByRole("button", { name: "Avslutt" }).click();
  await page.getByRole("button", { name: "Ja, avslutt" }).click();
  await expect(page.getByRole("heading", { name: "Økten ble avsluttet: 2 av 8 knip er lagret." })).toBeVisible();
  // A full page load next: wait until the session is in the phone's store.
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.goto("/app/progress");
  await hydrated(page);
  const latest = page.locator(".session-list li").first();
  await expect(latest).toContainText("2 av 8 knip");
  await expect(latest).toContainText("avbrutt");
});

test("a session cut off by closing or reloading the page is kept as partial", async ({ page }) => {
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 2 * 8_000 + 500);
  // The phone keeps the session so far after every repetition.
  const draftReps = () =>
    page.evaluate(
      () =>
        new Promise<number | null>((resolve) => {
          const open = indexedDB.open("knip");
          open.onsuccess = () => {
            const get = open.result.transaction("meta").objectStore("meta").get("session_draft");
            get.onsuccess = () => resolve(get.result?.done_reps ?? null);
          };
        }),
    );
  await expect.poll(draftReps).toBe(2);
  await page.reload();
  await hydrated(page);
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.getByRole("link", { name: "Fremgang" }).click();
  const latest = page.locator(".session-list li").first();
  await expect(latest).toContainText("2 av 8 knip");
  await expect(latest).toContainText("avbrutt");
  expect(await draftReps()).toBeNull();
});

test("leaving the Train page mid-session keeps what was done", async ({ page }) => {
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 8_000 + 500);
  // The tab bar is out of the way while a session plays; the phone's back
  // button or an address still leaves the page.
  await expect(page.getByRole("navigation", { name: "Hovedmeny" })).toBeHidden();
  await page.goto("/app/progress");
  const latest = page.locator(".session-list li").first();
  await expect(latest).toContainText("1 av 8 knip");
  await expect(latest).toContainText("avbrutt");
});

test("a session done offline reaches the server exactly once", async ({ page, context }) => {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("E-post").fill(uniqueEmail("train-offline"));
  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.clock.install();
  await setShortDose(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");

  await context.setOffline(true);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 61_000 + 500);
  await expect(page.getByRole("heading", { name: "Bra jobbet! Økten er ferdig." })).toBeVisible();
  await page.getByLabel("For lett").check();
  await page.getByRole("button", { name: "Lagre" }).click();
  await expect(page.getByText("Takk! Svaret ditt er lagret.")).toBeVisible();

  await context.setOffline(false);
  await page.clock.runFor(2_000);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-000000000002", cursor: null, ops: [] },
  });
  const body = await response.json();
  const sessions = body.changes.filter((c: any) => c.kind === "session.logged");
  // Logged at the end, then again with the feedback: one session, two ops.
  const ids = new Set(sessions.map((c: any) => c.payload.id));
  expect(ids.size).toBe(1);
  const last = sessions[sessions.length - 1].payload;
  expect(last.done_reps).toBe(8);
  expect(last.planned_reps).toBe(8);
  expect(last.feedback).toBe("too_easy");
  expect(last.prescription.hold_secs).toBe(2);
});

test("the introduction finds the muscles, checks them and starts the programme", async ({ page }) => {
  await page.goto("/app/learn");
  await hydrated(page);
  await expectNoAxeViolations(page);
  // Every page is a page load of its own: wait for the new one to be live.
  await page.getByRole("link", { name: "Start introduksjonen" }).click();
  await expect(page).toHaveURL(/\/app\/learn\/start$/);
  await hydrated(page);
  await expect(page.getByText("Steg 1 av 7")).toBeVisible();
  for (let step = 1; step < 7; step++) {
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Neste" }).click();
    await expect(page.getByText(`Steg ${step + 1} av 7`)).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Sjekk deg selv" })).toBeFocused();
  const groups = page.locator("fieldset.self-check");
  await expect(groups).toHaveCount(4);
  await groups.nth(0).getByLabel("Nei").check();
  await groups.nth(1).getByLabel("Nei").check();
  // No lift felt: the last button does not promise the start of training.
  await groups.nth(2).getByLabel("Nei").check();
  await expect(page.getByRole("button", { name: "Øv videre på Tren" })).toBeVisible();
  // Feeling the lift, with no other muscle, the breath or a push down doing
  // the work, is what ends the learning phase.
  await groups.nth(2).getByLabel("Ja").check();
  await groups.nth(3).getByLabel("Nei").check();
  for (let i = 0; i < 4; i++) await expect(groups.nth(i).locator(".tip")).not.toBeEmpty();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Jeg er klar: start treningen" }).click();
  await expect(page).toHaveURL(/\/app\/train$/);
  await page.getByRole("link", { name: "I dag" }).first().click();
  await expect(page.getByText("Uke 1 av minst 26 med daglig trening")).toBeVisible();
});

test("an impossible dose is refused with the allowed range and the old one stays", async ({ page }) => {
  await setShortDose(page);
  // The store keeps the programme in force and every set before it (the
  // dose history); a refused dose adds to neither.
  const stored = await storedCount(page, "prescription");
  const queued = await storedCount(page, "outbox");
  await page.getByLabel("Sekunder å holde").selectOption("4");
  await page.getByLabel("Raske løft etter holdet").selectOption("3");
  await page.getByRole("button", { name: "Lagre dosen" }).click();
  await expect(page.getByRole("alert")).toContainText("minst 6 sekunder");
  expect(await storedCount(page, "prescription")).toBe(stored);
  expect(await storedCount(page, "outbox")).toBe(queued);
  await page.reload();
  await hydrated(page);
  await expect(page.getByText("Hold hvert knip i 2 sekunder")).toBeVisible();
});

test("when to get help is one tap from Today, Train and the introduction, and opens offline", async ({ page, context }) => {
  await page.goto("/app/today");
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByRole("link", { name: "Når du bør få hjelp" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Når du bør få hjelp");
  await expect(page.getByText("smerter, også smerter når du trener")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/app/train");
  await hydrated(page);
  await expect(page.getByRole("link", { name: "Når du bør få hjelp" })).toHaveAttribute("href", "/help");
  await context.setOffline(true);
  await page.goto("/help");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Når du bør få hjelp");
  await context.setOffline(false);
});

/** Puts the patient 30 weeks into the intensive phase with a short dose, as another device would. */
async function thirtyWeeksIn(page: Page) {
  const since = new Date(Date.now() - 30 * 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const op = {
    op_id: "0193a000-0000-7000-8000-00000000f0" + String(Math.floor(Math.random() * 90) + 10),
    kind: "prescription.set",
    client_ts: new Date().toISOString(),
    payload: {
      prescription: { reps_per_round: 8, rounds_per_day: 1, hold_secs: 2, quick_lifts: 0, rest_secs: 3, position: "sitting", schedule: { mode: "together", pause_secs: 60 } },
      programme: { phase: "intensive", since, pregnancy: false },
      set_by: { by: "patient" },
    },
  };
  const response = await page.request.post("/api/sync", { data: { device_id: "0193a000-0000-4000-8000-0000000000f1", cursor: null, ops: [op] } });
  expect(response.status()).toBe(200);
}

test("intensive training: the cue says as hard as you can, and 'worse' at the check-in shows where to get help", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("E-post").fill(uniqueEmail("intensive"));
  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
  await thirtyWeeksIn(page);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");
  await expect(page.getByRole("heading", { name: "Et halvt år med trening" })).toBeVisible();
  await expect(page.getByText("Du har vært i gang i 30 uker. Du trente i 0 av dem")).toBeVisible();
  await page.getByRole("button", { name: "Verre", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Det finnes annen hjelp" })).toBeVisible();
  await expect(page.locator("section.notice").getByRole("link", { name: "Når du bør få hjelp" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.clock.install();
  await page.goto("/app/train");
  await hydrated(page);
  await expect(page.getByText("Knip så hardt du kan i hvert knip")).toBeVisible();
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 500);
  await expect(page.locator(".player-step")).toHaveText("Knip så hardt du kan");
});

test("a 5-minute relaxation runs from start to chime, is logged and shows on Progress", async ({ page }) => {
  await page.clock.install();
  await page.goto("/app/relax");
  await hydrated(page);
  await expectNoAxeViolations(page);
  const timer = page.getByRole("region", { name: "Start avspenningen" });
  await expect(timer.getByLabel("Minutter")).toHaveValue("30");
  await timer.getByLabel("Minutter").selectOption("5");
  await page.getByRole("button", { name: "Start avspenningen" }).click();
  await page.clock.runFor(3_000 + 1_000);
  await expect(page.locator(".player-step")).toHaveText("Slapp av");
  await page.clock.runFor(5 * 60_000 - 500);
  await expect(page.locator(".player-step")).toHaveText("Tiden er ute");
  await page.clock.runFor(3_500);
  await expect(page.getByRole("heading", { name: "Ferdig: 5 minutter med avspenning." })).toBeVisible();
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.goto("/app/progress");
  await hydrated(page);
  await expect(page.getByTestId("relax-summary")).toContainText("Denne uka: 5 minutter");
  await expect(page.getByTestId("relax-summary")).toContainText("1 dag på rad med avspenning");
  await expectNoAxeViolations(page);
});

test("the breathing pacer announces in and out with the rhythm set", async ({ page }) => {
  await page.clock.install();
  await page.goto("/app/relax");
  await hydrated(page);
  await page.getByLabel("Sekunder inn").selectOption("3");
  await page.getByLabel("Sekunder ut").selectOption("5");
  await page.getByRole("button", { name: "Start pusteøvelsen" }).click();
  await recordAnnouncements(page);
  await page.clock.runFor(3_000 + 500);
  await expect(page.locator(".player-step")).toHaveText("Pust inn");
  await expect(page.locator(".player")).toHaveAttribute("data-step", "breathe-in");
  await page.clock.runFor(3_000);
  await expect(page.locator(".player-step")).toHaveText("Pust ut");
  await expect(page.locator(".player")).toHaveAttribute("data-step", "breathe-out");
  await page.clock.runFor(5_000);
  await expect(page.locator(".player-step")).toHaveText("Pust inn");
  expect(await announced(page)).toEqual(expect.arrayContaining(["Pust inn, 3 s", "Pust ut, 5 s"]));
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Avslutt" }).click();
  await page.getByRole("button", { name: "Ja, avslutt" }).click();
});

test("a guided sequence moves through its steps by itself and ends with the chime", async ({ page }) => {
  await page.clock.install();
  await page.goto("/app/relax");
  await hydrated(page);
  await page.getByRole("button", { name: /^Spenn og slipp/ }).click();
  await page.clock.runFor(3_000 + 500);
  await expect(page.locator(".player-step")).toHaveText("Sett deg eller legg deg godt til rette.");
  await page.clock.runFor(30_000);
  await expect(page.locator(".player-step")).toContainText("Knyt hendene hardt");
  await page.clock.runFor(5 * 40_000 + 60_000);
  await expect(page.locator(".player-step")).toHaveText("Tiden er ute");
  await page.clock.runFor(3_500);
  await expect(page.getByRole("heading", { name: "Ferdig: 5 minutter med avspenning." })).toBeVisible();
});
