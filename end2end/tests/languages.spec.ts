import { test, expect } from "@playwright/test";
import { hydrated, register, uniqueEmail, watchForErrors, expectNoAxeViolations, PASSWORD } from "./helpers";

const languages = [
  { button: "Nynorsk", lang: "nn", register: "Lag ein konto", email: "E-post", password: "Passord", submit: "Lag konto", me: "Meg", signedIn: "Logga inn som" },
  { button: "English", lang: "en", register: "Create an account", email: "Email", password: "Password", submit: "Create account", me: "Me", signedIn: "Logged in as" },
  { button: "Bokmål", lang: "nb", register: "Lag en konto", email: "E-post", password: "Passord", submit: "Lag konto", me: "Meg", signedIn: "Logget inn som" },
];

for (const l of languages) {
  test(`switch to ${l.button}, register and see the app in it`, async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto("/register");
    await hydrated(page);
    await page.getByRole("button", { name: l.button }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", l.lang);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(l.register);
    await expect(page.getByRole("button", { name: l.button })).toHaveAttribute("aria-pressed", "true");
    await expectNoAxeViolations(page);

    // The choice is remembered across a reload.
    await page.reload();
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("lang", l.lang);

    await page.getByLabel(l.email, { exact: true }).fill(uniqueEmail(l.lang));
    await page.getByLabel(l.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: l.submit }).click();
    await expect(page).toHaveURL(/\/app\/today$/);
    await page.getByRole("link", { name: l.me, exact: true }).click();
    await expect(page.getByText(l.signedIn)).toBeVisible();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });
}

test("the browser's language is used on the first visit", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("three short rounds a day");
  await context.close();
});

test("a language chosen on a hydrated page holds in the other areas", async ({ page }) => {
  const errors = watchForErrors(page);
  await register(page, uniqueEmail("lang-me"));
  await page.goto("/app/me");
  await hydrated(page);
  // Applied at once, without a page load ...
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText("Logged in as")).toBeVisible();
  // ... and kept for the next page, which another area's bundle renders.
  await page.goto("/app/today");
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Me", exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});
