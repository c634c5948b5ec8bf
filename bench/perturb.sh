#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# perturb.sh - whether schedule perturbation (`ctrace record --perturb`)
# makes rare interleavings appear: two examples whose bug shows in few runs
# of a quiet machine, each recorded RUNS times without perturbation and RUNS
# times with it (seeds 1..RUNS, so any run can be replayed with --seed).
#
#  - examples/philosophers_rare deadlocks now and then. Each run is recorded
#    with --timeout (a deadlocked program is killed and its trace kept) and
#    counted as deadlocked when `ctrace check` finds a deadlock in its trace.
#  - examples/lost_update loses an increment now and then; its own last line
#    ("counter N of M (lost K)") says how many.
#
# usage: bench/perturb.sh [BUILD_DIR] [RUNS] [MAX_US]
# RUNS defaults to 40. MAX_US, when given, is the longest pause in
# microseconds (CTRACE_PERTURB=SEED:MAX_US; default 1000, see
# tracer/src/perturb.c). Needs a running LTTng session daemon (or root to
# start one, as `ctrace record` does).
set -euo pipefail

build=${1:-build}
runs=${2:-40}
max_us=${3:-}
ctrace="$build/bin/ctrace"
phil="$build/examples/philosophers_rare"
lost="$build/examples/lost_update"
for f in "$ctrace" "$phil" "$lost"; do
	[ -x "$f" ] || { echo "perturb.sh: $f not found; build first" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Records PROG [ARGS] into $out/t; "perturbed" with seed SEED when SEED is
# not 0. Prints the program's stdout; the recording's own lines are dropped.
record() {
	local seed=$1
	shift
	rm -rf "$out/t"
	if [ "$seed" = 0 ]; then
		"$ctrace" record -o "$out/t" "$@" 2>/dev/null || true
	elif [ -n "$max_us" ]; then
		CTRACE_PERTURB="$seed:$max_us" "$ctrace" record -o "$out/t" "$@" 2>/dev/null || true
	else
		"$ctrace" record -o "$out/t" --seed "$seed" "$@" 2>/dev/null || true
	fi
}

# Deadlocked runs of the philosophers, of RUNS; perturbed when $1 is 1.
philosophers() {
	local deadlocked=0 seed
	for i in $(seq 1 "$runs"); do
		seed=$(($1 ? i : 0))
		record "$seed" --timeout 5 -- "$phil" >/dev/null
		# check exits 1 when it finds something: only its words count.
		if grep -q ' deadlock ' <<<"$("$ctrace" check "$out/t" 2>/dev/null || true)"; then
			deadlocked=$((deadlocked + 1))
		fi
	done
	echo "$deadlocked"
}

# "RUNS_WITH_LOSSES TOTAL_LOST" over RUNS runs of lost_update; perturbed when $1 is 1.
lost_updates() {
	local with=0 total=0 seed line k
	for i in $(seq 1 "$runs"); do
		seed=$(($1 ? i : 0))
		line=$(record "$seed" -- "$lost" | tail -n 1)
		k=$(sed -n 's/.*(lost \([0-9]*\)).*/\1/p' <<<"$line")
		[ -n "$k" ] || { echo "perturb.sh: unexpected output: $line" >&2; exit 1; }
		if [ "$k" -gt 0 ]; then
			with=$((with + 1))
			total=$((total + k))
		fi
	done
	echo "$with $total"
}

start=$(date +%s)
phil_off=$(philosophers 0)
phil_on=$(philosophers 1)
read -r lost_off_runs lost_off_total <<<"$(lost_updates 0)"
read -r lost_on_runs lost_on_total <<<"$(lost_updates 1)"

echo "schedule perturbation, $runs runs each (max pause ${max_us:-1000} us), $(($(date +%s) - start)) s"
printf '%-44s %16s %16s\n' "" "unperturbed" "--perturb"
printf '%-44s %16s %16s\n' "philosophers_rare: deadlocked runs" "$phil_off / $runs" "$phil_on / $runs"
printf '%-44s %16s %16s\n' "lost_update: runs that lost increments" "$lost_off_runs / $runs" \
	"$lost_on_runs / $runs"
printf '%-44s %16s %16s\n' "lost_update: increments lost, all runs" "$lost_off_total" \
	"$lost_on_total"
