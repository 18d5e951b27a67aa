#!/usr/bin/env bash
# Benchmark: cue timing of a ~10-minute guided session in real Chromium
# (takes as long as the session). `scripts/bench-cues.sh short` runs a 1-minute one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh --browser

db=$(mktemp -d)/bench.db
DATABASE_URL="sqlite://$db?mode=rwc" KNIP_ADDR=127.0.0.1:3198 LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  target/release/server serve >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:3198/healthz >/dev/null && break; sleep 0.2; done
(cd end2end && node bench/cue-timing.mjs http://127.0.0.1:3198 "${1:-}")
