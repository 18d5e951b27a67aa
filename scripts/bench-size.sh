#!/usr/bin/env bash
# Benchmark: the size of each area's bundle (raw, gzip, brotli), the bytes on
# the wire of a cold first visit to each page (HTML, WASM, JS, CSS, icons),
# and what a patient's service worker precaches, against a fresh release
# server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh --browser

printf '\n%-22s %10s %10s %10s\n' file raw gzip brotli
for f in target/site/pkg/daily.wasm target/site/pkg/daily.js target/site/pkg/records.wasm target/site/pkg/records.js target/site/pkg/care.wasm target/site/pkg/care.js target/site/pkg/knip.css; do
  printf '%-22s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done
echo
node scripts/check-size.mjs target/site || true

# What the service worker precaches: its files as sent (brotli where the
# build has it) plus the pages it keeps.
node --input-type=module <<'JS'
import { readFileSync, statSync, existsSync } from "node:fs";
const sw = readFileSync("target/site/sw.js", "utf8");
const assets = JSON.parse(/const ASSETS = (\[.*?\]);/.exec(sw)[1]);
let total = 0;
for (const url of assets) {
  const file = "target/site" + url;
  total += existsSync(file + ".br") ? statSync(file + ".br").size : statSync(file).size;
}
console.log(`\nPrecached by the service worker of a patient: ${assets.length} files, ${total} B (${(total / 1024).toFixed(1)} KiB) as sent, plus the pages`);
console.log(`FIGURE|precached by a patient's service worker|${(total / 1000).toFixed(1)} KB in ${assets.length} files, plus the pages|`);
JS

source scripts/bench-server.sh
bench_server 3199
base=http://127.0.0.1:3199
(cd end2end && node bench/first-load.mjs $base/ $base/login $base/app/today $base/app/train $base/app/progress)
