#!/usr/bin/env bash
# Benchmark: 1,000 simulated phones syncing against the release server, on
# SQLite and on two server processes sharing one PostgreSQL (bench/load,
# goose). Builds the release server and the load generator first; the load
# generator is not part of the workspace, so `make test` never builds it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p server --bin server
cargo build --release --manifest-path bench/load/Cargo.toml --target-dir target/bench-load
# 1,000 phones keep 1,000 connections to a server, and goose as many.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec target/bench-load/release/knip-load "$@"
