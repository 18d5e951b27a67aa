# The two commands of the README. Everything else lives in scripts/.
.PHONY: run test build bench bench-load bench-size bench-lighthouse bench-sync bench-pull bench-cues bench-strain bench-dashboard

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

build:
	bash scripts/build.sh

bench:
	bash scripts/bench.sh

bench-load:
	bash scripts/bench-load.sh

bench-size:
	bash scripts/bench-size.sh

bench-lighthouse:
	bash scripts/bench-lighthouse.sh

bench-sync:
	cargo run --release -p server --example bench_sync

bench-dashboard:
	cargo run --release -p server --example bench_dashboard

bench-pull:
	cargo run --release -p server --example bench_pull

bench-cues:
	bash scripts/bench-cues.sh

bench-strain:
	cargo build --release -p server --bin server
	cargo run --release -p server --example bench_strain
