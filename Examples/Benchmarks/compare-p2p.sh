#!/usr/bin/env bash
# compare-p2p.sh: the point-to-point benchmark, Swift beside the C reference (and mpi4py), in one table.
#
#   Examples/Benchmarks/compare-p2p.sh C_BINARY SWIFT_BINARY [--iterations-scale S] [--sizes MIN:MAX]
#
# Runs the C reference (c/pingpong.c), the Swift benchmark (bench-p2p) and, when a Python with mpi4py
# is found, python/pingpong.py alternately, REPEATS times each, so that drift in the machine's load hits
# all alike, and records every figure (lib.sh, report.py): ping-pong latency 0 B … 4 MiB, windowed
# bandwidth (each request waited on, and through RequestSet), and the Codable object ping-pong beside
# mpi4py's pickled one. Targets (issue 2), judged on the medians by report.py:
#
#   latency of 8-byte messages       Swift/C ≤ 1.05
#   bandwidth of 4 MiB messages      Swift/C ≥ 0.97
#   Codable object ping-pong         ≤ 1.6 µs
#
# Environment:
#   REPEATS       runs of each program (default 3)
#   MPIRUN        the launcher (default mpirun)
#   MPIRUN_FLAGS  its flags (default "-n 2 --bind-to core": one rank per core, the steadiest here)
#   PYTHON        the Python for mpi4py (default: see bench_find_mpi4py in lib.sh)
#
# Benchmark arguments (--iterations-scale S, --sizes MIN:MAX) go to the C and Swift programs, the scale
# to mpi4py too. Exits non-zero when a run fails, not when a target is missed: figures on a shared
# machine are noisy, and a benchmark reports them rather than judging them (`make bench-check` judges).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bench_take_programs "[--iterations-scale S] [--sizes MIN:MAX]" "$@"
bench_repeats 3
bench_mpirun "-n 2 --bind-to core"
bench_find_mpi4py
# mpi4py's ping-pong takes the iteration scale only (it measures the object ping-pong alone).
python_arguments=()
for ((i = 0; i + 1 < ${#program_arguments[@]}; i++)); do
    if [ "${program_arguments[i]}" = --iterations-scale ]; then
        python_arguments=(--iterations-scale "${program_arguments[i + 1]}")
    fi
done
bench_open_records

# run IMPL REPEAT PROGRAM…: one launch, its figures recorded.
run() {
    bench_launch "$1 run" "${@:3}"
    bench_program_records p2p- "$1" 2 "$2" us bandwidth=MB/s bandwidth-requestset=MB/s <<< "$output"
}

load_before=$(bench_load)
for ((r = 1; r <= repeats; r++)); do
    echo "p2p: run $r of $repeats: C, Swift${python:+, mpi4py}" >&2
    run c "$r" "$c_binary" "${program_arguments[@]}"
    run swift "$r" "$swift_binary" "${program_arguments[@]}"
    if [ -n "$python" ]; then run mpi4py "$r" "$python" "$bench_dir/python/pingpong.py" "${python_arguments[@]}"; fi
done

bench_report p2p "Point-to-point at 2 ranks (${mpirun_flags[*]}); load average (1 min) before $load_before, \
after $(bench_load), of which the benchmark's two ranks make about 2; mpi4py: ${python_note:-not installed}"
