// Benchmark: what a phone downloads on the first visit to a page, as
// Chromium reports it (bytes on the wire, after compression).
// Usage: node bench/first-load.mjs http://127.0.0.1:3000/ [more URLs…]
import { chromium } from "@playwright/test";

const urls = process.argv.slice(2);
if (urls.length === 0) urls.push("http://127.0.0.1:3000/");

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const url of urls) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "nb-NO" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const byRequest = new Map();
  cdp.on("Network.responseReceived", (e) => byRequest.set(e.requestId, { url: e.response.url, encoding: e.response.headers["content-encoding"] ?? "-" }));
  cdp.on("Network.loadingFinished", (e) => {
    const entry = byRequest.get(e.requestId);
    if (entry) entry.bytes = e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: "networkidle" });
  // A public page has no WASM; an app page is done once it has hydrated.
  await page.waitForFunction(() => document.body.dataset.hydrated === "true" || document.body.dataset.area === "public");
  let total = 0;
  console.log(`\n${url}`);
  for (const { url: u, bytes = 0, encoding } of byRequest.values()) {
    total += bytes;
    console.log(`  ${String(bytes).padStart(8)} B  ${encoding.padEnd(4)} ${new URL(u).pathname}`);
  }
  console.log(`  ${String(total).padStart(8)} B  total (${(total / 1024).toFixed(1)} KiB) on the wire`);
  // For scripts/bench.sh's table.
  const path = new URL(url).pathname;
  const goal = path === "/" || path === "/login" ? "≤ 50 KB" : path === "/app/today" ? "≤ 150 KB" : "";
  console.log(`FIGURE|bytes on the wire, cold first visit to ${path}|${(total / 1000).toFixed(1)} KB|${goal}`);
  await context.close();
}
await browser.close();
