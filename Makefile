# The two commands of the README. Everything else lives in scripts/.
.PHONY: run test build bench-size

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

build:
	bash scripts/build.sh

bench-size:
	bash scripts/bench-size.sh
