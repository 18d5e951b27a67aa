#!/usr/bin/env bash
# Release build of the server and the WASM, then precompressed assets.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh "$@"
cargo leptos build --release
bash scripts/bundles.sh
node scripts/gen-sw.mjs target/site
node scripts/precompress.mjs target/site
