#!/usr/bin/env bash
# compare-collectives.sh: the collectives benchmark, Swift beside the C reference (and mpi4py), in one table.
#
#   Examples/Benchmarks/compare-collectives.sh C_BINARY SWIFT_BINARY [--iterations-scale S]
#
# Runs the C reference (c/collectives.c), the Swift benchmark (bench-collectives) and, when a Python
# with mpi4py and numpy is found, python/collectives.py alternately, REPEATS times each, so that drift
# in the machine's load hits all alike; then prints one table of medians:
#
#   work, size, C µs, Swift µs, Swift/C, target (Swift/C ≤ 1.05), met?
#
# and mpi4py's buffer-path allreduce of one double beside Swift's (target: Swift ≥ 3× faster). The
# fastest run of each program and the load average are printed too: on a shared two-core machine,
# other processes competing with the two busy-polling ranks move the medians far more than 5 %.
#
# Environment:
#   REPEATS       runs of each program (default 5)
#   MPIRUN        the launcher, words allowed (default mpirun)
#   MPIRUN_FLAGS  its flags (default "-n 2 --bind-to core": one rank per core)
#   PYTHON        the Python to use for mpi4py (default: the first of `python3` on PATH and
#                 /usr/bin/python3 that imports mpi4py and numpy; pyenv's python3 often lacks
#                 Debian's python3-mpi4py)
#
# Needs only bash, awk and sort. Exits non-zero when a run fails, not when a target is missed: figures on
# a shared machine are noisy, and a benchmark reports them rather than judging them.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 C_BINARY SWIFT_BINARY [--iterations-scale S]" >&2
    exit 2
fi
c_binary=$1
swift_binary=$2
shift 2
repeats=${REPEATS:-5}
read -r -a mpirun <<< "${MPIRUN:-mpirun}"
read -r -a mpirun_flags <<< "${MPIRUN_FLAGS:--n 2 --bind-to core}"
if ! [[ $repeats =~ ^[1-9][0-9]*$ ]]; then
    echo "$0: REPEATS must be a positive integer, got '$repeats'" >&2
    exit 2
fi
for binary in "$c_binary" "$swift_binary"; do
    [ -x "$binary" ] || { echo "$0: $binary is not an executable (build it first)" >&2; exit 2; }
done

script_dir=$(cd "$(dirname "$0")" && pwd)
python=
python_note=
if [ -n "${PYTHON:-}" ]; then
    candidates=("$PYTHON")
else
    candidates=(python3 /usr/bin/python3)
fi
for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import mpi4py, numpy" >/dev/null 2>&1; then
        python=$(command -v "$candidate")
        python_note="$python, mpi4py $("$python" -c 'import mpi4py; print(mpi4py.__version__)')"
        break
    fi
done

results=$(mktemp)
trap 'rm -f "$results"' EXIT

# Two busy-polling ranks fill both cores of a small machine: anything else running skews the figures, so
# the load is shown beside them, and so is the fastest run, the steadiest figure on a shared machine.
load() { [ -r /proc/loadavg ] && cut -d" " -f1 /proc/loadavg || echo "?"; }
load_before=$(load)

# Prefixes every line a program prints with its language, so one file holds all runs.
run() {
    local language=$1
    shift
    local output
    if ! output=$("${mpirun[@]}" "${mpirun_flags[@]}" "$@"); then
        echo "$0: $language run failed: ${mpirun[*]} ${mpirun_flags[*]} $*" >&2
        exit 1
    fi
    printf '%s\n' "$output" | awk -v language="$language" 'NF == 3 { print language, $0 }' >> "$results"
}

for ((r = 1; r <= repeats; r++)); do
    echo "run $r of $repeats: C, Swift${python:+, mpi4py}" >&2
    run c "$c_binary" "$@"
    run swift "$swift_binary" "$@"
    if [ -n "$python" ]; then run mpi4py "$python" "$script_dir/python/collectives.py" "$@"; fi
done

echo "Load average (1 min) before: $load_before; after: $(load), of which the benchmark's two ranks make about 2"
echo

