#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test.sh - the whole test suite: installs what is needed, builds with
# warnings as errors, runs every ctest (unit, integration with a real LTTng
# session daemon, render), then the unit and integration tests again under
# ThreadSanitizer, and every test under AddressSanitizer + UBSan.
# With CI=true a skipped test counts as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc)

# The integration tests let ctrace start a session daemon when none runs (as
# it would for a user). Stop it afterwards if it was not running before, so
# the suite leaves nothing behind.
if ! pgrep -x lttng-sessiond >/dev/null; then
	trap 'pkill -x lttng-sessiond 2>/dev/null || true' EXIT
fi

run_ctest() {
	local dir=$1
	shift
	local log
	log=$(mktemp)
	set +e
	ctest --test-dir "$dir" --output-on-failure "$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	set -e
	if [ "${CI:-}" = "true" ] && grep -q "tests did not run" "$log"; then
		echo "test.sh: some tests were skipped; CI treats a skip as a failure" >&2
		rc=1
	fi
	rm -f "$log"
	return "$rc"
}

echo "== format (.clang-format)"
if command -v clang-format >/dev/null; then
	unformatted=$(git ls-files '*.c' '*.h' | while read -r f; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"
	done)
	if [ -n "$unformatted" ]; then
		echo "test.sh: not formatted with .clang-format (run clang-format -i on them):" >&2
		echo "$unformatted" >&2
		exit 1
	fi
else
	echo "test.sh: clang-format not installed; format check skipped" >&2
fi

echo "== build (warnings are errors)"
cmake -S . -B build-test -DCTRACE_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
echo "== all tests"
run_ctest build-test

echo "== unit and integration tests under ThreadSanitizer"
cmake -S . -B build-tsan -DCTRACE_WERROR=ON -DCTRACE_SANITIZE=thread >/dev/null
cmake --build build-tsan -j"$jobs"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" run_ctest build-tsan -L unit
# Integration: scenario 1.1 leaves a thread running on purpose (thread leak
# reports off), the crash tests need the program to die of its own SIGSEGV
# (TSan's handler off), and tests/tsan.supp explains its one suppression.
TSAN_OPTIONS="halt_on_error=1 report_thread_leaks=0 handle_segv=0 suppressions=$PWD/tests/tsan.supp" \
	run_ctest build-tsan -L integration

echo "== every test under AddressSanitizer + UndefinedBehaviorSanitizer"
# Recorded programs get the ASan runtime preloaded first (record/env.c);
# tests/lsan.supp names what third-party libraries keep for good.
cmake -S . -B build-asan -DCTRACE_WERROR=ON -DCTRACE_SANITIZE=address >/dev/null
cmake --build build-asan -j"$jobs"
run_ctest build-asan
