#!/usr/bin/env bash
# Benchmark: size of the release WASM/JS/CSS (raw, gzip, brotli) and the
# first-load transfer of the landing page, against a fresh release server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh --browser

printf '\n%-22s %10s %10s %10s\n' file raw gzip brotli
for f in target/site/pkg/knip.wasm target/site/pkg/knip.js target/site/pkg/knip.css; do
  printf '%-22s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done

source scripts/bench-server.sh
bench_server 3199
(cd end2end && node bench/first-load.mjs http://127.0.0.1:3199/ http://127.0.0.1:3199/app/today http://127.0.0.1:3199/app/train)
