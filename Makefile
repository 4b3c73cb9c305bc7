# Folio: make run (the sync server), make test (the test suite), make bench (benchmarks).
SWIFT ?= swift
DATA ?= ./data
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run build test soak deps bench bench-tiny clean

## Install what is missing, build in release mode and start the sync server.
run: build
	@echo
	@echo "Add a user:       .build/release/folio-server user add alice --data $(DATA)"
	@echo "Connect a device: .build/release/folio login --server http://$(HOST):$(PORT) --user alice"
	@echo
	.build/release/folio-server serve --host $(HOST) --port $(PORT) --data $(DATA)

## Build both executables in release mode.
build: deps
	$(SWIFT) build -c release --product folio-server
	$(SWIFT) build -c release --product folio

## The whole test suite (what CI runs), then the benchmark code at a tiny size (debug build) to
## check it still runs; that step is skipped when ../shared/data is absent.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	@if [ -d ../shared/data/extraction-dev/html ]; then \
		mkdir -p bench-out && .build/debug/folio-bench --tiny --output bench-out/BENCHMARKS-tiny.md --command "make test"; \
	else echo "tiny benchmark skipped: ../shared/data/extraction-dev is not present"; fi

## The sync property test with 50,000 random schedules instead of 1,000 (about an hour; not run by CI).
soak: deps
	$(SWIFT) build --build-tests
	FOLIO_SYNC_SCHEDULES=$${FOLIO_SYNC_SCHEDULES:-50000} $(SWIFT) test --skip-build --filter SyncPropertyTests

## Benchmarks at 1,000, 10,000 and 100,000 articles (release builds; ~20 min); rewrites BENCHMARKS.md.
bench: deps
	bench/run.sh

## The same benchmark code at 200 articles, one run; writes bench-out/BENCHMARKS-tiny.md.
bench-tiny: deps
	bench/run.sh --tiny

## System libraries Folio builds against (Debian package names).
deps:
	@missing=""; for p in libsqlite3-dev libxml2-dev libzstd-dev; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

clean:
	rm -rf .build
