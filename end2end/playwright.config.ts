import { defineConfig, devices } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.KNIP_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// A fresh SQLite file for every run of the suite. Kept in the environment, so
// the workers (which load this file again) and the tests that make staff
// accounts with `server user create` name the same file.
const database = (process.env.KNIP_E2E_DATABASE ??= join(tmpdir(), `knip-e2e-${process.pid}-${Date.now()}.db`));

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "phone", use: { ...devices["Pixel 7"], browserName: "chromium", locale: "nb-NO" } },
  ],
  webServer: {
    command: "../target/release/server serve",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: `sqlite://${database}?mode=rwc`,
      KNIP_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn",
      // The suite registers and logs in dozens of accounts from one address;
      // the limit itself is tested in server/tests/api.
      KNIP_PASSWORD_BURST: "1000",
    },
  },
});
