#!/usr/bin/env bash
# compare-collectives.sh: the collectives benchmark, Swift beside the C reference (and mpi4py), in one table.
#
#   Examples/Benchmarks/compare-collectives.sh C_BINARY SWIFT_BINARY [--iterations-scale S]
#
# Runs the C reference (c/collectives.c), the Swift benchmark (bench-collectives) and, when a Python
# with mpi4py and numpy is found, python/collectives.py alternately, REPEATS times each, so that drift
# in the machine's load hits all alike, and records every figure (lib.sh, report.py): microseconds per
# allreduce (8 B, 8 MiB), broadcast and alltoall, each the median of 15 blocks. Targets (issue 3):
# Swift/C ≤ 1.05 for typed buffers at every size, and Swift's allreduce of one double at least 3× faster
# than mpi4py's buffer path (comm.Allreduce on numpy arrays).
#
# Environment:
#   REPEATS       runs of each program (default 5)
#   MPIRUN        the launcher, words allowed (default mpirun)
#   MPIRUN_FLAGS  its flags (default "-n 2 --bind-to core": one rank per core)
#   PYTHON        the Python for mpi4py (default: see bench_find_mpi4py in lib.sh)
#
# Exits non-zero when a run fails, not when a target is missed: figures on a shared machine are noisy,
# and a benchmark reports them rather than judging them (`make bench-check` judges).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bench_take_programs "[--iterations-scale S]" "$@"
bench_repeats 5
bench_mpirun "-n 2 --bind-to core"
ranks=$(bench_flag_ranks)
bench_find_mpi4py
bench_open_records

# run IMPL REPEAT PROGRAM…: one launch, its figures recorded.
run() {
    bench_launch "$1 run" "${@:3}"
    bench_program_records "" "$1" "$ranks" "$2" us <<< "$output"
}

load_before=$(bench_load)
for ((r = 1; r <= repeats; r++)); do
    echo "collectives: run $r of $repeats: C, Swift${python:+, mpi4py}" >&2
    run c "$r" "$c_binary" "${program_arguments[@]}"
    run swift "$r" "$swift_binary" "${program_arguments[@]}"
    if [ -n "$python" ]; then
        run mpi4py "$r" "$python" "$bench_dir/python/collectives.py" "${program_arguments[@]}"
    fi
done

bench_report collectives "Collectives at $ranks ranks (${mpirun_flags[*]}): microseconds per call; load average (1 min) \
before $load_before, after $(bench_load), of which the benchmark's two ranks make about 2; mpi4py: ${python_note:-not installed}"
