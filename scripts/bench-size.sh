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

db=$(mktemp -d)/bench.db
DATABASE_URL="sqlite://$db?mode=rwc" KNIP_ADDR=127.0.0.1:3199 LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  target/release/server serve >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:3199/healthz >/dev/null && break; sleep 0.2; done
(cd end2end && node bench/first-load.mjs http://127.0.0.1:3199/ http://127.0.0.1:3199/app/today http://127.0.0.1:3199/app/train)
