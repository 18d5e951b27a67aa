#!/usr/bin/env bash
# The WASM bundles of the hydrated areas (app/src/routes.rs), after
# `cargo leptos build --release` has built the server, the CSS and the daily
# loop's bundle (pkg/knip.*, renamed here to pkg/daily.*).
#
# The other areas are built the way cargo-leptos builds its library: the same
# cargo flags, profile, target directory and environment (so no crate is
# rebuilt for a changed variable), then wasm-bindgen, wasm-opt and a JS
# minifier (terser, from end2end's npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=target/site
PKG="$SITE/pkg"
FRONT_TARGET=target/front
PROFILE=wasm-release

mv -f "$PKG/knip.js" "$PKG/daily.js"
mv -f "$PKG/knip.wasm" "$PKG/daily.wasm"

# What cargo-leptos sets for its library build (see its Project::to_envs).
export LEPTOS_OUTPUT_NAME=knip LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend \
  LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=false

for area in records care; do
  cargo build --package=frontend --lib --target-dir="$FRONT_TARGET" \
    --target=wasm32-unknown-unknown --no-default-features --features="$area" --profile="$PROFILE"
  wasm-bindgen --target=web --no-typescript --out-name="$area" --out-dir="$PKG" \
    "$FRONT_TARGET/wasm32-unknown-unknown/$PROFILE/frontend.wasm"
  mv -f "$PKG/${area}_bg.wasm" "$PKG/$area.wasm"
  # cargo-leptos minifies the JS of the bundle it builds; this one the same
  # way (records.js: 7,994 -> 6,178 B brotli).
  terser "$PKG/$area.js" --module --compress --mangle -o "$PKG/$area.js"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$PKG/$area.wasm" -o "$PKG/$area.wasm"
done
