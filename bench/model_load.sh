#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# model_load.sh - how fast ct_model_load reads a big trace, and how small the
# model is: records a synthetic trace of about EVENTS events (a libctrace
# program, bench/gen_trace.c, that emits them as fast as it can), then loads
# it with ct_model_load and with `babeltrace2 -c sink.utils.dummy` in the same
# run and prints a table: events/s, the model's bytes per event, peak RSS.
#
# usage: bench/model_load.sh [BUILD_DIR] [EVENTS] [TRACE_DIR]
# EVENTS defaults to 10000000 (about 420 MB of trace); TRACE_DIR defaults to
# a temporary directory that is removed at the end. Give an existing trace
# directory to skip recording.
set -euo pipefail

build=${1:-build}
events=${2:-10000000}
trace=${3:-}
gen="$build/bench/ctrace_bench_gen_trace"
load="$build/bench/ctrace_bench_model_load"
ctrace="$build/bin/ctrace"
for f in "$gen" "$load" "$ctrace"; do
	[ -x "$f" ] || { echo "model_load.sh: $f not found; build first (cmake --build $build)" >&2; exit 2; }
done
command -v babeltrace2 >/dev/null || { echo "model_load.sh: babeltrace2 not found" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$trace" ]; then
	trace="$tmp/trace"
fi
if [ ! -e "$trace/metadata" ] && [ -z "$(find "$trace" -name metadata -print -quit 2>/dev/null)" ]; then
	echo "recording about $events events into $trace ..." >&2
	"$ctrace" record -o "$trace" -- "$gen" "$events" >&2
fi

# measure OUT CMD...: runs CMD with its stdout in OUT and prints "SECONDS
# PEAK_RSS_KIB" for it (wall time of the whole process, the child's rusage).
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
with open(sys.argv[1], "w") as out:
    subprocess.run(sys.argv[2:], check=True, stdout=out)
secs = time.monotonic() - t
print(f"{secs:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}

# Warm the page cache so neither reader pays for the first read from disk.
find "$trace" -type f -exec cat {} + >/dev/null

read -r bt_secs bt_rss < <(measure /dev/null babeltrace2 "$trace" -c sink.utils.dummy)
read -r ml_secs ml_rss < <(measure "$tmp/load.out" "$load" "$trace")
line=$(cat "$tmp/load.out")
get() { echo "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
n=$(get events)
bytes=$(get model_bytes)
bpe=$(get bytes_per_event)
disk=$(du -sb "$trace" | cut -f1)

printf '\ntrace: %s events, %s bytes on disk (%.1f bytes/event), %s discarded\n\n' \
	"$n" "$disk" "$(echo "$disk / $n" | bc -l)" "$(get discarded)"
printf '%-34s %10s %14s %14s\n' "reader" "seconds" "events/s" "peak RSS MiB"
printf '%-34s %10.2f %14.0f %14.1f\n' "babeltrace2 -c sink.utils.dummy" "$bt_secs" \
	"$(echo "$n / $bt_secs" | bc -l)" "$(echo "$bt_rss / 1024" | bc -l)"
printf '%-34s %10.2f %14.0f %14.1f\n' "ct_model_load" "$ml_secs" \
	"$(echo "$n / $ml_secs" | bc -l)" "$(echo "$ml_rss / 1024" | bc -l)"
printf '\nmodel: %s bytes, %s bytes/event (aim: at most 32)\n' "$bytes" "$bpe"
