#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# explore.sh - how fast `ctrace explore` goes through runs: scenario 2.3 at
# --speed 20 (each run's sleeps then take 0.2 s), RUNS runs with --jobs 1
# (one run at a time: the time per run) and with the default jobs (one run
# per core: runs per minute). Each figure is the median of ROUNDS.
#
# usage: bench/explore.sh [BUILD_DIR] [RUNS] [ROUNDS]
# The session daemon should already run (ctrace starts one otherwise, and
# the first round then pays for it).
set -euo pipefail

build=${1:-build}
runs=${2:-20}
rounds=${3:-3}
ctrace="$build/bin/ctrace"
[ -x "$ctrace" ] || { echo "explore.sh: $ctrace not found; build first" >&2; exit 2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Wall milliseconds of one explore, its table kept for the interleaving count.
explore_ms() {
	local jobs=$1 tag=$2 t0 t1
	t0=$(date +%s%N)
	"$ctrace" explore 2.3 --speed 20 --runs "$runs" --jobs "$jobs" -o "$out/$tag" >"$out/$tag.txt" 2>/dev/null || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

cores=$(nproc)
: >"$out/serial"; : >"$out/parallel"
for r in $(seq "$rounds"); do
	explore_ms 1 "serial-$r" >>"$out/serial"
	explore_ms "$cores" "parallel-$r" >>"$out/parallel"
done
serial=$(median <"$out/serial")
parallel=$(median <"$out/parallel")
inter=$(grep -ho '[0-9]* distinct interleavings' "$out"/*.txt | awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n; else print "?" }')

echo "ctrace explore 2.3 --speed 20 --runs $runs, $cores cores, median of $rounds rounds"
echo
awk -v s="$serial" -v p="$parallel" -v n="$runs" -v c="$cores" 'BEGIN {
	printf "%-44s %10s\n", "measure", "value"
	printf "%-44s %10.0f\n", "wall ms, --jobs 1", s
	printf "%-44s %10.0f\n", "  ms per run (record + read), one at a time", s / n
	printf "%-44s %10.1f\n", "  runs per minute, --jobs 1", n * 60000 / s
	printf "%-44s %10.0f\n", "wall ms, --jobs " c, p
	printf "%-44s %10.1f\n", "  runs per minute, --jobs " c, n * 60000 / p
}'
echo
echo "distinct interleavings per explore of $runs runs (mean): $inter"
