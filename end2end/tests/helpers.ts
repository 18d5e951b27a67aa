import { expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";

/** Waits until the WASM has taken over the server-rendered page; a public
 * page (landing, log in, register) has no WASM and is ready as it loads. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === "true" || document.body.dataset.area === "public");
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, "axe violations").toEqual([]);
}

/** The password every test account uses (long enough, not a common one). */
export const PASSWORD = "fjell og fjord i sol";

/** Registers through the register page and lands on Today. */
export async function register(page: Page, email: string) {
  await page.goto("/register");
  await hydrated(page);
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
}

/** Everything of `kind` the server holds, as a new device of the same user pulls it. */
export async function serverChanges(page: Page, kind: string) {
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-0000000000f1", cursor: null, ops: [] },
  });
  expect(response.status()).toBe(200);
  const body = await response.json();
  return body.changes.filter((c: any) => c.kind === kind);
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.no`;
}

/** Collects console errors and CSP violations, to assert none happened. */
export function watchForErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (msg) => {
    // Expected API refusals (401, 409, …) show up as resource errors; anything else counts.
    if (msg.type() === "error" && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** How many records one of the phone's IndexedDB stores holds. */
export function storedCount(page: Page, store: string) {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("knip");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction(name).objectStore(name).count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
    store,
  );
}

/** A short test dose: one round of 8 squeezes held 2 s, rest 3 s (61 s). */
export async function setShortDose(page: Page) {
  await page.goto("/app/train");
  await hydrated(page);
  await page.getByText("Tilpass dosen").click();
  await page.getByLabel("Knip i hver runde").selectOption("8");
  await page.getByLabel("Runder om dagen").selectOption("1");
  await page.getByLabel("Sekunder å holde").selectOption("2");
  await page.getByLabel("Sekunder hvile").selectOption("3");
  await page.getByRole("button", { name: "Lagre dosen" }).click();
  await expect(page.getByText("Dosen er lagret.")).toBeVisible();
  await expect(page.getByText("8 knip i hver runde, 1 runde")).toBeVisible();
}

/** A therapist account, made as a clinic makes one (`server user create`),
 * on the suite's database. */
export function createTherapist(email: string, role: "therapist" | "admin" = "therapist") {
  execFileSync("../target/release/server", ["user", "create", "--email", email, "--role", role], {
    input: `${PASSWORD}\n`,
    env: { ...process.env, DATABASE_URL: `sqlite://${process.env.KNIP_E2E_DATABASE}?mode=rwc`, RUST_LOG: "warn" },
  });
}

/** Logs in through the log-in form. */
export async function logIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
}

/** A full-page screenshot for a review or a closing note, saved only when
 * KNIP_SCREENS names a folder (`KNIP_SCREENS=/tmp/shots npx playwright test`). */
export async function shot(page: Page, name: string) {
  const dir = process.env.KNIP_SCREENS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
