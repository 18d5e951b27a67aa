#!/usr/bin/env bash
# Schemathesis against the release server: the API's own OpenAPI document
# (GET /api/openapi.json) drives examples, coverage, fuzzing (valid and
# invalid data) and stateful sequences, signed in as a patient, a linked
# therapist and an admin, with every check on. No 5xx, every answer as
# documented. Needs target/release/server (make test builds it first) and
# the pinned schemathesis that scripts/setup.sh installs.
#   scripts/schemathesis.sh [sqlite|postgres]   (default: sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."
ST=target/tools/schemathesis/bin/st
backend=${1:-sqlite}

dir=$(mktemp -d)
if [ "$backend" = postgres ]; then
  admin_url=${KNIP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
  name=knip_st_$$
  psql "$admin_url" -qc "CREATE DATABASE $name"
  db_url="${admin_url%/*}/$name"
  cleanup_db() { psql "$admin_url" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null; }
else
  db_url="sqlite://$dir/knip.db?mode=rwc"
  cleanup_db() { :; }
fi
export DATABASE_URL=$db_url RUST_LOG=error KNIP_PASSWORD_BURST=100000

target/release/server migrate >/dev/null
pw="fjell og fjord i sol"
echo "$pw" | target/release/server user create --email fysio@example.no --role therapist >/dev/null
echo "$pw" | target/release/server user create --email admin@example.no --role admin >/dev/null

target/release/server serve --addr 127.0.0.1:0 >"$dir/out" 2>"$dir/err" &
pid=$!
trap 'kill $pid 2>/dev/null; cleanup_db; rm -rf "$dir"' EXIT
for _ in $(seq 100); do grep -q http "$dir/out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$dir/out" | head -1)

# A session cookie for each role (the value of knip_session).
cookie_of() { grep -io 'knip_session=[^;]*' | head -1; }
patient=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d "{\"email\":\"kari@example.no\",\"password\":\"$pw\"}" "$base/api/auth/register" | cookie_of)
login() {
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$pw\"}" "$base/api/auth/login" | cookie_of
}
therapist=$(login fysio@example.no)
admin=$(login admin@example.no)
# The patient links with the therapist and consents, so the therapist's
# patient routes have someone to show.
code=$(curl -s -X POST -H "cookie: $therapist" "$base/api/therapist/invites" | sed 's/.*"code":"\([^"]*\)".*/\1/')
link=$(curl -s -H "cookie: $patient" -H 'content-type: application/json' -d "{\"code\":\"$code\"}" "$base/api/links" | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST -H "cookie: $patient" "$base/api/links/$link/consent" >/dev/null

status=0
# The patient last: its run may revoke the link the therapist reads through.
for role in therapist admin patient; do
  printf '\n==> schemathesis as the %s (%s)\n' "$role" "$backend"
  # Logging out (and erasing the account) would end the session the rest of
  # the run signs in with; the account and e2e tests cover them.
  KNIP_SESSION=${!role#*=} "$ST" --config-file scripts/schemathesis.toml run "$base/api/openapi.json" \
    --checks all \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "${KNIP_ST_EXAMPLES:-25}" \
    --seed 1 \
    --workers 1 \
    --exclude-path /api/auth/logout \
    --exclude-path /api/auth/logout-everywhere \
    --exclude-path /api/account \
    --request-timeout 20 \
    --suppress-health-check all \
    --warnings off \
    --report junit,har --report-dir "target/schemathesis/$backend-$role" || status=1
done
# Any panic of the server fails the run, but one: a task of a page's server
# render that reads one of the page's signals after the page's answer was
# dropped ("already been disposed"; schemathesis' probe of an unknown path
# only wants the status). Its one known source, leptos_i18n's cookie effect,
# is patched (vendor/README.md) and no run has shown it since; should another
# Leptos task do the same, the answer was already given (schemathesis still
# checks every answer), so it is shown and counted here, not hidden.
panics=$(grep -c "panicked at" "$dir/err" || true)
disposed=$(grep -cx "Tried to access a reactive value that has already been disposed." "$dir/err" || true)
if [ "$panics" -gt 0 ]; then
  grep -A1 "panicked at" "$dir/err" >&2
  if [ "$panics" -ne "$disposed" ]; then
    echo "the server panicked during the run ($panics panics, $disposed of them the known Leptos one)" >&2
    status=1
  else
    echo "warning: $panics times the known Leptos panic of a dropped page render (#9); no other panic" >&2
  fi
fi
exit $status
