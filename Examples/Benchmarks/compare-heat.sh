#!/usr/bin/env bash
# compare-heat.sh: the explicit heat solver, Swift beside the C reference, with the memory-bandwidth
# roofline that bounds both.
#
#   Examples/Benchmarks/compare-heat.sh HEAT_C STREAM_C HEAT_SWIFT
#
# For 1 and 2 ranks: STREAM triad (c/stream.c), then the C Jacobi reference (c/heat.c) and the Swift
# `heat` example alternately, REPEATS times each, so that drift in the machine's load hits both alike.
# Both solve the same problem: 2-D, NX × NY interior cells, STEPS forward Euler steps of the 5-point
# stencil, rows split in blocks over the ranks, halo rows exchanged every step. Prints the median of
# each figure and the ratio Swift/C (target ≥ 0.95).
#
# Roofline model. A sweep reads u once (its neighbours come from cache: three rows of 4096 doubles are
# 96 KiB) and writes v once; an ordinary store first reads the line it writes (write-allocate), so the
# memory traffic is 24 B per cell. STREAM reports the triad with 24 B per element (two loads, one
# store), not counting the write-allocate read that ordinary stores also cause, so the memory system
# moved 32 B per element; the roofline is therefore
#
#   MLUPS_max = triad GB/s × 32/24 / 24 B × 1000  (= triad GB/s / 18 B × 1000)
#
# Both programs also report their fastest single step: on a machine shared with other work, that
# figure (printed below the table) shows the kernels' speed with the least interference.
#
# Environment:
#   REPEATS       runs of each program (default 3)
#   MPIRUN        the launcher (default mpirun)
#   MPIRUN_FLAGS  its flags besides -n (default "--bind-to core": one rank per core)
#   NX NY STEPS   the problem (default 4096 4096 100)
#   RANKS         the rank counts (default "1 2")
#
# Needs only bash, awk and sort. Exits non-zero when a run fails, not when the target is missed:
# figures on a shared machine are noisy, and a benchmark reports them rather than judging them.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 HEAT_C STREAM_C HEAT_SWIFT" >&2
    exit 2
fi
heat_c=$1
stream_c=$2
heat_swift=$3
repeats=${REPEATS:-3}
mpirun=${MPIRUN:-mpirun}
read -r -a mpirun_flags <<< "${MPIRUN_FLAGS:---bind-to core}"
nx=${NX:-4096}
ny=${NY:-4096}
steps=${STEPS:-100}
read -r -a rank_counts <<< "${RANKS:-1 2}"
if ! [[ $repeats =~ ^[1-9][0-9]*$ ]]; then
    echo "$0: REPEATS must be a positive integer, got '$repeats'" >&2
    exit 2
fi
for binary in "$heat_c" "$stream_c" "$heat_swift"; do
    [ -x "$binary" ] || { echo "$0: $binary is not an executable (build it first)" >&2; exit 2; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
results=$scratch/results

launch() {
    local ranks=$1
    shift
    "$mpirun" -n "$ranks" "${mpirun_flags[@]}" "$@"
}

# Appends "kind ranks value" lines to the results file.
record() { echo "$1 $2 $3" >> "$results"; }

field() {   # the value after a keyword in a "result …" line
    awk -v key="$1" '$1 == "result" { for (i = 2; i < NF; i++) if ($i == key) print $(i + 1) }'
}

load() { [ -r /proc/loadavg ] && cut -d" " -f1 /proc/loadavg || echo "?"; }
load_before=$(load)

for ranks in "${rank_counts[@]}"; do
    for ((r = 1; r <= repeats; r++)); do
        echo "ranks $ranks, run $r of $repeats: STREAM, C, Swift" >&2
        output=$(launch "$ranks" "$stream_c") || { echo "$0: STREAM failed on $ranks ranks" >&2; exit 1; }
        record stream "$ranks" "$(printf '%s\n' "$output" | field triad_gbs)"
        output=$(launch "$ranks" "$heat_c" "$nx" "$ny" "$steps") || { echo "$0: C heat failed on $ranks ranks" >&2; exit 1; }
        record c "$ranks" "$(printf '%s\n' "$output" | field mlups)"
        record c_fastest "$ranks" "$(printf '%s\n' "$output" | field fastest_step_mlups)"
        summary=$scratch/summary.json
        launch "$ranks" "$heat_swift" --nx "$nx" --ny "$ny" --steps "$steps" --quiet --summary-json "$summary" \
            || { echo "$0: Swift heat failed on $ranks ranks" >&2; exit 1; }
        record swift "$ranks" "$(awk -F'[:,]' '/"mlups"/ { gsub(/ /, "", $2); print $2 }' "$summary")"
        record swift_fastest "$ranks" "$(awk -F'[:,]' '/"mlups_fastest_step"/ { gsub(/ /, "", $2); print $2 }' "$summary")"
    done
done

echo "Load average (1 min) before: $load_before; after: $(load) (the benchmark itself adds up to 2)"
echo "Problem: ${nx} x ${ny} interior cells, ${steps} explicit steps; medians of $repeats runs; MLUPS = cells x steps / s / 1e6"
echo
awk -v repeats="$repeats" -v ranklist="${rank_counts[*]}" '
    { key = $1 SUBSEP $2; values[key, ++count[key]] = $3; all[key] = all[key] " " sprintf("%.0f", $3) }
    function median(key,    n, i, j, t, v) {
        n = count[key]
        for (i = 1; i <= n; i++) v[i] = values[key, i]
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    END {
        printf "%-6s %10s %12s %12s %8s %14s %12s %10s %10s\n", "ranks", "triad GB/s", "C MLUPS", "Swift MLUPS",
            "Swift/C", "roofline MLUPS", "C/roofline", "Swift/roof", "target"
        n = split(ranklist, ranks, " ")
        for (i = 1; i <= n; i++) {
            p = ranks[i]
            stream = median("stream" SUBSEP p); c = median("c" SUBSEP p); swift = median("swift" SUBSEP p)
            roof = stream * 32 / 24 / 24 * 1000
            printf "%-6s %10.1f %12.0f %12.0f %8.3f %14.0f %11.0f%% %9.0f%% %10s\n", p, stream, c, swift, swift / c, roof,
                100 * c / roof, 100 * swift / roof, (swift / c >= 0.95 ? "met" : "missed")
        }
        print ""
        print "fastest single step (each run'"'"'s least disturbed step; medians over runs), MLUPS:"
        for (i = 1; i <= n; i++) {
            p = ranks[i]
            c = median("c_fastest" SUBSEP p); swift = median("swift_fastest" SUBSEP p)
            printf "  %d rank%s  C %.0f  Swift %.0f  Swift/C %.3f\n", p, (p == 1 ? " " : "s"), c, swift, swift / c
        }
        print ""
        print "all runs (MLUPS or GB/s):"
        for (i = 1; i <= n; i++) {
            p = ranks[i]
            printf "  %d rank%s  STREAM%s | C%s | Swift%s\n", p, (p == 1 ? " " : "s"), all["stream" SUBSEP p], all["c" SUBSEP p], all["swift" SUBSEP p]
        }
    }
' "$results"
