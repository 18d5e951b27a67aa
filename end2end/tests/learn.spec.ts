import { test, expect } from "@playwright/test";
import { hydrated, expectNoAxeViolations, register, serverChanges, uniqueEmail } from "./helpers";

test("a module is read page by page, passes axe, and opens offline after one visit to the app", async ({ page, context }) => {
  await page.goto("/app/learn");
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByRole("link", { name: "Les om bekkenbunnen og treningen" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole("link", { name: "Finn og tren musklene" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Finn musklene");
  await expect(page.getByText("side 1 av 3")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Neste" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vanlige feil");
  await expect(page.getByRole("listitem").filter({ hasText: "Du trykker ned i stedet for å løfte" })).toBeVisible();

  await context.setOffline(true);
  // Offline is said plainly where it happens, once a visit.
  await expect(page.getByRole("status").filter({ hasText: "Du er uten nett." })).toBeVisible();
  await page.goto("/learn/pelvic-floor/3");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vanlig, og det finnes hjelp");
  await expect(page.getByRole("link", { name: "Test deg selv" })).toBeVisible();
  await expect(page.getByText("Du er uten nett.")).toHaveCount(0);
  // The language buttons (which ask the server) are gone until the network is back.
  await expect(page.getByRole("button", { name: "English" })).toBeHidden();
  await context.setOffline(false);
});

test("a module's quiz is answered offline, and the progress reaches the server once the app opens", async ({ page, context }) => {
  await register(page, uniqueEmail("learn"));
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto("/learn/sleep/1");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tre slags søvn");

  await context.setOffline(true);
  await page.goto("/learn/sleep/3");
  await page.getByRole("link", { name: "Test deg selv" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test deg selv");
  const questions = page.locator("fieldset.quiz-question");
  await expect(questions).toHaveCount(3);
  // The first answer wrong, the others right.
  await questions.nth(0).getByLabel("Fordi de egentlig var i dyp søvn").check();
  await questions.nth(1).getByLabel("I den første delen av natten").check();
  await questions.nth(2).getByLabel("Kroppen sover dypere tidlig neste natt").check();
  await page.getByRole("button", { name: "Sjekk svarene" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Du hadde 2 av 3 riktige." })).toBeVisible();
  await expect(questions.nth(0).getByText("Ikke helt. Riktig svar:")).toBeVisible();
  await expect(questions.nth(1).getByText("Riktig.", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  // Feedback cannot be sent offline, and says so.
  await page.getByLabel("Hva hjalp deg i denne modulen, og hva savnet du?").fill("Mer om lur på dagtid.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Du er ikke på nett, så dette ble ikke sendt.")).toBeVisible();
  await context.setOffline(false);

  // Online again: the feedback goes, and the app records what was read.
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Takk! Tilbakemeldingen din er sendt.")).toBeVisible();
  await page.goto("/app/today");
  await hydrated(page);
  await expect.poll(async () => (await serverChanges(page, "education.progressed")).map((c: any) => c.payload)).toEqual([
    { module: "sleep", page: 3, completed: true, quiz: [0, 0, 2] },
  ]);
  // Read again: nothing new is recorded.
  await page.goto("/learn/sleep/1");
  await page.goto("/app/today");
  await hydrated(page);
  await page.waitForFunction(() => localStorage.getItem("knip.learn.pending") === null);
  expect(await serverChanges(page, "education.progressed")).toHaveLength(1);
  // The module list marks it read.
  await page.goto("/learn");
  await expect(page.getByRole("listitem").filter({ hasText: "Søvn" })).toContainText("Lest");
  await expect(page.getByText("Du har lest 1 av 14 moduler.")).toBeVisible();
});
