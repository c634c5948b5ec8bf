#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# peers.sh - the same pthread workloads untraced, under ctrace (the
# LD_PRELOAD shim), under a bare LTTng-UST tracepoint per call (the floor for
# recording through LTTng), uftrace, strace, ltrace, helgrind, drd and
# ThreadSanitizer: one table of ns per operation, slowdown and events per
# operation, measured side by side in one run.
#
# usage: bench/peers.sh [BUILD_DIR] [SCALE]
#   SCALE multiplies every size (default 1; 0.1 for a quick look).
# Needs: scripts/install-deps.sh --bench (uftrace, ltrace, strace, valgrind).
# Slow tools run a smaller size (the "ops" column); ns/op is per operation.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
scale=${2:-1}
ctrace="$build/bin/ctrace"
[ -x "$ctrace" ] || { echo "peers.sh: $ctrace not found; build first" >&2; exit 2; }
for t in uftrace strace ltrace valgrind babeltrace2 lttng; do
	command -v "$t" >/dev/null || { echo "peers.sh: $t is missing: run scripts/install-deps.sh --bench" >&2; exit 2; }
done
lttng list >/dev/null 2>&1 || lttng-sessiond --daemonize --no-kernel

tmp=$(mktemp -d)
session="ctrace-peers-$$"
trap 'lttng destroy "$session" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

cflags="-O2 -g -pthread"
cc $cflags -o "$tmp/plain" "$here/peers.c"
cc $cflags -pg -o "$tmp/pg" "$here/peers.c"
cc $cflags -fsanitize=thread -o "$tmp/tsan" "$here/peers.c"
cc $cflags -DPEERS_BARE_TP -I"$here" -o "$tmp/bare" "$here/peers.c" "$here/bench_tp.c" \
	$(pkg-config --cflags --libs lttng-ust)

size() { awk -v n="$1" -v s="$scale" 'BEGIN { v = int(n * s); print (v < 4 ? 4 : v) }'; }
events_in() { babeltrace2 "$1" -c sink.utils.counter 2>/dev/null | awk '/ Event messages/ {n = $1} END {print n + 0}'; }

# Runs "$@" (whose stdout ends with "OPS NS"), prints "ns_per_op".
per_op() { "$@" | tail -n 1 | awk '{ printf "%.1f", $2 / $1 }'; }

row() { # workload tool ops ns events_per_op
	awk -v w="$1" -v t="$2" -v o="$3" -v ns="$4" -v base="$5" -v e="$6" \
		'BEGIN { printf "%-9s %-16s %9d %12.1f %9.1fx %10s\n", w, t, o, ns, ns / base, e }'
}

. "$here/lttng_session.sh"
bare_run() { # workload ops -> "ns events"
	local ns
	ns=$(bench_session_run "$session" "$tmp/bare-trace" 'ctrace_bench:*' "$tmp/bare" "$1" "$2" |
		tail -n 1 | awk '{ printf "%.1f", $2 / $1 }')
	[ "$(cat "$tmp/bare-trace.discarded")" = 0 ] || echo "peers.sh: the bare session discarded events" >&2
	echo "$ns $(events_in "$tmp/bare-trace")"
	rm -rf "$tmp/bare-trace" "$tmp/bare-trace.discarded"
}

echo "pthread workloads under each tool, $(nproc) cores (ns/op from the program's own clock;"
echo "slowdown against the untraced run of the same workload; events/op where a trace is written)"
echo
printf "%-9s %-16s %9s %12s %10s %10s\n" workload tool ops ns/op slowdown events/op
for w in mutex4 mutex1 pingpong spawn; do
	case $w in
	mutex4 | mutex1) full=$(size 2000000) small=$(size 20000) ;;
	pingpong) full=$(size 200000) small=$(size 5000) ;;
	spawn) full=$(size 20000) small=$(size 500) ;;
	esac
	base=$(per_op "$tmp/plain" "$w" "$full")
	row "$w" untraced "$full" "$base" "$base" -

	rm -rf "$tmp/ct-trace"
	ns=$(per_op "$ctrace" record -o "$tmp/ct-trace" -- "$tmp/plain" "$w" "$full" 2>"$tmp/ct.err")
	ev=$(events_in "$tmp/ct-trace")
	grep -q "(0 events discarded)" "$tmp/ct.err" || { echo "peers.sh: ctrace discarded events:" >&2; cat "$tmp/ct.err" >&2; }
	row "$w" "ctrace (shim)" "$full" "$ns" "$base" "$(awk -v e="$ev" -v o="$full" 'BEGIN { printf "%.2f", e / o }')"

	read -r ns ev < <(bare_run "$w" "$full")
	row "$w" "bare tracepoint" "$full" "$ns" "$base" "$(awk -v e="$ev" -v o="$full" 'BEGIN { printf "%.2f", e / o }')"

	ns=$(cd "$tmp" && per_op uftrace record --no-pager -d "$tmp/uftrace.data" "$tmp/pg" "$w" "$full" 2>/dev/null)
	rm -rf "$tmp/uftrace.data"
	row "$w" "uftrace -pg" "$full" "$ns" "$base" -

	ns=$(per_op "$tmp/tsan" "$w" "$full")
	row "$w" "tsan (no trace)" "$full" "$ns" "$base" -

	ns=$(per_op strace -f -qq -o /dev/null "$tmp/plain" "$w" "$small")
	row "$w" "strace -f" "$small" "$ns" "$base" -

	ns=$(per_op ltrace -f -o /dev/null "$tmp/plain" "$w" "$small")
	row "$w" "ltrace -f" "$small" "$ns" "$base" -

	ns=$(per_op valgrind -q --tool=helgrind "$tmp/plain" "$w" "$small" 2>/dev/null)
	row "$w" helgrind "$small" "$ns" "$base" -

	ns=$(per_op valgrind -q --tool=drd "$tmp/plain" "$w" "$small" 2>/dev/null)
	row "$w" drd "$small" "$ns" "$base" -
done
echo
echo "ctrace: one event per uncontended lock, unlock, signal and finished join; a"
echo "begin/end pair only when a call waits. bare tracepoint: one event per pthread call."
