#!/usr/bin/env bash
# Sets everything up, builds the release and serves Knip on a SQLite file.
#   DATABASE_URL  default sqlite://knip.db?mode=rwc
#   KNIP_ADDR     default 127.0.0.1:3000
#   KNIP_DEMO=1   seed a demo clinic first (see `server demo`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh
export LEPTOS_SITE_ROOT="$PWD/target/site"
export DATABASE_URL="${DATABASE_URL:-sqlite://knip.db?mode=rwc}"
export KNIP_ADDR="${KNIP_ADDR:-127.0.0.1:3000}"
target/release/server migrate
# KNIP_DEMO=1: a demo clinic (a therapist, 30 patients with a year of
# history) to look around in; prints the logins.
if [ "${KNIP_DEMO:-}" = 1 ]; then target/release/server demo; fi
echo
echo "Open http://$KNIP_ADDR in your browser (Ctrl-C stops the server)."
exec target/release/server serve
