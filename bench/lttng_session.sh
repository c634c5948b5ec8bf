# SPDX-License-Identifier: MIT
# lttng_session.sh - sourced by the benchmarks: one LTTng session with the
# settings of `ctrace record` (blocking UST channel, vtid/vpid/procname) that
# records only the benchmark's own process, so other programs tracing at the
# same time cannot add events to it.

# bench_session_run SESSION OUTDIR PATTERNS CMD... : runs CMD traced, prints its
# stdout, and writes LTTng's count of discarded events to OUTDIR.discarded.
bench_session_run() {
	local session=$1 out=$2 patterns=$3 pid rc
	shift 3
	lttng create "$session" --output="$out" >/dev/null
	lttng enable-channel -u -s "$session" ch --blocking-timeout=inf --subbuf-size=4M --num-subbuf=8 >/dev/null
	lttng enable-event -u -s "$session" -c ch "$patterns" >/dev/null
	lttng add-context -u -s "$session" -c ch -t vtid -t vpid -t procname >/dev/null
	# The program starts stopped, so its pid can be tracked before it runs
	# (exec keeps the pid).
	LTTNG_UST_ALLOW_BLOCKING=1 sh -c 'kill -STOP $$; exec "$@"' sh "$@" &
	pid=$!
	while [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != "T" ]; do sleep 0.01; done
	lttng track -u -s "$session" --vpid "$pid" >/dev/null
	lttng start "$session" >/dev/null
	kill -CONT "$pid"
	rc=0
	wait "$pid" || rc=$?
	lttng stop "$session" >/dev/null
	lttng list "$session" -u | awk '/Discarded events:/ {s += $NF} END {print s + 0}' >"$out.discarded"
	lttng destroy "$session" >/dev/null
	return "$rc"
}
