#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz/run.sh [SECONDS] [TARGET...] - builds the fuzz targets (fuzz_model,
# fuzz_load; all by default) with clang, libFuzzer, ASan and UBSan in
# build-fuzz/ and runs each for SECONDS (default 300) on all cores, one
# after the other. Crashes are written to build-fuzz/fuzz/crashes/TARGET-*;
# each target's corpus is kept in build-fuzz/fuzz/corpus/TARGET/ so that
# later runs start where this one stopped. The inputs each run tried are in
# its final stats (stat::number_of_executed_units).
# Not run in CI: it takes minutes and its outcome is not deterministic.
set -eu
secs=${1:-300}
[ $# -gt 0 ] && shift
targets=${*:-fuzz_model fuzz_load}
src=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_FUZZ_BUILD:-$src/build-fuzz}

cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DCTRACE_FUZZ=ON \
	-DCTRACE_SANITIZE=address -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
# shellcheck disable=SC2086 # one word per target
cmake --build "$build" --target $targets -j"$(nproc)"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
for t in $targets; do
	mkdir -p "$build/fuzz/corpus/$t" "$build/fuzz/crashes"
	(cd "$build/fuzz" && ./"$t" -max_total_time="$secs" -max_len=4096 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="crashes/$t-" -fork="$(nproc)" "corpus/$t")
done
