// The size budgets of the WASM bundles, checked on the built, compressed
// files (brotli, as the server sends them): `make test` fails when a bundle
// grows past its ceiling. Usage: node scripts/check-size.mjs [target/site]
//
// `goal` is what DESIGN §9 and issue #9 ask for; `ceiling` is what the build
// may not exceed today (a ratchet: lower it whenever a change saves bytes,
// never raise it without saying why in the commit).
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? "target/site";
const budgets = JSON.parse(readFileSync(new URL("./size-budgets.json", import.meta.url), "utf8"));
const size = (file) => statSync(join(root, "pkg", file)).size;

let failed = false;
console.log(`${"bundle".padEnd(10)} ${"wasm+js br".padStart(12)} ${"ceiling".padStart(10)} ${"goal".padStart(10)}  raw wasm`);
for (const [bundle, { ceiling, goal }] of Object.entries(budgets.bundles)) {
  const brotli = size(`${bundle}.wasm.br`) + size(`${bundle}.js.br`);
  const over = brotli > ceiling;
  failed ||= over;
  const note = over ? "  OVER THE CEILING" : brotli > goal ? `  ${brotli - goal} B above the goal` : "  within the goal";
  console.log(`${bundle.padEnd(10)} ${String(brotli).padStart(12)} ${String(ceiling).padStart(10)} ${String(goal).padStart(10)}  ${size(`${bundle}.wasm`)}${note}`);
}
if (failed) {
  console.error("\nA bundle grew past its budget (scripts/size-budgets.json). Measure per function what grew (wasm-opt --func-metrics) and take it out again.");
  process.exit(1);
}
