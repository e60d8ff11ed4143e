# SPDX-License-Identifier: MIT
# Entry points. Each target installs what it needs (scripts/install-deps) and builds with
# CMake + Ninja, so on a fresh Debian 12 machine any one of them is the only command needed.

BUILD_DIR      ?= build
SANITIZE_DIR   ?= build-sanitize
FUZZ_DIR       ?= build-fuzz
BUILD_TYPE     ?= RelWithDebInfo
JOBS           ?= $(shell nproc)
# CI sets CI=true: warnings become errors there.
WERROR         ?= $(if $(filter true,$(CI)),ON,OFF)
FUZZ_SECONDS   ?= 20

CMAKE_COMMON = -G Ninja -DCM_WERROR=$(WERROR)

.PHONY: all deps build test test-sanitize demo demo-vpn bench fuzz fuzz-build fuzz-smoke clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCM_BUILD_BENCH=ON

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DCM_SANITIZE=ON
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS)

demo: build
	scripts/demo $(BUILD_DIR)/bin

# The demo's story through a real WireGuard tunnel between network namespaces (root).
demo-vpn: build
	scripts/demo-vpn $(BUILD_DIR)/bin

bench: build
	scripts/bench $(BUILD_DIR)/bin

$(FUZZ_DIR)/build.ninja: | deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCM_BUILD_FUZZ=ON -DCM_BUILD_TESTS=OFF

fuzz-build: deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers

# A short run of every fuzz target over its corpus (CI runs this).
fuzz-smoke: fuzz-build
	scripts/fuzz $(FUZZ_DIR)/bin $(FUZZ_SECONDS)

# A long run: make fuzz FUZZ_SECONDS=600
fuzz: fuzz-build
	scripts/fuzz $(FUZZ_DIR)/bin $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(FUZZ_DIR)
