#!/usr/bin/env bash
# Benchmark: cue timing of a ~10-minute guided session in real Chromium
# (takes as long as the session). `scripts/bench-cues.sh short` runs a 1-minute one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh --browser

source scripts/bench-server.sh
bench_server 3198
(cd end2end && node bench/cue-timing.mjs http://127.0.0.1:3198 "${1:-}")
