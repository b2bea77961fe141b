# Makefile - thin wrapper around Meson for the README commands.
#   make run    build, load demo deliveries, make demo accounts, serve on 127.0.0.1:8080
#   make test   unit + integration tests, again under ASan/UBSan, short fuzz runs
#   make bench  the import benchmark (bench/README.md)
BUILD     ?= build
ASAN      ?= build-asan
FUZZ      ?= build-fuzz
FUZZ_RUNS ?= 30000
DEMO      ?= demo
MESON_TEST = meson test --print-errorlogs --num-processes 2

.PHONY: all build run test test-plain test-asan test-fuzz bench bench-api clean

all: build

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

$(ASAN)/build.ninja:
	meson setup $(ASAN) -Db_sanitize=address,undefined -Db_lundef=false

$(FUZZ)/build.ninja:
	CC=clang meson setup $(FUZZ) -Dfuzz=true -Dtests=disabled

run: build
	sh scripts/demo.sh $(BUILD)/samenloop $(DEMO)

test-plain: build
	$(MESON_TEST) -C $(BUILD)

test-asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	  $(MESON_TEST) -C $(ASAN)

test-fuzz: $(FUZZ)/build.ninja
	ninja -C $(FUZZ)  # the whole tree: a second compiler (clang) with -Werror
	mkdir -p $(FUZZ)/findings
	# new inputs go to a scratch corpus first, so the committed seed corpus stays as it is
	for t in csv_row address; do \
	  rm -rf $(FUZZ)/corpus-$$t && mkdir -p $(FUZZ)/corpus-$$t; \
	  $(FUZZ)/tests/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -seed=1 -artifact_prefix=$(FUZZ)/findings/ \
	    $(FUZZ)/corpus-$$t tests/fuzz/corpus/$$t > $(FUZZ)/fuzz_$$t.log 2>&1 \
	    && echo "fuzz_$$t: $(FUZZ_RUNS) runs, no crash" > $(FUZZ)/fuzz_$$t.result \
	    || { tail -40 $(FUZZ)/fuzz_$$t.log; echo "fuzz_$$t: FAILED" > $(FUZZ)/fuzz_$$t.result; }; \
	done

# Runs every stage even when one fails, then prints one closing line.
test:
	@status=0; \
	$(MAKE) --no-print-directory test-plain || status=1; \
	$(MAKE) --no-print-directory test-asan || status=1; \
	$(MAKE) --no-print-directory test-fuzz || status=1; \
	python3 scripts/test_summary.py $(BUILD) $(ASAN) $(FUZZ) || status=1; \
	exit $$status

bench: build
	sh bench/import_bench.sh $(BUILD)/samenloop

bench-api: build
	sh bench/install-bench-deps.sh
	python3 bench/api_bench.py $(BUILD)/samenloop

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) $(DEMO)
