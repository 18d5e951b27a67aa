import { test, expect, type Page } from "@playwright/test";
import { hydrated, uniqueEmail, expectNoAxeViolations, register, serverChanges, createTherapist, logIn, setShortDose, watchForErrors, PASSWORD, shot } from "./helpers";

/** Every request a page makes, to show what reaches a patient's phone. */
function recordRequests(page: Page) {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(new URL(request.url()).pathname));
  return urls;
}

test("a therapist invites, the patient consents and trains, the therapist changes the dose, the patient sees it and revokes", async ({ page, browser }) => {
  // The whole journey of two people in one test: more than the default 30 s.
  test.slow();
  const patientRequests = recordRequests(page);
  const errors = watchForErrors(page);
  // The therapist, on a laptop at the clinic.
  const therapistEmail = uniqueEmail("fysio");
  createTherapist(therapistEmail);
  const clinic = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO" });
  const desk = await clinic.newPage();
  await logIn(desk, therapistEmail);
  await expect(desk).toHaveURL(/\/clinic$/);
  await expect(desk.getByRole("heading", { name: "Pasientene dine" })).toBeVisible();
  await expect(desk.getByText("Ingen tilknyttede pasienter ennå.")).toBeVisible();
  await expectNoAxeViolations(desk);
  await desk.getByRole("button", { name: "Lag invitasjonskode" }).click();
  const code = (await desk.getByTestId("invite-codes").locator(".invite-code").first().textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // The patient, on a phone: registers, enters the code and reads what
  // would be shared before saying yes.
  const patientEmail = uniqueEmail("kari");
  await register(page, patientEmail);
  await page.goto("/app/me");
  await hydrated(page);
  await page.getByRole("link", { name: "Del med en terapeut" }).click();
  await expect(page).toHaveURL(/\/sharing$/);
  await page.getByLabel("Kode fra terapeuten din").fill(code.toLowerCase().replace("-", " "));
  await page.getByRole("button", { name: "Fortsett" }).click();
  const consent = page.getByTestId("consent");
  await expect(consent).toContainText(therapistEmail);
  await expect(consent).toContainText("ber om å få følge treningen din");
  await expect(consent).toContainText("øktene dine, tallene i dagboka");
  await expect(consent).toContainText("endre den daglige dosen");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Ja, del" }).click();
  await expect(page.getByText("Ferdig: du deler nå med denne terapeuten.")).toBeVisible();
  await expect(page.getByTestId("active-links")).toContainText(therapistEmail);

  // A short session, finished and synced.
  await page.clock.install();
  await setShortDose(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 61_000 + 500);
  await expect(page.getByRole("heading", { name: "Bra jobbet! Økten er ferdig." })).toBeVisible();
  await page.clock.resume();
  await expect.poll(async () => (await serverChanges(page, "session.logged")).length, { timeout: 20_000 }).toBe(1);

  // The overview shows it; the patient page gives the dose and takes a new one.
  await desk.reload();
  const row = desk.getByTestId("patients").getByRole("row", { name: new RegExp(patientEmail) });
  await expect(row).toContainText("i dag");
  await expectNoAxeViolations(desk);
  await shot(desk, "clinic-overview");
  await row.getByRole("link", { name: patientEmail }).click();
  await expect(desk.getByRole("heading", { name: patientEmail })).toBeVisible();
  const patientPage = desk.url();
  await expect(desk.getByTestId("sessions").locator("tbody tr")).toHaveCount(1);
  await expectNoAxeViolations(desk);
  await shot(desk, "clinic-patient");
  await desk.getByLabel("Knip i hver runde").fill("12");
  await desk.getByRole("button", { name: "Lagre og send til pasienten" }).click();
  await expect(desk.getByText("Lagret. Pasientens app får det neste gang den synkroniserer.")).toBeVisible();

  // The clinic's outcomes: no names, no figures for a group of one.
  await desk.goto("/clinic/outcomes");
  await expect(desk.getByRole("heading", { name: "Resultater for pasientene dine" })).toBeVisible();
  await expect(desk.getByTestId("outcomes")).toContainText("færre enn 5");
  await expect(desk.locator("main")).not.toContainText(patientEmail);
  await expectNoAxeViolations(desk);
  await desk.goBack();

  // The printable summary renders as one clean page.
  await desk.getByRole("link", { name: "Sammendrag for legen, til utskrift" }).click();
  await expect(desk.getByRole("heading", { name: "Bekkenbunnstrening: sammendrag" })).toBeVisible();
  await expectNoAxeViolations(desk);
  await desk.emulateMedia({ media: "print" });
  await expect(desk.locator("header")).toHaveCount(0);
  await expect(desk.getByText(/12 knip i hver runde, 1 runde om dagen, hold i \d+ sekunder, hvil i \d+ sekunder/)).toBeVisible();
  const pdf = await desk.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
  await desk.emulateMedia({ media: "screen" });

  // A group: the patient is added, the first meeting gets homework, and
  // Today shows it.
  await desk.goto("/clinic/groups");
  await expectNoAxeViolations(desk);
  await desk.getByLabel("Navn (pasientene ser det)").fill("Tirsdagsgruppa");
  await desk.getByRole("button", { name: "Lag gruppen" }).click();
  await expect(desk.getByText("Gruppen er laget.")).toBeVisible();
  await desk.getByLabel("Legg til en pasient").selectOption({ label: patientEmail });
  await desk.getByRole("button", { name: "Legg til", exact: true }).click();
  await expect(desk.getByTestId("members")).toContainText(patientEmail);
  const first = desk.getByTestId("meetings").locator("li").first();
  await first.getByLabel("Les før møtet").selectOption("sleep");
  await first.getByLabel("Avspenning, minutter om dagen").fill("20");
  await first.getByRole("button", { name: "Lagre hjemmelekse" }).click();
  // Said beside the meeting just saved, which the page goes back to.
  await expect(desk).toHaveURL(/#meeting-1$/);
  await expect(first.getByText("Lagret.", { exact: true })).toBeVisible();
  await expectNoAxeViolations(desk);
  await page.goto("/app/today");
  await hydrated(page);
  const meeting = page.getByTestId("group-meeting");
  await expect(meeting).toContainText("Tirsdagsgruppa");
  await expect(meeting).toContainText("Slapp av 20 minutter om dagen");
  await expectNoAxeViolations(page);

  // The patient's next session uses the new dose and says who set it.
  await page.goto("/app/train");
  await hydrated(page);
  await expect(page.locator(".plan-summary").getByText("12 knip i hver runde, 1 runde")).toBeVisible({ timeout: 20_000 });
  // Said once, out in the open, until the patient has seen it.
  const notice = page.getByTestId("dose-changed");
  await expect(notice).toContainText(`${therapistEmail} endret dosen din `);
  await expect(notice).toContainText("12 knip i hver runde, 1 runde. Hold hvert knip i");
  await expectNoAxeViolations(page);
  await notice.getByRole("button", { name: "Greit, skjønner" }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(page.locator(".plan-summary").getByText("12 knip i hver runde, 1 runde")).toBeVisible();
  await expect(page.getByTestId("dose-changed")).toHaveCount(0);
  await page.getByText("Tilpass dosen").click();
  await expect(page.getByText(new RegExp(`Denne dosen er satt av ${therapistEmail.replace(/[.+]/g, "\\$&")} \\(\\d{1,2}\\.\\d{1,2}\\.20\\d\\d\\)`))).toBeVisible();

  // Who looked is on record; the patient stops sharing.
  await page.goto("/sharing");
  const log = page.getByTestId("access-log");
  await expect(log).toContainText("åpnet siden din");
  await expect(log).toContainText("endret dosen din");
  await expect(log).toContainText("åpnet sammendraget til legen");
  await expectNoAxeViolations(page);
  // Stopping is asked first (a disclosure: works without script).
  await page.locator("summary", { hasText: "Slutt å dele" }).click();
  await expect(page.getByText("De ser ingenting mer fra deg etter dette.")).toBeVisible();
  await page.getByRole("button", { name: "Ja, slutt å dele" }).click();
  await expect(page.getByText("Delingen er stoppet. De ser ingenting mer.")).toBeVisible();
  await expect(page.getByText("Du deler ikke med noen.")).toBeVisible();

  // The therapist has lost access.
  await desk.goto(patientPage);
  await expect(desk.getByRole("heading", { name: "Fant ikke siden" })).toBeVisible();
  await desk.goto("/clinic");
  await expect(desk.getByText("Ingen tilknyttede pasienter ennå.")).toBeVisible();

  // Nothing of the therapist's ever reached the patient's phone.
  expect(patientRequests.filter((path) => path.startsWith("/clinic") || path.startsWith("/api/therapist"))).toEqual([]);
  const worker = await page.request.get("/sw.js");
  expect(await worker.text()).not.toContain("/clinic");
  expect(errors).toEqual([]);
  await clinic.close();
});

test("a mistyped, used or unknown code is refused with a reason, and nothing is linked", async ({ page }) => {
  await register(page, uniqueEmail("ola"));
  await page.goto("/sharing");
  await page.getByLabel("Kode fra terapeuten din").fill("12!");
  await page.getByRole("button", { name: "Fortsett" }).click();
  await expect(page.getByRole("alert")).toContainText("Det er ikke en kode");
  await page.getByLabel("Kode fra terapeuten din").fill("ZZZZ-ZZZZ");
  await page.getByRole("button", { name: "Fortsett" }).click();
  await expect(page.getByRole("alert")).toContainText("Denne koden virker ikke");
  await expect(page.getByText("Du deler ikke med noen.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an admin makes a therapist's account, disables it and enables it again", async ({ browser }) => {
  const adminEmail = uniqueEmail("admin");
  createTherapist(adminEmail, "admin");
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO" });
  const page = await office.newPage();
  await logIn(page, adminEmail);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Terapeutkontoer" })).toBeVisible();
  await expectNoAxeViolations(page);
  const therapistEmail = uniqueEmail("ny-fysio");
  await page.getByLabel("E-post").fill(therapistEmail);
  await page.getByLabel("Navn (vises for pasienter)").fill("Nora Fysio");
  await page.getByLabel("Første passord").fill("aaaaaaaaaa");
  await page.getByRole("button", { name: "Lag kontoen" }).click();
  await expect(page.getByRole("alert")).toContainText("minst 10 tegn");
  await page.getByLabel("E-post").fill(therapistEmail);
  await page.getByLabel("Første passord").fill(PASSWORD);
  await page.getByRole("button", { name: "Lag kontoen" }).click();
  await expect(page.getByText("Kontoen er laget.")).toBeVisible();
  const row = page.getByTestId("therapists").getByRole("row", { name: new RegExp(therapistEmail) });
  await expect(row).toContainText("Aktiv");
  await expectNoAxeViolations(page);

  // The new therapist can log in; once disabled, no longer.
  const clinic = await browser.newContext({ locale: "nb-NO" });
  const desk = await clinic.newPage();
  await logIn(desk, therapistEmail);
  await expect(desk).toHaveURL(/\/clinic$/);
  await row.locator("summary", { hasText: "Deaktiver" }).click();
  await expect(row.getByText("logges ut overalt")).toBeVisible();
  await row.getByRole("button", { name: /Ja, deaktiver/ }).click();
  await expect(page.getByText("Kontoen er deaktivert og logget ut overalt.")).toBeVisible();
  await desk.goto("/clinic");
  await expect(desk).toHaveURL(/\/login$/);
  await logIn(desk, therapistEmail);
  await expect(desk.getByRole("alert")).toContainText("Denne kontoen er deaktivert");
  await row.getByRole("button", { name: /Aktiver/ }).click();
  await expect(page.getByText("Kontoen er aktivert igjen.")).toBeVisible();
  await logIn(desk, therapistEmail);
  await expect(desk).toHaveURL(/\/clinic$/);
  await office.close();
  await clinic.close();
});

test("a session that hurt puts a weighty flag on the overview, and the patient's page says which session", async ({ page, browser }) => {
  const therapistEmail = uniqueEmail("fysio-why");
  createTherapist(therapistEmail);
  const clinic = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO" });
  const desk = await clinic.newPage();
  await logIn(desk, therapistEmail);
  await desk.getByRole("button", { name: "Lag invitasjonskode" }).click();
  const code = (await desk.getByTestId("invite-codes").locator(".invite-code").first().textContent())!.trim();
  const patientEmail = uniqueEmail("kari-why");
  await register(page, patientEmail);
  await page.goto("/sharing");
  await page.getByLabel("Kode fra terapeuten din").fill(code);
  await page.getByRole("button", { name: "Fortsett" }).click();
  await page.getByRole("button", { name: "Ja, del" }).click();
  await expect(page.getByText("Ferdig: du deler nå med denne terapeuten.")).toBeVisible();

  // Two days ago, a whole session that hurt (from the phone's sync).
  const started = new Date(Date.now() - 2 * 86_400_000);
  started.setHours(12, 0, 0, 0);
  const ended = new Date(started.getTime() + 9 * 60_000);
  const op = {
    op_id: crypto.randomUUID(),
    kind: "session.logged",
    client_ts: ended.toISOString(),
    payload: {
      id: crypto.randomUUID(), kind: "training", started_at: started.toISOString(), ended_at: ended.toISOString(),
      planned_reps: 30, done_reps: 30, planned_rounds: 3, done_rounds: 3, pain: true,
      prescription: { reps_per_round: 10, rounds_per_day: 3, hold_secs: 6, quick_lifts: 0, rest_secs: 4,
        position: "lying", schedule: { mode: "together", pause_secs: 60 } },
    },
  };
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-0000000000b1", cursor: null, ops: [op] },
  });
  expect(response.status()).toBe(200);

  await desk.goto("/clinic");
  const row = desk.getByTestId("patients").getByRole("row", { name: new RegExp(patientEmail) });
  const flag = row.locator(".flag-now");
  await expect(flag).toContainText("Har bedt om hjelp");
  await expectNoAxeViolations(desk);
  await shot(desk, "clinic-overview-flags");
  await flag.getByRole("link").click();
  await expect(desk).toHaveURL(/#why$/);
  await expect(desk.getByTestId("why")).toContainText(`Økten ${started.getDate()}.${started.getMonth() + 1}. gjorde vondt.`);
  await expectNoAxeViolations(desk);
  await shot(desk, "clinic-patient-why");
});
