import { test, expect, chromium } from "@playwright/test";
import { hydrated, expectNoAxeViolations, watchForErrors, uniqueEmail, storedCount, setShortDose, PASSWORD } from "./helpers";

async function controlledByServiceWorker(page: import("@playwright/test").Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test("after the first visit the app opens and moves between sections offline", async ({ page, context }) => {
  const errors = watchForErrors(page);
  await page.goto("/app/today");
  await hydrated(page);
  await controlledByServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("I dag");
  // Progress is another area: an ordinary page load, served by the worker.
  await page.getByRole("link", { name: "Fremgang" }).click();
  await expect(page).toHaveURL(/\/app\/progress$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fremgang");
  // A page never visited before also opens, from the precache.
  await page.goto("/app/relax");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Slapp av");
  await expectNoAxeViolations(page);
  await context.setOffline(false);
  // Offline, the browser logs the failed network attempts; nothing else may fail.
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
});

test("the service worker precaches the files of this build", async ({ page, request }) => {
  const sw = await (await request.get("/sw.js")).text();
  for (const file of ["/pkg/daily.wasm", "/pkg/daily.js", "/pkg/records.wasm", "/pkg/records.js", "/pkg/knip.css", "/manifest.webmanifest", "/icons/icon-512.png"]) {
    expect(sw).toContain(`"${file}"`);
  }
  expect(sw).toMatch(/const VERSION = "[0-9a-f]{16}"/);
  await page.goto("/app/today");
  await controlledByServiceWorker(page);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith("knip-"))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toEqual(expect.arrayContaining(["/pkg/daily.wasm", "/pkg/records.wasm", "/app/today", "/"]));
});

test("a patient's service worker fetches the patient's bundles and no other area's code", async ({ page, context }) => {
  const fetched: string[] = [];
  context.on("request", (request) => {
    if (request.serviceWorker()) fetched.push(new URL(request.url()).pathname);
  });
  await page.goto("/app/today");
  await hydrated(page);
  await controlledByServiceWorker(page);
  await expect.poll(() => fetched.filter((p) => p.startsWith("/pkg/")).sort()).toEqual([
    "/pkg/care.js",
    "/pkg/care.wasm",
    "/pkg/daily.js",
    "/pkg/daily.wasm",
    "/pkg/knip.css",
    "/pkg/records.js",
    "/pkg/records.wasm",
  ]);
  expect(fetched.filter((p) => /therapist|admin/.test(p))).toEqual([]);
});

test("offline across areas: the landing page, Today, a whole session on Train, Progress and Me, and the session syncs once", async ({ page, context }) => {
  const errors = watchForErrors(page);
  await page.goto("/register");
  await page.getByLabel("E-post").fill(uniqueEmail("areas-offline"));
  await page.getByLabel("Passord", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lag konto" }).click();
  await expect(page).toHaveURL(/\/app\/today$/);
  await hydrated(page);
  await controlledByServiceWorker(page);
  await page.clock.install();
  await setShortDose(page);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert");

  await context.setOffline(true);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/app/today");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("I dag");
  await page.goto("/app/train");
  await hydrated(page);
  await page.getByRole("button", { name: "Start økten" }).click();
  await page.clock.runFor(3_000 + 61_000 + 500);
  await expect(page.getByRole("heading", { name: "Bra jobbet! Økten er ferdig." })).toBeVisible();
  await expect.poll(() => storedCount(page, "sessions")).toBe(1);
  await page.getByRole("link", { name: "Se fremgangen" }).click();
  await expect(page).toHaveURL(/\/app\/progress$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fremgang");
  await expect(page.getByText("8 av 8 knip")).toBeVisible();
  await page.getByRole("link", { name: "Meg" }).click();
  await expect(page).toHaveURL(/\/app\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meg");
  await expectNoAxeViolations(page);

  await context.setOffline(false);
  await page.clock.runFor(2_000);
  await expect(page.getByTestId("sync-status")).toContainText("Synkronisert", { timeout: 20_000 });
  const response = await page.request.post("/api/sync", {
    data: { device_id: "0193a000-0000-4000-8000-000000000003", cursor: null, ops: [] },
  });
  const sessions = (await response.json()).changes.filter((c: any) => c.kind === "session.logged");
  expect(new Set(sessions.map((c: any) => c.payload.id)).size).toBe(1);
  expect(sessions[sessions.length - 1].payload.done_reps).toBe(8);
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
});

test("Chromium finds the app installable", async ({}, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  // Installability is only judged in a persistent profile, never in incognito.
  const context = await chromium.launchPersistentContext(testInfo.outputPath("profile"), {
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseURL}/app/today`);
    await controlledByServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    const { url, data } = await cdp.send("Page.getAppManifest");
    expect(url).toBe(`${baseURL}/manifest.webmanifest`);
    expect(JSON.parse(data!).short_name).toBe("Knip");
  } finally {
    await context.close();
  }
});

test("a new deploy is offered as an update, and the reload switches to it", async ({ page }) => {
  const { readFileSync, writeFileSync, existsSync } = await import("node:fs");
  const { brotliCompressSync, gzipSync } = await import("node:zlib");
  const { join } = await import("node:path");
  await page.goto("/app/today");
  await hydrated(page);
  await controlledByServiceWorker(page);

  // Deploy a "new version": the same files under a new service worker version.
  const site = join(__dirname, "..", "..", "target", "site");
  const files = ["sw.js", "sw.js.br", "sw.js.gz"].map((f) => join(site, f)).filter((f) => existsSync(f));
  const originals = files.map((f) => readFileSync(f));
  const source = readFileSync(join(site, "sw.js"), "utf8");
  const version = /const VERSION = "([^"]+)"/.exec(source)![1];
  const next = Buffer.from(source.replace(`const VERSION = "${version}"`, `const VERSION = "${version}-next"`));
  try {
    for (const f of files) {
      writeFileSync(f, f.endsWith(".br") ? brotliCompressSync(next) : f.endsWith(".gz") ? gzipSync(next) : next);
    }
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const bar = page.locator("#knip-update");
    await expect(bar).toContainText("En ny versjon av Knip er klar.");
    await expect(bar).toHaveAttribute("role", "status");
    await expectNoAxeViolations(page);

    const reloaded = page.waitForEvent("load");
    await page.getByRole("button", { name: "Last inn på nytt" }).click();
    await reloaded;
    await hydrated(page);
    // The old cache is gone; only the new version's remains.
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("knip-"))))
      .toEqual([`knip-${version}-next`]);
    await expect(page.locator("#knip-update")).toHaveCount(0);
  } finally {
    files.forEach((f, i) => writeFileSync(f, originals[i]));
  }
});
