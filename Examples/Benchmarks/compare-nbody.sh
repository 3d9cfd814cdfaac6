#!/usr/bin/env bash
# compare-nbody.sh: the direct N-body solver, Swift (Examples/nbody) beside the C reference (c/nbody.c).
#
#   Examples/Benchmarks/compare-nbody.sh C_BINARY SWIFT_BINARY
#
# Both programs integrate the same Plummer sphere (written once by the Swift program as CSV, read by
# both) with the same time step and softening, for N = 4096 and 16384 bodies on 1 and 2 ranks, and the
# Swift program once more on 2 ranks with its other exchange: allgatherv (as C) instead of the default
# ring. Each configuration runs REPEATS times, C and Swift alternately so that drift in the machine's
# load hits both alike; the table shows medians of interactions per second (N² per step, timed over
# the stepping loop), GFLOP/s at 20 flops per interaction, the ratio Swift/C, and the parallel
# efficiency on 2 ranks, with the targets:
#
#   Swift/C ≥ 1.0 for every size and rank count
#   parallel efficiency of Swift on 2 ranks for N = 16384 ≥ 0.90
#
# The same figures follow per processor-second (processor time summed over ranks): on a machine that
# other jobs share, wall-clock rates measure the load as much as the program, while a rank waiting for
# a core accrues no processor time (a rank spinning in MPI for another rank does, so imbalance and
# communication still count against the parallel efficiency).
#
# Environment:
#   REPEATS       runs of each program per configuration (default 3)
#   MPIRUN        the launcher (default mpirun)
#   MPIRUN_FLAGS  its flags besides -n (default "--bind-to core": one rank per core, the steadiest here)
#   STEPS_4096, STEPS_16384   steps per run (defaults 100 and 10: about 3 and 4.5 s on one core)
#
# Exits non-zero when a run fails, not when a target is missed: figures on a shared machine are noisy,
# and a benchmark reports them rather than judging them.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 C_BINARY SWIFT_BINARY" >&2
    exit 2
fi
c_binary=$1
swift_binary=$2
repeats=${REPEATS:-3}
mpirun=${MPIRUN:-mpirun}
read -r -a mpirun_flags <<< "${MPIRUN_FLAGS:---bind-to core}"
if ! [[ $repeats =~ ^[1-9][0-9]*$ ]]; then
    echo "$0: REPEATS must be a positive integer, got '$repeats'" >&2
    exit 2
fi
for binary in "$c_binary" "$swift_binary"; do
    [ -x "$binary" ] || { echo "$0: $binary is not an executable (build it first)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results
physics=(--dt 0.001 --softening 0.01)

# Lines of the results file: program ranks bodies interactions_per_second interactions_per_processor_second.
run_c() {
    local ranks=$1 bodies=$2 steps=$3 output
    output=$("$mpirun" -n "$ranks" "${mpirun_flags[@]}" "$c_binary" --ic "$work/ic-$bodies.csv" \
        --steps "$steps" "${physics[@]}") || { echo "$0: C run failed ($ranks ranks, $bodies bodies)" >&2; exit 1; }
    printf '%s\n' "$output" | awk -v ranks="$ranks" -v bodies="$bodies" \
        '$1 == "result" {
            for (i = 2; i < NF; i++) value[$i] = $(i + 1)
            print "c", ranks, bodies, value["interactions_per_second"], value["interactions_per_processor_second"]
        }' \
        >> "$results"
}

run_swift() {
    local ranks=$1 bodies=$2 steps=$3 exchange=$4 summary=$work/summary.json
    "$mpirun" -n "$ranks" "${mpirun_flags[@]}" "$swift_binary" --ic "file:$work/ic-$bodies.csv" --steps "$steps" \
        "${physics[@]}" --exchange "$exchange" --diagnostics-every "$steps" --quiet --summary-json "$summary" \
        || { echo "$0: Swift run failed ($ranks ranks, $bodies bodies, $exchange)" >&2; exit 1; }
    local name=swift
    [ "$exchange" = allgather ] && name=swift-allgather
    awk -v name="$name" -v ranks="$ranks" -v bodies="$bodies" -F'[:,]' '
        /"interactions_per_second"/ { gsub(/ /, "", $2); wall = $2 }
        /"interactions_per_processor_second"/ { gsub(/ /, "", $2); processor = $2 }
        END { print name, ranks, bodies, wall, processor }' "$summary" >> "$results"
}

load() { [ -r /proc/loadavg ] && cut -d" " -f1 /proc/loadavg || echo "?"; }
load_before=$(load)

for bodies in 4096 16384; do
    "$swift_binary" --ic plummer --bodies "$bodies" --seed 1 --steps 0 --quiet --final-state "$work/ic-$bodies.csv"
