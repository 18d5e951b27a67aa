#!/usr/bin/env bash
# `make bench`: every benchmark in one run on this machine, then one table of
# their figures (the `FIGURE|name|value|goal` lines they print). Each
# benchmark's whole output is kept in target/bench/NAME.log. Takes about
# half an hour on 2 cores (the 10,000-patient PostgreSQL dashboard and the
# two load runs are most of it).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p target/bench
rm -f target/bench/*.log

failed=()
run() {
  local name=$1
  shift
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  if ! "$@" 2>&1 | tee "target/bench/$name.log"; then failed+=("$name"); fi
}
run size bash scripts/bench-size.sh
run lighthouse bash scripts/bench-lighthouse.sh
run sync cargo run --release -p server --example bench_sync
run dashboard cargo run --release -p server --example bench_dashboard
run load bash scripts/bench-load.sh

table=target/bench/table.md
{
  echo "Measured $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB; client and server on the same machine."
  echo
  echo "| figure | measured | goal |"
  echo "|---|---|---|"
  grep -h '^FIGURE|' target/bench/*.log | awk -F'|' '{ printf "| %s | %s | %s |\n", $2, $3, $4 }'
} >"$table"
printf '\n'
cat "$table"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]} (see target/bench/*.log)" >&2
  exit 1
fi
