import { test, expect } from "@playwright/test";
import { hydrated, expectNoAxeViolations } from "./helpers";

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
  await page.goto("/learn/pelvic-floor/3");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vanlig, og det finnes hjelp");
  await expect(page.getByRole("link", { name: "Ferdig" })).toBeVisible();
  await context.setOffline(false);
});
