#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shim_overhead.sh - what the LD_PRELOAD shim adds per pthread call and per
# event, next to a bare LTTng-UST tracepoint, with bench/overhead.sh's method:
# the same benchmark binary untraced and traced, with and without the shim.
#
# usage: bench/shim_overhead.sh [BUILD_DIR] [OPERATIONS] [STARTUP_ROUNDS]
# The benchmark's plain pthread workloads become shim events under
# LD_PRELOAD (2 events per lock+unlock: mutex_lock_end, mutex_unlock; 4 per
# spawn+join: thread_spawn, thread_begin, thread_end, join_end, plus a
# join_begin when the join waits; 2 per POSIX mq_send+mq_receive that does
# not block: mq_send, mq_recv).
#
# A second table is the cost of starting: `ctrace record -- /bin/true` next to
# /bin/true alone, and what each process started under the recorder costs
# (a shell running /bin/true 50 times, recorded and not), and what recording
# adds to a program that runs 0.3 s (sleep 0.3): the end of a recording waits
# for LTTng's metadata, about 200 ms after the last process that registered
# new event classes exited (tracer/record/warmup.c). The commands run
# in turn, recorded then plain, STARTUP_ROUNDS times (default 5), and each
# row is the median; the session daemon is already running (the script
# needs one), so a daemon's own start is not counted.
set -euo pipefail

build=${1:-build}
ops=${2:-1000000}
rounds=${3:-5}
bin="$build/bench/ctrace_bench_overhead"
shim="$build/lib/libctrace-preload.so"
ctrace="$build/bin/ctrace"
for f in "$bin" "$shim" "$ctrace"; do
	[ -e "$f" ] || { echo "shim_overhead.sh: $f not found; build first" >&2; exit 2; }
done
lttng list >/dev/null 2>&1 || { echo "shim_overhead.sh: no session daemon" >&2; exit 2; }

session="ctrace-shimbench-$$"
out=$(mktemp -d)
trap 'lttng destroy "$session" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

plain_off=$("$bin" "$ops")
shim_off=$(LD_PRELOAD="$shim" "$bin" "$ops")

lttng create "$session" --output="$out/trace" >/dev/null
lttng enable-channel -u -s "$session" ch --blocking-timeout=inf --subbuf-size=4M --num-subbuf=8 >/dev/null
lttng enable-event -u -s "$session" -c ch 'ctrace:*,ctrace_bench:*' >/dev/null
lttng add-context -u -s "$session" -c ch -t vtid -t vpid -t procname >/dev/null
lttng start "$session" >/dev/null
shim_on=$(LTTNG_UST_ALLOW_BLOCKING=1 LD_PRELOAD="$shim" "$bin" "$ops")
# Without the shim, recording only the bare tracepoints: the floor next to the mq system calls.
plain_on=$(LTTNG_UST_ALLOW_BLOCKING=1 "$bin" "$ops")
lttng stop "$session" >/dev/null
discarded=$(lttng list "$session" -u | awk '/Discarded events:/ {s += $NF} END {print s + 0}')
lttng destroy "$session" >/dev/null
recorded=$(babeltrace2 "$out/trace" -c sink.utils.counter 2>/dev/null | awk '/ Event messages/ {n = $1} END {print n}')

