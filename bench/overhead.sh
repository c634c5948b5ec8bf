#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# overhead.sh - per-operation cost of libctrace, untraced and traced, side by
# side in one run, against plain pthreads and a bare LTTng-UST tracepoint.
#
# usage: bench/overhead.sh [BUILD_DIR] [OPERATIONS]
# The traced run uses the session settings of `ctrace record` (blocking UST
# channel, contexts vtid/vpid/procname) and also enables the benchmark's bare
# tracepoint provider, so both pay for the same contexts.
set -euo pipefail

build=${1:-build}
ops=${2:-200000}
bin="$build/bench/ctrace_bench_overhead"
[ -x "$bin" ] || { echo "overhead.sh: $bin not found; build first (cmake --build $build)" >&2; exit 2; }

if ! lttng list >/dev/null 2>&1; then
	echo "overhead.sh: starting a session daemon" >&2
	lttng-sessiond --daemonize --no-kernel
fi

session="ctrace-bench-$$"
out=$(mktemp -d)
trap 'lttng destroy "$session" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

untraced=$("$bin" "$ops")

. "$(dirname "$0")/lttng_session.sh"
traced=$(bench_session_run "$session" "$out/trace" 'ctrace:*,ctrace_bench:*' "$bin" "$ops")
discarded=$(cat "$out/trace.discarded")
recorded=$(babeltrace2 "$out/trace" -c sink.utils.counter 2>/dev/null | awk '/ Event messages/ {n = $1} END {print n}')
# Every workload's events (5 rounds each) and the 1M warm-up events;
# spawn+join may add a join_begin, so this is a lower bound.
expected=$(echo "$traced" | awk -v o="$ops" '{n = ($1 ~ /spawn/) ? int(o / 100) + 1 : o; s += n * 5 * $3} END {print s + 1000000}')

echo "libctrace overhead, $(nproc) cores, $ops operations per round, best of 5 rounds"
echo "(enabled: recording in a blocking session with vtid, vpid, procname contexts)"
echo
paste <(echo "$untraced") <(echo "$traced") | awk '
	{ name[NR] = $1; off[NR] = $2; on[NR] = $5; ev[NR] = $3; idx[$1] = NR }
	END {
		printf "%-28s %12s %12s %9s %16s\n", "workload", "disabled ns", "enabled ns", "events", "enabled ns/event"
		for (i = 1; i <= NR; i++) {
			per = "-"
			if (ev[i] > 0) {
				base = 0
				if (name[i] ~ /mutex/) base = off[idx["pthread-mutex-lock+unlock"]]
				else if (name[i] ~ /spawn/) base = off[idx["pthread-spawn+join"]]
				else base = off[idx["loop-baseline"]]
				if (name[i] == "ct_chan-send+recv") base = 0
				per = sprintf("%.1f", (on[i] - base) / ev[i])
			}
			printf "%-28s %12.1f %12.1f %9d %16s\n", name[i], off[i], on[i], ev[i], per
		}
	}'
echo
echo "events recorded: ${recorded:-?} (the workloads generated at least $expected), discarded: $discarded"
echo "enabled ns/event = (enabled ns/op - untraced pthread equivalent) / events per op;"
echo "ct_chan has no pthread equivalent here, so its figure includes the queue itself."