done
for ((r = 1; r <= repeats; r++)); do
    echo "run $r of $repeats: C, then Swift, for each size and rank count" >&2
    for bodies in 4096 16384; do
        steps=$([ "$bodies" = 4096 ] && echo "${STEPS_4096:-100}" || echo "${STEPS_16384:-10}")
        for ranks in 1 2; do
            run_c "$ranks" "$bodies" "$steps"
            run_swift "$ranks" "$bodies" "$steps" ring
        done
        run_swift 2 "$bodies" "$steps" allgather
    done
done

echo "Load average (1 min) before: $load_before; after: $(load), of which the benchmark's ranks make 1 or 2"
echo
for measure in wall processor; do
awk -v repeats="$repeats" -v measure="$measure" '
    { key = $1 SUBSEP $2 SUBSEP $3; values[key, ++count[key]] = (measure == "wall" ? $4 : $5) }

    function median(key,    n, i, j, v, sorted) {
        n = count[key]
        if (n == 0) return ""
        for (i = 1; i <= n; i++) sorted[i] = values[key, i] + 0
        for (i = 2; i <= n; i++) {
            v = sorted[i]
            for (j = i - 1; j >= 1 && sorted[j] > v; j--) sorted[j + 1] = sorted[j]
            sorted[j + 1] = v
        }
        return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
    }
    function show(value, format) { return value == "" ? "-" : sprintf(format, value) }
    function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
    function verdict(value, limit) { return value == "" ? "no data" : (value >= limit ? "PASS" : "MISS") }

    END {
        unit = measure == "wall" ? "per wall-clock second" : "per processor-second (summed over ranks)"
        printf "== Interactions (N^2 per step) %s; GFLOP/s at 20 flops per interaction;\n", unit
        printf "   medians of %d runs each\n\n", repeats
        printf "%6s %5s %14s %14s %8s %10s %8s  %s\n", "N", "ranks", "C inter/s", "Swift inter/s", "C GF/s",
            "Swift GF/s", "Swift/C", "target Swift/C >= 1.0"
        for (b = 1; b <= 2; b++) {
            bodies = b == 1 ? 4096 : 16384
            for (ranks = 1; ranks <= 2; ranks++) {
                c = median("c" SUBSEP ranks SUBSEP bodies)
                s = median("swift" SUBSEP ranks SUBSEP bodies)
                r = ratio(s, c)
                printf "%6d %5d %14s %14s %8s %10s %8s  %s\n", bodies, ranks, show(c, "%.4e"), show(s, "%.4e"),
                    show(c * 20e-9, "%.2f"), show(s * 20e-9, "%.2f"), show(r, "%.3f"), verdict(r, 1.0)
                verdicts = verdicts sprintf(" ratio-%d-%d:%s", bodies, ranks, verdict(r, 1.0))
            }
        }

        printf "\nExchange on 2 ranks (Swift): allgatherv against the ring of nonblocking sends, the default\n"
        printf "%6s %17s %16s %10s\n", "N", "allgather inter/s", "ring inter/s", "ring/allg."
        for (b = 1; b <= 2; b++) {
            bodies = b == 1 ? 4096 : 16384
            a = median("swift-allgather" SUBSEP 2 SUBSEP bodies)
            g = median("swift" SUBSEP 2 SUBSEP bodies)
            printf "%6d %17s %16s %10s\n", bodies, show(a, "%.4e"), show(g, "%.4e"), show(ratio(g, a), "%.3f")
        }

        if (measure == "wall") printf "\nParallel efficiency on 2 ranks, rate(2) / (2 rate(1))\n"
        else printf "\nParallel efficiency on 2 ranks, rate(2) / rate(1) per processor-second\n"
        printf "%6s %8s %8s  %s\n", "N", "C", "Swift", "target Swift >= 0.90 at N = 16384"
        scale = measure == "wall" ? 2 : 1
        for (b = 1; b <= 2; b++) {
            bodies = b == 1 ? 4096 : 16384
            ec = ratio(median("c" SUBSEP 2 SUBSEP bodies), scale * median("c" SUBSEP 1 SUBSEP bodies))
            es = ratio(median("swift" SUBSEP 2 SUBSEP bodies), scale * median("swift" SUBSEP 1 SUBSEP bodies))
            printf "%6d %8s %8s  %s\n", bodies, show(ec, "%.3f"), show(es, "%.3f"), bodies == 16384 ? verdict(es, 0.90) : ""
            if (bodies == 16384) verdicts = verdicts " efficiency-16384:" verdict(es, 0.90)
        }
        printf "\nTargets (%s):%s\n\n", measure, verdicts
    }
' "$results"
done
