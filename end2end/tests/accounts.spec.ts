import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { hydrated, register, uniqueEmail, watchForErrors, expectNoAxeViolations, PASSWORD } from "./helpers";

test("register, land in the app, log out and log in again", async ({ page }) => {
  const errors = watchForErrors(page);
  const email = uniqueEmail("kari");

  await page.goto("/");
  await hydrated(page);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Jeg har allerede en konto" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await page.getByRole("link", { name: "Ny her? Lag en konto" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await hydrated(page);
  await expectNoAxeViolations(page);

  // The server checks the form and shows the page again with the message.
  await page.getByLabel("E-post").fill("kari");
  await page.getByLabel("Passord", { exact: true }).fill("kort");
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page.getByText("Dette ser ikke ut som en e-postadresse")).toBeVisible();
  await expect(page.getByLabel("E-post")).toHaveAttribute("aria-invalid", "true");
  // The page opens on the field to fix.
  await expect(page.getByLabel("E-post")).toBeFocused();

  await page.getByLabel("E-post").fill(email);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page.getByText("Passordet må ha minst 10 tegn.")).toBeVisible();
  await expect(page.getByLabel("Passord", { exact: true })).toBeFocused();

  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  // "Show the password" turns the field into plain text and back; the
  // form always sends it as a password field.
  const show = page.getByLabel("Vis passordet");
  await show.check();
  await expect(page.getByLabel("Passord", { exact: true })).toHaveAttribute("type", "text");
  await expect(page.getByLabel("Passord", { exact: true })).toHaveValue(PASSWORD);
  await show.uncheck();
  await expect(page.getByLabel("Passord", { exact: true })).toHaveAttribute("type", "password");
  await show.check();
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
  await expect(page.getByRole("navigation", { name: "Hovedmeny" })).toBeVisible();
  await expect(page).toHaveTitle("Knip");
  await hydrated(page);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Meg" }).click();
  await expect(page).toHaveURL(/\/app\/me$/);
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Logg ut og behold data" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await expectNoAxeViolations(page);

  // A wrong password gets the server's answer, shown in the form.
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("alert")).toContainText("E-post eller passord stemmer ikke");

  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
  await page.goto("/app/me");
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);

  // A taken email is explained in the register form.
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page.getByText("Det finnes allerede en konto")).toBeVisible();
  await expect(page.getByLabel("E-post")).toHaveAttribute("aria-invalid", "true");

  expect(errors).toEqual([]);
});

test("every app section renders and passes axe", async ({ page }) => {
  for (const path of ["/app/today", "/app/train", "/app/relax", "/app/learn", "/app/progress", "/app/me"]) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test("at 320 px with text at 200 % the tab bar keeps whole labels on one line and leaves the page readable", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/app/today");
  await hydrated(page);
  // Text at 200 % (set through the CSSOM: the page's CSP allows no inline style).
  await page.evaluate(() => document.documentElement.style.setProperty("font-size", "200%", "important"));
  const nav = page.getByRole("navigation");
  const navBox = await nav.boundingBox();
  expect(navBox!.height).toBeLessThan(640 / 3);
  const labels = nav.locator(".nav-label");
  const count = await labels.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    // One line: no taller than its own line height.
    const { height, lineHeight } = await labels.nth(i).evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.6,
    }));
    expect(height).toBeLessThanOrEqual(lineHeight * 1.2);
  }
  // Every section stays reachable: the bar scrolls sideways.
  await nav.getByRole("link").last().scrollIntoViewIfNeeded();
  await expect(nav.getByRole("link").last()).toBeInViewport();
  await expectNoAxeViolations(page);
});

test("without JavaScript on a phone: register, log out, log in, a wrong password", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const email = uniqueEmail("nojs");

  // No axe here: it runs as a script. The same pages pass it with scripts on.
  await page.goto("/");
  await page.getByRole("link", { name: "Jeg har allerede en konto" }).click();
  await page.getByRole("link", { name: "Ny her? Lag en konto" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord", { exact: true }).fill("kort");
  await page.getByLabel("Hva vil du kalles? (valgfritt)").fill("Kari");
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page.getByText("Passordet må ha minst 10 tegn.")).toBeVisible();
  // What was typed stays, except the password.
  await expect(page.getByLabel("E-post")).toHaveValue(email);
  await expect(page.getByLabel("Passord", { exact: true })).toHaveValue("");

  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);

  // The Me page's account section streams in after the page (a script
  // puts it in place), so without JavaScript the logout form is posted as
  // the browser would post it.
  const logout = await page.request.post("/logout", { form: { wipe: "no" }, maxRedirects: 0 });
  expect(logout.status()).toBe(303);
  expect(logout.headers()["location"]).toBe("/login");
  await page.goto("/login");

  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("alert")).toContainText("E-post eller passord stemmer ikke");
  await expect(page.getByLabel("E-post")).toHaveValue(email);

  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
  const me = await page.request.get("/api/me");
  expect((await me.json()).email).toBe(email);

  // The language picker works as a form, too.
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await context.close();
});

test("a patient downloads a copy of their data, then erases the account and the phone's copy", async ({ page }) => {
  const email = uniqueEmail("erase");
  await register(page, email);
  await page.goto("/app/me");
  await hydrated(page);

  // The copy: a JSON file with the account in it.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Last ned en kopi av dataene dine" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^knip-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(file.tables.users[0].email).toBe(email);
  expect(JSON.stringify(file)).not.toContain("$argon2");
  // The same as spreadsheet files: a zip of CSV files.
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Som tabeller for regneark" }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^knip-\d{4}-\d{2}-\d{2}-csv\.zip$/);
  const zip = readFileSync(await csv.path());
  expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  expect(zip.toString("utf8")).toContain(email);

  // The phone keeps a copy of the data until the account is erased.
  await page.goto("/app/me");
  await hydrated(page);
  expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBeGreaterThan(0);
  await page.getByText("Slett kontoen min", { exact: true }).click();
  await expectNoAxeViolations(page);

  // A wrong password erases nothing and says why.
  await page.getByLabel("Passordet ditt").fill("ikke mitt passord");
  await page.getByRole("button", { name: "Slett kontoen min for godt" }).click();
  await expect(page.getByText(/passord/i).first()).toBeVisible();
  await page.goto("/app/me");
  await hydrated(page);
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);

  await page.getByText("Slett kontoen min", { exact: true }).click();
  await page.getByLabel("Passordet ditt").fill(PASSWORD);
  await page.getByRole("button", { name: "Slett kontoen min for godt" }).click();
  await expect(page).toHaveURL(/\/\?erased=1$/);
  await expect(page.getByText("Kontoen din og alt i den er slettet.")).toBeVisible();
  // The browser cleared what Knip kept on the phone.
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
  // The account is gone.
  const response = await page.request.post("/api/auth/login", { data: { email, password: PASSWORD } });
  expect(response.status()).toBe(401);
});

test("log out on all my devices ends the session on the other phone too", async ({ page, browser }) => {
  const email = uniqueEmail("everywhere");
  await register(page, email);
  const other = await browser.newContext();
  const response = await other.request.post("/api/auth/login", { data: { email, password: PASSWORD } });
  expect(response.status()).toBe(200);
  expect((await other.request.get("/api/me")).status()).toBe(200);

  await page.goto("/app/me");
  await hydrated(page);
  await page.getByRole("button", { name: "Logg ut på alle enhetene mine" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await other.request.get("/api/me")).status()).toBe(401);
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await other.close();
});
