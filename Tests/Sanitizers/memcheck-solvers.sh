#!/usr/bin/env bash
# Runs small heat and nbody cases on 2 ranks under valgrind's memcheck and fails if memcheck reports an
# error that the suppression files do not account for: Open MPI's own file plus ours (memcheck.supp, beside
# this script), which holds only reports from inside Open MPI and the Swift runtime, each with its reason.
#
# Every case also restarts from the checkpoint it wrote, so checkpoint reading is checked as well as writing.
set -euo pipefail

usage="usage: $0 BIN_DIR WORK_DIR   (BIN_DIR holds the heat and nbody executables, e.g. .build/debug;
       WORK_DIR receives each case's output and memcheck's logs, one per rank)"
if [ $# -ne 2 ]; then echo "$usage" >&2; exit 64; fi
bin_dir=$(cd "$1" && pwd)
mkdir -p "$2" && work_dir=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

openmpi_suppressions=${OPENMPI_VALGRIND_SUPP:-/usr/share/openmpi/openmpi-valgrind.supp}
for needed in "$bin_dir/heat" "$bin_dir/nbody" "$openmpi_suppressions"; do
    if [ ! -e "$needed" ]; then echo "$0: $needed is missing" >&2; exit 1; fi
done
command -v valgrind >/dev/null || { echo "$0: valgrind is not installed" >&2; exit 1; }

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1 SWIFT_BACKTRACE=enable=no

# Memcheck exits with this status when it reported an error, so a failing case is told apart from a
# program that refused its input (status 1) or an MPI abort.
memcheck_status=97

failures=0
run_case() {
    local name=$1 program=$2; shift 2
    local dir="$work_dir/$name"
    rm -rf "$dir" && mkdir -p "$dir"
    echo "memcheck: $name: mpirun -n 2 $program $*"
    local start=$SECONDS status=0
    (cd "$dir" && mpirun -n 2 --bind-to none --timeout 600 \
        valgrind --tool=memcheck --error-exitcode=$memcheck_status --num-callers=40 --keep-debuginfo=yes \
            --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
            --suppressions="$openmpi_suppressions" --suppressions="$here/memcheck.supp" \
            --log-file="$dir/memcheck.rank%q{OMPI_COMM_WORLD_RANK}.log" \
            "$bin_dir/$program" "$@" >"$dir/output.txt" 2>&1) || status=$?
    local summary
    summary=$(cat "$dir"/memcheck.rank*.log 2>/dev/null | grep "ERROR SUMMARY" | sed 's/^==[0-9]*== //' | paste -sd ';' || true)
    echo "memcheck: $name: exit $status after $((SECONDS - start)) s; per rank: $summary"
    if [ "$status" -ne 0 ]; then
        failures=$((failures + 1))
        cat "$dir/output.txt"
        for log in "$dir"/memcheck.rank*.log; do echo "--- $log"; cat "$log"; done
    fi
}

run_case heat-2d-explicit heat --dims 2 --nx 24 --ny 20 --steps 6 --init gaussian --bc dirichlet,periodic \
    --output snapshots --every 3 --checkpoint checkpoints --checkpoint-every 3 --summary-json summary.json
run_case heat-2d-explicit-restart heat --restart ../heat-2d-explicit/checkpoints/heat_00000003.ckpt --steps 6 \
    --output snapshots --every 3
run_case heat-3d-implicit heat --dims 3 --nx 10 --ny 8 --nz 6 --steps 3 --scheme implicit --dt 1e-3 \
    --init gaussian --bc neumann --output snapshots --every 1 --checkpoint checkpoints --checkpoint-every 2 \
    --summary-json summary.json
run_case heat-2d-implicit heat --dims 2 --nx 16 --ny 16 --steps 3 --scheme implicit --init sine --validate \
    --output snapshots --every 1
run_case heat-3d-explicit heat --dims 3 --nx 8 --ny 8 --nz 8 --steps 4 --bc periodic \
    --checkpoint checkpoints --checkpoint-every 2
run_case nbody nbody --bodies 64 --steps 6 --output snapshots --every 3 --checkpoint checkpoints \
    --checkpoint-every 3 --final-state final.csv --summary-json summary.json
run_case nbody-restart nbody --restart ../nbody/checkpoints/checkpoint-00000003.nbck --steps 6 --exchange ring \
    --final-state final.csv

if [ "$failures" -ne 0 ]; then
    echo "memcheck: $failures case(s) failed; logs in $work_dir" >&2
    exit 1
fi
echo "memcheck: every case ran clean"
