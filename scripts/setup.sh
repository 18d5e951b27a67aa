#!/usr/bin/env bash
# Installs what building and testing Knip needs, skipping whatever is
# already there. Safe to run again and again.
#   scripts/setup.sh            tools for building the app
#   scripts/setup.sh --browser  also Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The two build tools are compiled with a quick profile: they only drive
# other programs, and an optimised, link-time-optimised build of them took
# 22 minutes of a fresh machine's 2 cores (CI has 90 minutes in all).
quick_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false cargo install "$@"
}

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (once)"
  quick_install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  quick_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages: wasm-opt (binaryen 132; Debian's older one breaks hydration)
# and the Playwright test runner with axe.
if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "Installing npm packages (binaryen, Playwright, axe)"
  (cd end2end && npm ci --no-audit --no-fund)
fi
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

# Schemathesis (pinned), which fuzzes the JSON API from its OpenAPI
# document in `make test`, in a virtualenv of its own.
SCHEMATHESIS_VERSION=4.32.5
if ! target/tools/schemathesis/bin/st --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "Installing schemathesis $SCHEMATHESIS_VERSION"
  python3 -m venv target/tools/schemathesis
  target/tools/schemathesis/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "Installing Debian's Chromium for the browser tests"
  as_root apt-get install -y --no-install-recommends chromium ||
    { as_root apt-get update && as_root apt-get install -y --no-install-recommends chromium; }
fi
