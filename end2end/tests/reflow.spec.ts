import { test, expect, type Page } from "@playwright/test";
import { hydrated, register, uniqueEmail, expectNoAxeViolations, setShortDose, shot } from "./helpers";

// WCAG 1.4.4 and 1.4.10: at 320 px wide, with text at 200 %, every page
// reads without sideways scrolling and nothing is cut off.

/** Text at 200 % (through the CSSOM: the page's CSP allows no inline style). */
async function largeText(page: Page) {
  await page.evaluate(() => document.documentElement.style.setProperty("font-size", "200%", "important"));
}

/** What sticks out of the screen: the page itself, or anything on it outside
 * the parts meant to scroll sideways (tables, the tab bar). */
async function expectNothingClipped(page: Page) {
  const problems = await page.evaluate(() => {
    // The screen's width, not the layout's: a phone widens its layout
    // viewport to fit what sticks out, and the fixed tab bar follows it.
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("main *"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (el.closest(".table-scroll, .visually-hidden, [hidden]")) continue;
      const name = `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""}`;
      if (box.right > width + 1 || box.left < -1) {
        found.push(`${name} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
      // A field too narrow for what it holds.
      if (el instanceof HTMLInputElement && el.type !== "checkbox" && el.type !== "radio" && el.scrollWidth > el.clientWidth + 1) {
        found.push(`${name} (${el.type}) shows ${el.clientWidth} of ${el.scrollWidth} px`);
      }
    }
    return found.slice(0, 12);
  });
  expect(problems).toEqual([]);
}

/** The skip link stays out of sight until it has focus. */
async function expectSkipLinkHidden(page: Page) {
  const skip = page.locator(".skip-link");
  if ((await skip.count()) === 0) return;
  const box = await skip.boundingBox();
  if (box) expect(box.y + box.height).toBeLessThanOrEqual(0);
}

test("at 320 px with text at 200 %: Today, Train, a session, the diary and Me read whole", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await register(page, uniqueEmail("reflow"));
  await page.clock.install();
  await setShortDose(page);
  for (const path of ["/app/today", "/app/train", "/app/diary", "/app/me"]) {
    await page.goto(path);
    await hydrated(page);
    await largeText(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNothingClipped(page);
    await expectSkipLinkHidden(page);
    await shot(page, `320-200${path.replaceAll("/", "-")}`);
    // Every tab can be reached.
    const nav = page.getByRole("navigation").last();
    for (const link of await nav.getByRole("link").all()) {
      await link.scrollIntoViewIfNeeded();
      await expect(link).toBeInViewport();
    }
    // …and the bar leaves the page most of the screen (it took a fifth).
    const bar = await nav.boundingBox();
    expect(bar?.height ?? 0).toBeLessThanOrEqual(640 * 0.15);
  }
  await expectNoAxeViolations(page);

  // A session: the countdown stays in view from the start.
  await page.goto("/app/train");
  await hydrated(page);
  await largeText(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await expect(page.locator(".player-time")).toBeInViewport();
  await page.clock.runFor(3_500);
  await expect(page.locator(".player-time")).toBeInViewport();
  await expect(page.locator(".player-step")).toBeInViewport();
  await expectNothingClipped(page);
  await shot(page, "320-200-session");
});