awk -v repeats="$repeats" -v python_note="$python_note" '
    # Lines: language name size microseconds. Collect every value per (language, name, size).
    {
        key = $1 SUBSEP $2 SUBSEP $3
        values[key, ++count[key]] = $4
        if ($1 != "mpi4py" && !(($2, $3) in seen)) { seen[$2, $3] = 1; works[++nworks] = $2 SUBSEP $3 }
    }

    function best(key,    n, i, v) {
        n = count[key]
        if (n == 0) return ""
        v = values[key, 1] + 0
        for (i = 2; i <= n; i++) if (values[key, i] + 0 < v) v = values[key, i] + 0
        return v
    }

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

    function ratio(numerator, denominator) {
        return (numerator == "" || denominator == "" || denominator == 0) ? "" : numerator / denominator
    }

    function bytes(size,    suffix) {
        if (size >= 1048576 && size % 1048576 == 0) return (size / 1048576) " MiB"
        if (size >= 1024 && size % 1024 == 0) return (size / 1024) " KiB"
        return size " B"
    }

    function show(value, format) { return value == "" ? "-" : sprintf(format, value) }

    END {
        printf "Collectives at 2 ranks: microseconds per call, median of %d runs (each the median of 15 blocks)\n", repeats
        printf "%-10s %-12s %11s %11s %8s %8s  %s\n", "work", "size", "C us", "Swift us", "Swift/C", "target", "met?"
        for (i = 1; i <= nworks; i++) {
            split(works[i], parts, SUBSEP)
            name = parts[1]; size = parts[2]
            c = median("c" SUBSEP name SUBSEP size)
            s = median("swift" SUBSEP name SUBSEP size)
            r = ratio(s, c)
            label = bytes(size) (name == "alltoall" ? "/rank" : "")
            met = r == "" ? "no data" : (r <= 1.05 ? "yes" : "NO")
            printf "%-10s %-12s %11s %11s %8s %8s  %s\n", name, label, show(c, "%.3f"), show(s, "%.3f"),
                show(r, "%.3f"), "<= 1.05", met
            verdicts = verdicts " " name "-" bytes(size) ":" (met == "yes" ? "PASS" : "MISS")
        }

        printf "\nFastest run of each (microseconds per call)\n"
        printf "%-10s %-12s %11s %11s %8s\n", "work", "size", "C us", "Swift us", "Swift/C"
        for (i = 1; i <= nworks; i++) {
            split(works[i], parts, SUBSEP)
            name = parts[1]; size = parts[2]
            c = best("c" SUBSEP name SUBSEP size)
            s = best("swift" SUBSEP name SUBSEP size)
            printf "%-10s %-12s %11s %11s %8s\n", name, bytes(size) (name == "alltoall" ? "/rank" : ""),
                show(c, "%.3f"), show(s, "%.3f"), show(ratio(s, c), "%.3f")
        }

        printf "\nmpi4py buffer path, comm.Allreduce(sendbuf, recvbuf, op=MPI.SUM) of one double (numpy arrays)\n"
        if (python_note == "") {
            printf "  not measured: no python3 here imports mpi4py and numpy (Debian: apt-get install python3-mpi4py;\n"
            printf "  set PYTHON to choose the interpreter)\n"
        } else {
            p = median("mpi4py" SUBSEP "allreduce" SUBSEP 8)
            s = median("swift" SUBSEP "allreduce" SUBSEP 8)
            speedup = ratio(p, s)
            met = speedup == "" ? "no data" : (speedup >= 3 ? "yes" : "NO")
            printf "  (%s)\n", python_note
            printf "%-10s %-12s %11s %11s %13s %8s  %s\n", "work", "size", "mpi4py us", "Swift us", "mpi4py/Swift", "target", "met?"
            printf "%-10s %-12s %11s %11s %13s %8s  %s\n", "allreduce", "8 B", show(p, "%.3f"), show(s, "%.3f"),
                show(speedup, "%.2f"), ">= 3", met
            verdicts = verdicts " mpi4py-speedup:" (met == "yes" ? "PASS" : "MISS")
        }
        printf "\nTargets:%s\n", verdicts
    }
' "$results"
