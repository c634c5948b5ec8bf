#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz/run.sh [SECONDS] - builds fuzz_model with clang, libFuzzer, ASan and
# UBSan in build-fuzz/ and runs it for SECONDS (default 300) on both cores.
# Crashes are written to build-fuzz/fuzz/crashes/; the corpus is kept in
# build-fuzz/fuzz/corpus/ so that later runs start where this one stopped.
# Not run in CI: it takes minutes and its outcome is not deterministic.
set -eu
secs=${1:-300}
src=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_FUZZ_BUILD:-$src/build-fuzz}

cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DCTRACE_FUZZ=ON \
	-DCTRACE_SANITIZE=address -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target fuzz_model -j"$(nproc)"
mkdir -p "$build/fuzz/corpus" "$build/fuzz/crashes"
cd "$build/fuzz"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
exec ./fuzz_model -max_total_time="$secs" -max_len=4096 -timeout=10 -print_final_stats=1 \
	-artifact_prefix=crashes/ -fork="$(nproc)" corpus
