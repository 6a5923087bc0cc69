# Thin wrapper around CMake: the README's commands.
#   make        build build/signaal
#   make run    install what is missing, build, create var/signaal.db with demo data, serve
#   make test   install what is missing, build, run every test (normal and ASan+UBSan,
#               API scenarios, browser tests, the PostgreSQL suite) and check the C layout
#               with clang-format
#   make test-pg  the store tests, API scenarios and tests/pg/ on a throwaway PostgreSQL
#   make fuzz   build the libFuzzer harnesses (clang) in build-fuzz/ and run each for
#               FUZZ_SECONDS (default 30); fails when one finds a problem (tests/fuzz/README.md)

BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
DB ?= var/signaal.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps run test test-unit test-asan test-pg fuzz format format-check bench clean

all:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

deps:
	@scripts/install-deps

run: deps all
	@mkdir -p var
	$(BUILD)/signaal init --db $(DB) --demo
	$(BUILD)/signaal serve --db $(DB) --listen $(LISTEN)

test-unit: all
	SIGNAAL_PASSWORD_COST=minimal ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-asan:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSIGNAAL_SANITIZE=ON -DSIGNAAL_BROWSER_TESTS=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	SIGNAAL_PASSWORD_COST=minimal ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# The PostgreSQL suite: a throwaway cluster (scripts/pg-test-cluster) for the
# store tests, every API scenario and tests/pg/, registered (label pg) only
# while SIGNAAL_TEST_PG_URL is set for CMake.  The cluster is removed and the
# PG tests unregistered afterwards, also when a test fails.
test-pg: all
	@url=$$(scripts/pg-test-cluster start) && \
	trap 'scripts/pg-test-cluster stop; cmake -S . -B $(BUILD) >/dev/null' EXIT && \
	SIGNAAL_TEST_PG_URL=$$url cmake -S . -B $(BUILD) >/dev/null && \
	SIGNAAL_PASSWORD_COST=minimal ctest --test-dir $(BUILD) -L pg --output-on-failure -j$(JOBS)

fuzz:
	@FUZZ_SECONDS=$(or $(FUZZ_SECONDS),30) JOBS=$(JOBS) tests/fuzz/run

C_FILES = $(shell git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.c' 2>/dev/null)

format:
	clang-format -i $(C_FILES)

format-check:
	@clang-format --dry-run --Werror $(C_FILES)

# Every suite runs even when an earlier one fails; the failures are listed
# at the end and the exit status is non-zero when there was any.
SUITES = format-check test-unit test-asan test-pg

test: deps
	@failed=""; \
	for suite in $(SUITES); do \
	  $(MAKE) --no-print-directory $$suite || failed="$$failed $$suite"; \
	done; \
	if [ -n "$$failed" ]; then \
	  echo "make test: these suites failed:$$failed (their output is above)" >&2; exit 1; \
	fi; \
	echo "make test: every suite passed"

bench: deps all
	bench/run

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
