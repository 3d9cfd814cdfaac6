#!/usr/bin/env bash
# compare-nbody.sh: the direct N-body solver, Swift (Examples/nbody) beside the C reference (c/nbody.c).
#
#   Examples/Benchmarks/compare-nbody.sh C_BINARY C_SAME_ARITHMETIC_BINARY SWIFT_BINARY
#
# C_BINARY is c/nbody.c as the issue sets the reference: the textbook loop, 1.0 / sqrt(r2), vectorised
# by GCC. C_SAME_ARITHMETIC_BINARY is the same file built with -DNBODY_NEWTON_INVERSE_SQRT: explicit
# 8-wide vectors and the Swift kernel's 1/√r² (an estimate and four Newton steps, no divider), so that
# the table also shows Swift against C on the same arithmetic (work nbody-same-arithmetic).
#
# Both programs integrate the same Plummer sphere (written once by the Swift program as CSV, read by
# both) with the same time step and softening, for N = 4096 and 16384 bodies on 1 and 2 ranks, and the
# Swift program once more on 2 ranks with its other exchange: allgatherv (as C) instead of the default
# ring. Each configuration runs REPEATS times, C and Swift alternately so that drift in the machine's
# load hits both alike, and records every figure (lib.sh, report.py): interactions per second (N² per
# step, timed over the stepping loop; GFLOP/s = 20 flops per interaction × that), from which report.py
# derives the parallel efficiency on 2 ranks, rate(2) / (2 × rate(1)), within each repeat. Targets
# (issue 6):
#
#   Swift/C ≥ 1.0 for every size and rank count
#   parallel efficiency of Swift on 2 ranks for N = 16384 ≥ 0.90
#
# The same figures are recorded per processor-second (processor time summed over ranks): on a machine
# that other jobs share, wall-clock rates measure the load as much as the program, while a rank waiting
# for a core accrues no processor time (a rank spinning in MPI for another rank does, so imbalance and
# communication still count against the parallel efficiency).
#
# Environment:
#   REPEATS       runs of each program per configuration (default 3)
#   MPIRUN        the launcher (default mpirun)
#   MPIRUN_FLAGS  its flags besides -n (default "--bind-to core": one rank per core, the steadiest here)
#   STEPS_4096, STEPS_16384   steps per run (defaults 100 and 10: about 3 and 4.5 s for C_BINARY on one core)
#
# Exits non-zero when a run fails, not when a target is missed: figures on a shared machine are noisy,
# and a benchmark reports them rather than judging them (`make bench-check` judges).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ $# -ne 3 ]; then
    echo "usage: $0 C_BINARY C_SAME_ARITHMETIC_BINARY SWIFT_BINARY" >&2
    exit 2
fi
c_binary=$1
c_same_arithmetic_binary=$2
swift_binary=$3
bench_repeats 3
bench_mpirun "--bind-to core"
bench_require_executables "$c_binary" "$c_same_arithmetic_binary" "$swift_binary"
bench_open_records
physics=(--dt 0.001 --softening 0.01)

# record_rates WORK RANKS BODIES IMPL REPEAT PER_SECOND PER_PROCESSOR_SECOND
record_rates() {
    bench_record "$1" "$3" "$2" "$4" "$5" "$6" interactions/s
    bench_record "$1-per-processor" "$3" "$2" "$4" "$5" "$7" interactions/s
}

run_c() {
    local ranks=$1 bodies=$2 steps=$3 repeat=$4
    bench_launch "C run ($ranks ranks, $bodies bodies)" -n "$ranks" "$c_binary" --ic "$scratch/ic-$bodies.csv" \
        --steps "$steps" "${physics[@]}"
    record_rates nbody "$ranks" "$bodies" c "$repeat" "$(bench_result_field interactions_per_second <<< "$output")" \
        "$(bench_result_field interactions_per_processor_second <<< "$output")"
    bench_launch "C run, same arithmetic ($ranks ranks, $bodies bodies)" -n "$ranks" "$c_same_arithmetic_binary" \
        --ic "$scratch/ic-$bodies.csv" --steps "$steps" "${physics[@]}"
    bench_record nbody-same-arithmetic "$bodies" "$ranks" c "$repeat" \
        "$(bench_result_field interactions_per_second <<< "$output")" interactions/s
}

# The allgather exchange is recorded as work nbody-allgather: the ring is the solver's default.
run_swift() {
    local ranks=$1 bodies=$2 steps=$3 repeat=$4 exchange=$5 summary=$scratch/summary.json
    bench_launch "Swift run ($ranks ranks, $bodies bodies, $exchange)" -n "$ranks" "$swift_binary" \
        --ic "file:$scratch/ic-$bodies.csv" --steps "$steps" "${physics[@]}" --exchange "$exchange" \
        --diagnostics-every "$steps" --quiet --summary-json "$summary"
    local per_second
    per_second=$(bench_summary_field interactions_per_second "$summary")
    if [ "$exchange" = allgather ]; then
        # Only the default exchange, the ring, is compared per processor-second too.
        bench_record nbody-allgather "$bodies" "$ranks" swift "$repeat" "$per_second" interactions/s
    else
        record_rates nbody "$ranks" "$bodies" swift "$repeat" "$per_second" \
            "$(bench_summary_field interactions_per_processor_second "$summary")"
    fi
}

load_before=$(bench_load)
for bodies in 4096 16384; do
    "$swift_binary" --ic plummer --bodies "$bodies" --seed 1 --steps 0 --quiet --final-state "$scratch/ic-$bodies.csv"
done
for ((r = 1; r <= repeats; r++)); do
    echo "nbody: run $r of $repeats: C, then Swift, for each size and rank count" >&2
    for bodies in 4096 16384; do
        steps=$([ "$bodies" = 4096 ] && echo "${STEPS_4096:-100}" || echo "${STEPS_16384:-10}")
        for ranks in 1 2; do
            run_c "$ranks" "$bodies" "$steps" "$r"
            run_swift "$ranks" "$bodies" "$steps" "$r" ring
        done
        run_swift 2 "$bodies" "$steps" "$r" allgather
    done
done

bench_report nbody "Direct n-body, Plummer sphere, dt 0.001, softening 0.01 (${mpirun_flags[*]}); interactions per \
second (x 20 = flop/s); load average (1 min) before $load_before, after $(bench_load), of which the benchmark makes 1 or 2"
