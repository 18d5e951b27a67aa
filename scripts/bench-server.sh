# Sourced by the benchmark scripts: starts the release server on
# 127.0.0.1:$1 with a fresh SQLite file, waits until it answers, and stops
# it when the script exits.
bench_server() {
  local port=$1 db
  db=$(mktemp -d)/bench.db
  DATABASE_URL="sqlite://$db?mode=rwc" KNIP_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
    target/release/server serve >/dev/null &
  BENCH_SERVER_PID=$!
  trap 'kill $BENCH_SERVER_PID 2>/dev/null' EXIT
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "the server did not start on port $port" >&2
  return 1
}