echo "LD_PRELOAD shim overhead, $(nproc) cores, $ops operations per round, best of 5 rounds"
echo
paste <(echo "$plain_off") <(echo "$shim_off") <(echo "$shim_on") <(echo "$plain_on") | awk '
	{ v[$1, "plain"] = $2; v[$1, "off"] = $5; v[$1, "on"] = $8; v[$1, "plain_on"] = $11 }
	END {
		m = "pthread-mutex-lock+unlock"; s = "pthread-spawn+join"; b = "bare-tracepoint"; l = "loop-baseline"
		q = "posix-mq-send+receive"; qb = "posix-mq-send+receive+2-bare-tracepoints"
		printf "%-44s %10s\n", "measure", "ns"
		printf "%-44s %10.1f\n", "pthread lock+unlock, no shim", v[m, "plain"]
		printf "%-44s %10.1f\n", "pthread lock+unlock, shim, not recording", v[m, "off"]
		printf "%-44s %10.1f\n", "pthread lock+unlock, shim, recording (2 ev)", v[m, "on"]
		printf "%-44s %10.1f\n", "  per event: (recording - no shim) / 2", (v[m, "on"] - v[m, "plain"]) / 2
		printf "%-44s %10.1f\n", "bare tracepoint, recording, per event", v[b, "on"] - v[l, "on"]
		printf "%-44s %10.2f\n", "  shim event / bare event", ((v[m, "on"] - v[m, "plain"]) / 2) / (v[b, "on"] - v[l, "on"])
		printf "%-44s %10.1f\n", "pthread spawn+join, no shim", v[s, "plain"]
		printf "%-44s %10.1f\n", "pthread spawn+join, shim, not recording", v[s, "off"]
		printf "%-44s %10.1f\n", "pthread spawn+join, shim, recording (4-5 ev)", v[s, "on"]
		printf "%-44s %10.1f\n", "mq_send+mq_receive, no shim", v[q, "plain"]
		printf "%-44s %10.1f\n", "mq_send+mq_receive, shim, not recording", v[q, "off"]
		printf "%-44s %10.1f\n", "mq_send+mq_receive, shim, recording (2 ev)", v[q, "on"]
		printf "%-44s %10.1f\n", "  per event: (recording - no shim) / 2", (v[q, "on"] - v[q, "plain"]) / 2
		printf "%-44s %10.1f\n", "mq round trip + 2 bare tracepoints, recording", v[qb, "plain_on"]
		printf "%-44s %10.1f\n", "  per bare event next to the mq calls", (v[qb, "plain_on"] - v[q, "plain_on"]) / 2
		printf "%-44s %10.2f\n", "  shim mq event / bare event there", ((v[q, "on"] - v[q, "plain"]) / 2) / ((v[qb, "plain_on"] - v[q, "plain_on"]) / 2)
	}'
echo
echo "events recorded: ${recorded:-?}, discarded: $discarded"

# Wall milliseconds of one run of "$@", its output thrown away.
wall_ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

children=50
loop="for i in \$(seq $children); do /bin/true; done"
: >"$out/rec_true"; : >"$out/plain_true"; : >"$out/rec_loop"; : >"$out/plain_loop"
: >"$out/rec_sleep"; : >"$out/plain_sleep"
for r in $(seq "$rounds"); do
	wall_ms "$ctrace" record -o "$out/true-$r" -- /bin/true >>"$out/rec_true"
	wall_ms /bin/true >>"$out/plain_true"
	wall_ms "$ctrace" record -o "$out/loop-$r" -- bash -c "$loop" >>"$out/rec_loop"
	wall_ms bash -c "$loop" >>"$out/plain_loop"
	wall_ms "$ctrace" record -o "$out/sleep-$r" -- sleep 0.3 >>"$out/rec_sleep"
	wall_ms sleep 0.3 >>"$out/plain_sleep"
done
rec_true=$(median <"$out/rec_true"); plain_true=$(median <"$out/plain_true")
rec_loop=$(median <"$out/rec_loop"); plain_loop=$(median <"$out/plain_loop")
rec_sleep=$(median <"$out/rec_sleep"); plain_sleep=$(median <"$out/plain_sleep")

echo
echo "Start-up, median of $rounds rounds (recorded and plain in turn), session daemon already running"
echo
awk -v rt="$rec_true" -v pt="$plain_true" -v rl="$rec_loop" -v pl="$plain_loop" -v n="$children" \
	-v rs="$rec_sleep" -v ps="$plain_sleep" 'BEGIN {
	printf "%-44s %10s\n", "measure", "ms"
	printf "%-44s %10.1f\n", "ctrace record -- /bin/true", rt / 1000
	printf "%-44s %10.1f\n", "/bin/true alone", pt / 1000
	printf "%-44s %10.1f\n", "  recording adds", (rt - pt) / 1000
	printf "%-44s %10.1f\n", "bash running /bin/true " n " times, recorded", rl / 1000
	printf "%-44s %10.1f\n", "the same, plain", pl / 1000
	printf "%-44s %10.1f\n", "  per process: (rec - plain - fixed) / " n, (rl - pl - (rt - pt)) / n / 1000
	printf "%-44s %10.2f\n", "  recorded / plain", rl / pl
	printf "%-44s %10.1f\n", "ctrace record -- sleep 0.3", rs / 1000
	printf "%-44s %10.1f\n", "sleep 0.3 alone", ps / 1000
	printf "%-44s %10.1f\n", "  recording adds", (rs - ps) / 1000
}'
