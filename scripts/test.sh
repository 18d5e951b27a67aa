#!/usr/bin/env bash
# Every check CI runs: format, lints (server and WASM), Rust tests on SQLite
# and PostgreSQL, and the browser tests against a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --browser
# A CI run builds everything once: incremental caches would only cost disk.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi

# Each step says how long the run has taken so far: CI has 90 minutes.
say() { printf '\033[1;34m==>\033[0m [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

say "Formatting"
cargo fmt --all --check

say "Clippy: server (ssr)"
cargo clippy -p server -p app --features app/ssr --all-targets -- -D warnings
say "Clippy: WASM (hydrate), one bundle per area"
for area in daily records care; do
  cargo clippy -p frontend --target wasm32-unknown-unknown --features "$area" -- -D warnings
done

PG_URL="${KNIP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is required under CI=true but nothing listens on 127.0.0.1:5432." >&2
    exit 1
  fi
  printf '\n\033[1;31m!!! PostgreSQL is not reachable at %s: the PostgreSQL half of the tests will be SKIPPED !!!\033[0m\n\n' "$PG_URL"
fi

say "Rust tests (domain, app)"
cargo test -p app --features ssr
say "Rust tests (server, on SQLite and PostgreSQL)"
cargo test -p server

say "Release build for the browser tests"
cargo leptos build --release
bash scripts/bundles.sh
node scripts/gen-sw.mjs target/site
node scripts/precompress.mjs target/site
say "Bundle sizes against their budgets"
node scripts/check-size.mjs target/site

say "Schemathesis: the API fuzzed from its OpenAPI document (SQLite, PostgreSQL)"
bash scripts/schemathesis.sh sqlite
bash scripts/schemathesis.sh postgres

say "Browser tests (Playwright in Chromium)"
(cd end2end && npx playwright test)
say "All checks passed"
