# Makefile - thin wrapper around Meson for the README commands.
#   make run    build (server and web UI), load demo deliveries, make demo accounts,
#               serve on 127.0.0.1:8080
#   make test   unit + integration tests, again under ASan/UBSan, the PostgreSQL
#               tests on a cluster of their own, short fuzz runs, browser tests of
#               the web UI in headless Chromium, the NL API Design Rules lint of the
#               OpenAPI document
#   make test-pg  the PostgreSQL suites (PG_SUITES) on a temporary cluster, and the
#               browser tests in PG_E2E through two instances behind HAProxy
#   make bench  the import benchmark (bench/README.md); make bench-termijn: 1M terms on one day;
#               make bench-plan: the joint inspection planner
BUILD     ?= build
ASAN      ?= build-asan
FUZZ      ?= build-fuzz
FUZZ_RUNS ?= 30000
DEMO      ?= demo
MESON_TEST = meson test --print-errorlogs --num-processes 2

.PHONY: all build web run test test-plain test-asan test-pg test-fuzz test-e2e test-lint bench bench-api bench-termijn bench-plan clean

all: build web

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

$(ASAN)/build.ninja:
	meson setup $(ASAN) -Db_sanitize=address,undefined -Db_lundef=false

$(FUZZ)/build.ninja:
	CC=clang meson setup $(FUZZ) -Dfuzz=true -Dtests=disabled

# The web UI: npm ci from the pinned lock file, then Vite builds web/dist.
WEB_SRC := $(shell find web/src web/public web/tools -type f 2>/dev/null) web/index.html web/vite.config.js

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build

# serving needs the binary and the web UI only, not the test programs
run: $(BUILD)/build.ninja web
	ninja -C $(BUILD) samenloop
	sh scripts/demo.sh $(BUILD)/samenloop $(DEMO) web/dist

# The pg suite needs a cluster (test-pg); without one it would skip, or fail in CI.
test-plain: build
	$(MESON_TEST) -C $(BUILD) --no-suite pg

test-asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	  $(MESON_TEST) -C $(ASAN) --no-suite pg

