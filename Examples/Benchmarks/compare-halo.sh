#!/usr/bin/env bash
# compare-halo.sh: the halo-exchange benchmark, Swift beside the C reference, in one table.
#
#   Examples/Benchmarks/compare-halo.sh C_BINARY SWIFT_BINARY [--iterations-scale S]
#
# Runs the C reference (c/halo.c) and the Swift benchmark (bench-halo) alternately, REPEATS times each,
# so that drift in the machine's load hits both alike, and records every figure (lib.sh, report.py):
#
# One halo exchange of a 4096 × 4096 double array with one ghost layer (star stencil), on MPI's grid
# (2x1 at 2 ranks: rows exchanged) and on 1xP (columns exchanged): Swift's updateHalo() and
# HaloExchange.exchange() each against C's MPI_Sendrecv code; target Swift/C ≤ 1.1 (issue 4). Both also
# beside C that starts every message at once (MPI_Isend/MPI_Irecv + MPI_Waitall), as Swift's persistent
# requests do: the Sendrecv code waits for one direction before starting the other. Then the 5-point
# Jacobi sweep written four ways with the Swift API against the C loop (no target: the kernel's
# requirement is a tight loop, checked in the disassembly). Microseconds per call, each the median of
# 15 blocks.
#
# Environment:
#   REPEATS       runs of each program (default 5)
#   MPIRUN        the launcher, words allowed (default mpirun)
#   MPIRUN_FLAGS  its flags (default "-n 2 --bind-to core": one rank per core)
#
# Exits non-zero when a run fails, not when a target is missed: figures on a shared machine are noisy,
# and a benchmark reports them rather than judging them (`make bench-check` judges).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bench_take_programs "[--iterations-scale S]" "$@"
bench_repeats 5
bench_mpirun "-n 2 --bind-to core"
bench_open_records

# run IMPL REPEAT PROGRAM…: one launch, its figures recorded.
run() {
    local ranks
    bench_launch "$1 run" "${@:3}"
    # Every line names the process grid, PxQ: P × Q ranks.
    ranks=$(awk 'NF == 3 { split($2, grid, "x"); print grid[1] * grid[2]; exit }' <<< "$output")
    bench_program_records halo- "$1" "$ranks" "$2" us <<< "$output"
}

load_before=$(bench_load)
for ((r = 1; r <= repeats; r++)); do
    echo "halo: run $r of $repeats: C, Swift" >&2
    run c "$r" "$c_binary" "${program_arguments[@]}"
    run swift "$r" "$swift_binary" "${program_arguments[@]}"
done

bench_report halo "Halo exchange of a 4096 x 4096 double array (ghost width 1, star stencil) and a 5-point Jacobi \
sweep (${mpirun_flags[*]}): microseconds per call; load average (1 min) before $load_before, after $(bench_load)"
