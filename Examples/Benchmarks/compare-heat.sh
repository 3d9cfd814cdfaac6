#!/usr/bin/env bash
# compare-heat.sh: the explicit heat solver, Swift beside the C reference, with the memory-bandwidth
# roofline that bounds both.
#
#   Examples/Benchmarks/compare-heat.sh HEAT_C STREAM_C HEAT_SWIFT
#
# For 1 and 2 ranks: STREAM triad (c/stream.c), then the C Jacobi reference (c/heat.c) and the Swift
# `heat` example alternately, REPEATS times each, so that drift in the machine's load hits both alike,
# and records every figure (lib.sh, report.py). Both solve the same problem: 2-D, NX × NY interior
# cells, STEPS forward Euler steps of the 5-point stencil, rows split in blocks over the ranks, halo rows
# exchanged every step. Target (issue 5): Swift/C MLUPS ≥ 0.95 at both rank counts.
#
# Roofline model. A sweep reads u once (its neighbours come from cache: three rows of 4096 doubles are
# 96 KiB) and writes v once; an ordinary store first reads the line it writes (write-allocate), so the
# memory traffic is 24 B per cell. STREAM reports the triad with 24 B per element (two loads, one
# store), not counting the write-allocate read that ordinary stores also cause, so the memory system
# moved 32 B per element; the roofline is therefore
#
#   MLUPS_max = triad GB/s × 32/24 / 24 B × 1000  (= triad GB/s / 18 B × 1000)
#
# report.py computes it per repeat from that repeat's triad. Both programs also report their fastest
# single step: on a machine shared with other work, that figure shows the kernels' speed with the
# least interference.
#
# Environment:
#   REPEATS       runs of each program (default 3)
#   MPIRUN        the launcher (default mpirun)
#   MPIRUN_FLAGS  its flags besides -n (default "--bind-to core": one rank per core)
#   NX NY STEPS   the problem (default 4096 4096 100)
#   RANKS         the rank counts (default "1 2")
#
# Exits non-zero when a run fails, not when the target is missed: figures on a shared machine are
# noisy, and a benchmark reports them rather than judging them (`make bench-check` judges).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ $# -ne 3 ]; then
    echo "usage: $0 HEAT_C STREAM_C HEAT_SWIFT" >&2
    exit 2
fi
heat_c=$1
stream_c=$2
heat_swift=$3
bench_repeats 3
bench_mpirun "--bind-to core"
nx=${NX:-4096}
ny=${NY:-4096}
steps=${STEPS:-100}
read -r -a rank_counts <<< "${RANKS:-1 2}"
bench_require_executables "$heat_c" "$stream_c" "$heat_swift"
bench_open_records

load_before=$(bench_load)
cells=${nx}x${ny}
for ranks in "${rank_counts[@]}"; do
    for ((r = 1; r <= repeats; r++)); do
        echo "heat: ranks $ranks, run $r of $repeats: STREAM, C, Swift" >&2
        bench_launch "STREAM on $ranks ranks" -n "$ranks" "$stream_c"
        elements=$(bench_result_field elements <<< "$output")
        bench_record stream-triad "$elements" "$ranks" c "$r" "$(bench_result_field triad_gbs <<< "$output")" GB/s
        bench_launch "C heat on $ranks ranks" -n "$ranks" "$heat_c" "$nx" "$ny" "$steps"
        bench_record heat "$cells" "$ranks" c "$r" "$(bench_result_field mlups <<< "$output")" MLUPS
        fastest=$(bench_result_field fastest_step_mlups <<< "$output")
        bench_record heat-fastest-step "$cells" "$ranks" c "$r" "$fastest" MLUPS
        summary=$scratch/summary.json
        bench_launch "Swift heat on $ranks ranks" -n "$ranks" "$heat_swift" --nx "$nx" --ny "$ny" --steps "$steps" \
            --quiet --summary-json "$summary"
        bench_record heat "$cells" "$ranks" swift "$r" "$(bench_summary_field mlups "$summary")" MLUPS
        fastest=$(bench_summary_field mlups_fastest_step "$summary")
        bench_record heat-fastest-step "$cells" "$ranks" swift "$r" "$fastest" MLUPS
    done
done

bench_report heat "Explicit 2-D heat, ${nx} x ${ny} interior cells, ${steps} steps (${mpirun_flags[*]}); MLUPS = cells x \
steps / s / 1e6; load average (1 min) before $load_before, after $(bench_load), of which the benchmark makes up to 2"
