# Folio: make run (the sync server), make test (the test suite), make bench (benchmarks), make fuzz (fuzzing).
SWIFT ?= swift
DATA ?= ./data
HOST ?= 127.0.0.1
PORT ?= 8080
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = wire rules bundle import extract
FUZZ_BUILD = $(SWIFT) build --package-path Fuzz -c release --scratch-path .build-fuzz \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

PREFIX ?= /usr/local
CONFIG ?= release

.PHONY: run build test soak deps bench bench-tiny bench-postgres-floor fuzz fuzz-build clean install

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

## The sync property test with 10,000 random schedules instead of 1,000, and its slice through the
## real server core with 1,000 per store instead of 25 (about 20 minutes; not run by CI).
soak: deps
	$(SWIFT) build --build-tests
	FOLIO_SYNC_SCHEDULES=$${FOLIO_SYNC_SCHEDULES:-10000} FOLIO_SERVER_SYNC_SCHEDULES=$${FOLIO_SERVER_SYNC_SCHEDULES:-1000} \
		$(SWIFT) test --skip-build --filter SyncPropertyTests

## Benchmarks at 1,000, 10,000 and 100,000 articles (release builds; ~25 min); rewrites BENCHMARKS.md.
bench: deps
	bench/run.sh

## The same benchmark code at 200 articles, one run; writes bench-out/BENCHMARKS-tiny.md.
bench-tiny: deps
	bench/run.sh --tiny

## What PostgreSQL alone spends per one-change sync: a push's statements through pgbench, with no
## folio-server in the way (about 2 minutes; needs Debian's postgresql; bench/analysis.md §22).
bench-postgres-floor:
	bench/postgres-floor.sh

## Build the libFuzzer targets of Fuzz/ (release, address sanitizer) into .build-fuzz/.
fuzz-build: deps
	@if [ -f Package.resolved ] && [ ! -f Fuzz/Package.resolved ]; then cp Package.resolved Fuzz/Package.resolved; fi
	$(FUZZ_BUILD)

## Every fuzz target for FUZZ_SECONDS seconds (default 600), one after another (not run by CI); new
## inputs go to .build-fuzz/corpus/<target>, crashing ones to .build-fuzz/crashes/<target>/.
fuzz: fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$t .build-fuzz/crashes/$$t; \
		echo "== fuzz-$$t, $(FUZZ_SECONDS) s"; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp ./.build-fuzz/release/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 -timeout=30 \
			-artifact_prefix=.build-fuzz/crashes/$$t/ .build-fuzz/corpus/$$t Fuzz/Corpus/$$t \
			$$(if [ $$t = import ]; then echo Tests/FolioInterchangeTests/ImportFixtures; fi) || status=1; \
	done; exit $$status

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

## Install folio and folio-server under PREFIX (default /usr/local; DESTDIR for packaging) with
## man pages (one per command) and bash, zsh and fish completions. CONFIG=debug installs the
## debug build (CI uses it to check this target without a release build).
install: deps
	$(SWIFT) build -c $(CONFIG) --product folio
	$(SWIFT) build -c $(CONFIG) --product folio-server
	$(SWIFT) build -c $(CONFIG) --product generate-manual
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	@for tool in folio folio-server; do \
		install -m 755 .build/$(CONFIG)/$$tool "$(DESTDIR)$(PREFIX)/bin/$$tool" && \
		.build/$(CONFIG)/generate-manual .build/$(CONFIG)/$$tool --multi-page --output-directory "$(DESTDIR)$(PREFIX)/share/man/man1" && \
		.build/$(CONFIG)/$$tool --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$tool" && \
		.build/$(CONFIG)/$$tool --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$tool" && \
		.build/$(CONFIG)/$$tool --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$tool.fish" || exit 1; \
	done
	chmod 644 "$(DESTDIR)$(PREFIX)"/share/man/man1/folio*.1 "$(DESTDIR)$(PREFIX)"/share/bash-completion/completions/folio* \
		"$(DESTDIR)$(PREFIX)"/share/zsh/site-functions/_folio* "$(DESTDIR)$(PREFIX)"/share/fish/vendor_completions.d/folio*
	@echo "Installed folio and folio-server in $(DESTDIR)$(PREFIX)/bin, with man pages (man folio) and shell completions."

## schemathesis --checks all against Protocol/openapi.yaml and a throwaway debug server on 127.0.0.1
## with a logged-in device token, for API_FUZZ_MAX_TIME seconds (default 600; not run by CI, which
## runs 90 s of it); reports and the server log go to .build-apifuzz/runs/ (Fuzz/README.md).
API_FUZZ_MAX_TIME ?= 600
API_FUZZ_EXAMPLES ?= 100
.PHONY: api-fuzz
api-fuzz: deps
	$(SWIFT) build --product folio-server
	API_FUZZ_MAX_TIME=$(API_FUZZ_MAX_TIME) API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) API_FUZZ_SERVER=.build/debug/folio-server Fuzz/api/run.sh
