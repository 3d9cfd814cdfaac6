#!/usr/bin/env bash
# suite.sh: the whole benchmark suite, Swift beside the C references (and mpi4py), in one table.
#
#   Examples/Benchmarks/suite.sh C_DIR SWIFT_BIN_DIR RESULTS_ROOT
#
# C_DIR holds the C references as bench.mk builds them (pingpong-c, collectives-c, halo-c, heat-c,
# stream-c, nbody-c, nbody-same-arithmetic-c), SWIFT_BIN_DIR the Swift release products (bench-p2p,
# bench-collectives, bench-halo, heat, nbody). Runs compare-p2p.sh, compare-collectives.sh,
# compare-halo.sh, compare-heat.sh (with STREAM) and compare-nbody.sh in turn, all writing their records into one file, then report.py prints
# one table (work, size, ranks, Swift, reference, ratio, target, met?) and writes, under
# RESULTS_ROOT/<UTC timestamp>/:
#
#   records.csv   every figure of every run: work,size,ranks,impl,repeat,value,unit
#   machine.txt   the machine and the run: CPU, cores, memory, the MPI, Swift, compilers and flags,
#                 commit, settings, load average before and after, time taken
#   table.txt     the table as printed
#   bench.csv     the table's rows: median, min and max of each figure and of the ratio, target, verdict
#   bench.json    the same with the machine description and every repeat's value
#
# A suite whose run fails is named at the end and makes the exit status non-zero; the others still run
# and are reported. Missed targets do not: `make bench-check` judges them.
#
# Environment:
#   REPEATS         runs of every program (default 3)
#   SUITES          which suites to run (default "p2p collectives halo heat nbody"; heat includes STREAM)
#   P2P_ARGS, COLLECTIVES_ARGS, HALO_ARGS   arguments of those benchmarks (--iterations-scale S, …)
#   HEAT_ENV, NBODY_ENV                     NAME=VALUE words for compare-heat.sh and compare-nbody.sh
#                                           (NX NY STEPS RANKS; STEPS_4096 STEPS_16384)
#   SWIFT, BENCH_CFLAGS, BENCH_NBODY_CFLAGS, SWIFT_RELEASE_FLAGS   described in machine.txt
#   and what the compare scripts read (MPIRUN, MPIRUN_FLAGS, PYTHON, BENCH_TIMEOUT: see lib.sh).
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 C_DIR SWIFT_BIN_DIR RESULTS_ROOT" >&2
    exit 2
fi
c_dir=$1
swift_dir=$2
results_root=$3
script_dir=$(cd "$(dirname "$0")" && pwd)
source "$script_dir/lib.sh"
bench_repeats 3
bench_check_timeout
export REPEATS=$repeats
read -r -a suites <<< "${SUITES:-p2p collectives halo heat nbody}"
for suite in "${suites[@]}"; do
    case $suite in
        p2p | collectives | halo | heat | nbody) ;;
        *) echo "$0: unknown suite '$suite' in SUITES (make: BENCH_SUITES); known: p2p collectives halo heat nbody" >&2; exit 2 ;;
    esac
done
read -r -a p2p_args <<< "${P2P_ARGS:-}"
read -r -a collectives_args <<< "${COLLECTIVES_ARGS:-}"
read -r -a halo_args <<< "${HALO_ARGS:-}"
read -r -a heat_env <<< "${HEAT_ENV:-}"
read -r -a nbody_env <<< "${NBODY_ENV:-}"

started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$results_root/$stamp
mkdir -p "$results_root"
mkdir "$results"    # not -p: two runs started in the same second must not share a folder
export BENCH_RECORDS=$results/records.csv

first_line() { "$@" 2>&1 | head -n 1 || true; }
commit() {
    local id
    id=$(git -C "$script_dir" rev-parse --short=12 HEAD 2>/dev/null) || { echo "unknown (not a git checkout)"; return; }
    if git -C "$script_dir" diff --quiet HEAD 2>/dev/null; then echo "$id"; else echo "$id with uncommitted changes"; fi
}
bench_find_mpi4py
{
    echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(uname -n)"
    echo "cpu: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
    echo "cores: $(nproc) online CPUs$(lscpu 2>/dev/null | awk -F': *' '
        /^Socket\(s\)/ { sockets = $2 } /^Core\(s\) per socket/ { cores = $2 } /^Thread\(s\) per core/ { threads = $2 }
        END { if (sockets) printf " (%s socket(s) x %s core(s) x %s thread(s))", sockets, cores, threads }')"
    echo "simd: $(grep -m 1 -o -w -E 'sse4_2|avx|avx2|fma|avx512f|avx512vl' /proc/cpuinfo 2>/dev/null | sort -u | xargs)"
    echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)"
    echo "kernel: $(uname -sr)"
    # Open MPI's launcher names itself on its first line; Hydra's says "HYDRA build details:" first.
    echo "mpi: ${MPIRUN:-mpirun}, $("${MPIRUN:-mpirun}" --version 2>&1 | grep -m 1 -i -e version -e 'open mpi' | xargs || true)"
    echo "mpicc: $(first_line "${MPICC:-mpicc}" --version)"
    echo "swift: $(first_line "${SWIFT:-swift}" --version)"
    echo "mpi4py: ${python_note:-not installed}"
    echo "commit: $(commit)"
    echo "c_flags: ${BENCH_CFLAGS:-?}; n-body: ${BENCH_NBODY_CFLAGS:-?}"
    echo "swift_flags: ${SWIFT_RELEASE_FLAGS:-?}"
    echo "repeats: $repeats"
    echo "suites: ${suites[*]}"
    echo "settings: p2p ${P2P_ARGS:-(defaults)}; collectives ${COLLECTIVES_ARGS:-(defaults)};" \
        "halo ${HALO_ARGS:-(defaults)}; heat ${HEAT_ENV:-(defaults)}; nbody ${NBODY_ENV:-(defaults)}"
    echo "load_before: $(bench_load)"
} > "$results/machine.txt"

failed=()
for suite in "${suites[@]}"; do
    echo "suite: $suite ($(date -u +%H:%M:%S) UTC, load average $(bench_load))" >&2
    case $suite in
        p2p) "$script_dir/compare-p2p.sh" "$c_dir/pingpong-c" "$swift_dir/bench-p2p" "${p2p_args[@]}" ;;
        collectives) "$script_dir/compare-collectives.sh" "$c_dir/collectives-c" "$swift_dir/bench-collectives" \
            "${collectives_args[@]}" ;;
        halo) "$script_dir/compare-halo.sh" "$c_dir/halo-c" "$swift_dir/bench-halo" "${halo_args[@]}" ;;
        heat) env "${heat_env[@]}" "$script_dir/compare-heat.sh" "$c_dir/heat-c" "$c_dir/stream-c" "$swift_dir/heat" ;;
        nbody) env "${nbody_env[@]}" "$script_dir/compare-nbody.sh" "$c_dir/nbody-c" "$c_dir/nbody-same-arithmetic-c" \
            "$swift_dir/nbody" ;;
    esac || failed+=("$suite")
done
{
    echo "load_after: $(bench_load)"
    echo "elapsed: $(( $(date +%s) - started )) s"
    echo "failed_suites: ${failed[*]}"
} >> "$results/machine.txt"

python3 "$script_dir/report.py" write "$results"
echo
echo "Results: $results/ (table.txt, bench.csv, bench.json, records.csv, machine.txt)"
if [ ${#failed[@]} -gt 0 ]; then
    echo "$0: runs failed in: ${failed[*]} (their rows are missing or partial; see the messages above)" >&2
    exit 1
fi