# PostgreSQL: the same tests on the other store (docs/operations.md, "PostgreSQL").
# A cluster of the tests' own in a temporary directory (scripts/pg-cluster.sh),
# SAMENLOOP_TEST_PG its admin URL, which makes each test's register a fresh
# database on it. PG_SUITES are the Meson suites run there: the connection and
# schema (pg) and every service and integration test, the same tests as on SQLite
# (issue 15), with twice the time limits: each test's register is a database the
# cluster makes, a copy of its migrated template (decision 248). The cluster is a
# throwaway one, without fsync (decision 249). The results go to meson-logs/testlog-pg.json.
# PG_E2E: the browser test files (all, as test-e2e) run there too, through two instances behind HAProxy
# (E2E_INSTANCES=2, tests/e2e/harness.mjs); TAP in $(BUILD)/e2e-pg.tap.
PG_SUITES ?= pg service integration
PG_E2E ?= $(wildcard tests/e2e/*.test.mjs)
# The cluster lives in a fresh directory from mktemp (its six X's are the random
# part mktemp fills in), removed with the cluster when the target ends.
test-pg: build $(if $(PG_E2E),web)
	@rm -f $(BUILD)/meson-logs/testlog-pg.json $(BUILD)/e2e-pg.tap; \
	$(if $(PG_E2E),sh scripts/install-deps.sh --browser || exit 1;) \
	dir=$$(mktemp -d /tmp/samenloop-pg-XXXXXX); \
	trap 'sh scripts/pg-cluster.sh stop '$$dir'; rm -rf '$$dir EXIT; trap 'exit 130' INT TERM; \
	url=$$(sh scripts/pg-cluster.sh start $$dir --throwaway) || exit 1; \
	echo "test-pg: cluster $$url"; status=0; \
	SAMENLOOP_TEST_PG=$$url $(MESON_TEST) -C $(BUILD) --logbase testlog-pg \
	  --timeout-multiplier 2 $(addprefix --suite ,$(PG_SUITES)) || status=1; \
	$(if $(PG_E2E),SAMENLOOP_TEST_PG=$$url E2E_INSTANCES=2 SAMENLOOP_BIN=$(BUILD)/samenloop \
	  E2E_WEB_ROOT=web/dist node --test --test-concurrency=1 --test-reporter=spec \
	  --test-reporter-destination=stdout --test-reporter=tap \
	  --test-reporter-destination=$(BUILD)/e2e-pg.tap $(PG_E2E) || status=1;) \
	exit $$status

test-fuzz: $(FUZZ)/build.ninja
	ninja -C $(FUZZ)  # the whole tree: a second compiler (clang) with -Werror
	mkdir -p $(FUZZ)/findings
	# new inputs go to a scratch corpus first, so the committed seed corpus stays as it is
	for t in csv_row address request; do \
	  rm -rf $(FUZZ)/corpus-$$t && mkdir -p $(FUZZ)/corpus-$$t; \
	  $(FUZZ)/tests/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -seed=1 -artifact_prefix=$(FUZZ)/findings/ \
	    $(FUZZ)/corpus-$$t tests/fuzz/corpus/$$t > $(FUZZ)/fuzz_$$t.log 2>&1 \
	    && echo "fuzz_$$t: $(FUZZ_RUNS) runs, no crash" > $(FUZZ)/fuzz_$$t.result \
	    || { tail -40 $(FUZZ)/fuzz_$$t.log; echo "fuzz_$$t: FAILED" > $(FUZZ)/fuzz_$$t.result; }; \
	done

# Browser tests: each file starts its own register and server (tests/e2e/harness.mjs).
# TAP goes to a file for the closing summary, readable output to the terminal.
test-e2e: build web
	sh scripts/install-deps.sh --browser
	rm -f $(BUILD)/e2e.tap
	SAMENLOOP_BIN=$(BUILD)/samenloop E2E_WEB_ROOT=web/dist \
	  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
	  --test-reporter=tap --test-reporter-destination=$(BUILD)/e2e.tap tests/e2e/

# The NL API Design Rules linter (Spectral, pinned in tools/lint/package-lock.json)
# on docs/api/openapi.json with Logius's ruleset from ../shared/adr (decision 105).
tools/lint/node_modules/.package-lock.json: tools/lint/package-lock.json
	cd tools/lint && npm ci --no-audit --no-fund

test-lint: tools/lint/node_modules/.package-lock.json
	rm -f $(BUILD)/adr-lint.result
	sh tools/lint/adr-lint.sh $(BUILD)/adr-lint.result

# Runs every stage even when one fails, then prints one closing line.
test:
	@status=0; \
	$(MAKE) --no-print-directory test-plain || status=1; \
	$(MAKE) --no-print-directory test-asan || status=1; \
	$(MAKE) --no-print-directory test-pg || status=1; \
	$(MAKE) --no-print-directory test-fuzz || status=1; \
	$(MAKE) --no-print-directory test-e2e || status=1; \
	$(MAKE) --no-print-directory test-lint || status=1; \
	python3 scripts/test_summary.py $(BUILD) $(ASAN) $(FUZZ) $(BUILD)/e2e.tap \
	  $(BUILD)/adr-lint.result $(BUILD)/meson-logs/testlog-pg.json || status=1; \
	exit $$status

bench: build
	sh bench/import_bench.sh $(BUILD)/samenloop

bench-termijn: build
	$(BUILD)/termijn_bench
# the joint inspection planner: 10,000 requests, 60 working days, 15 municipalities
bench-plan: build
	$(BUILD)/plan_bench

bench-api: build
	sh bench/install-bench-deps.sh
	python3 bench/api_bench.py $(BUILD)/samenloop

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) $(DEMO) web/dist tools/lint/node_modules
