#!/usr/bin/env bash
# compare-halo.sh: the halo-exchange benchmark, Swift beside the C reference, in one table.
#
#   Examples/Benchmarks/compare-halo.sh C_BINARY SWIFT_BINARY [--iterations-scale S]
#
# Runs the C reference (c/halo.c) and the Swift benchmark (bench-halo) alternately, REPEATS times each,
# so that drift in the machine's load hits both alike; then prints one table of medians:
#
#   work, grid, C µs, Swift µs, Swift/C, target, met?
#
# One halo exchange of a 4096 × 4096 double array with one ghost layer (star stencil), on MPI's grid
# (2x1 at 2 ranks: rows exchanged) and on 1xP (columns exchanged): Swift's updateHalo() and
# HaloExchange.exchange() each against C's MPI_Sendrecv code; target Swift/C ≤ 1.10. The last column
# compares with C that starts every message at once (MPI_Isend/MPI_Irecv + MPI_Waitall), as Swift's
# persistent requests do: the Sendrecv code waits for one direction before starting the other. Then the 5-point
# Jacobi sweep written four ways with the Swift API against the C loop (no target: the kernel's
# requirement is a tight loop, checked in the disassembly), with the rate in million cell updates per
# second over all ranks.
#
# Environment:
#   REPEATS       runs of each program (default 5)
#   MPIRUN        the launcher, words allowed (default mpirun)
#   MPIRUN_FLAGS  its flags (default "-n 2 --bind-to core": one rank per core)
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

results=$(mktemp)
trap 'rm -f "$results"' EXIT

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
    echo "run $r of $repeats: C, Swift" >&2
    run c "$c_binary" "$@"
    run swift "$swift_binary" "$@"
done

awk -v repeats="$repeats" -v flags="${mpirun_flags[*]}" '
    # Lines: language work grid microseconds. Collect every value per (language, work, grid).
    {
        key = $1 SUBSEP $2 SUBSEP $3
        values[key, ++count[key]] = $4
        if ($1 == "swift" && !(($2, $3) in seen)) { seen[$2, $3] = 1; works[++nworks] = $2 SUBSEP $3 }
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

    function show(value, format) { return value == "" ? "-" : sprintf(format, value) }

    END {
        printf "Halo exchange of a 4096 x 4096 double array (ghost width 1, star stencil) and a 5-point Jacobi sweep\n"
        printf "mpirun %s; microseconds per call, median of %d runs (each the median of 15 blocks)\n", flags, repeats
        printf "%-16s %-5s %11s %11s %8s %8s  %-7s %11s %13s\n", "work", "grid", "C us", "Swift us", "Swift/C", "target", "met?",
            "C isend us", "Swift/C-isend"
        for (i = 1; i <= nworks; i++) {
            split(works[i], parts, SUBSEP)
            work = parts[1]; grid = parts[2]
            exchange = (work == "updateHalo" || work == "exchange")
            c = median("c" SUBSEP (exchange ? "exchange" : "sweep") SUBSEP grid)
            s = median("swift" SUBSEP work SUBSEP grid)
            r = ratio(s, c)
            if (exchange) {
                met = r == "" ? "no data" : (r <= 1.10 ? "yes" : "NO")
                ci = median("c" SUBSEP "exchange-isend" SUBSEP grid)
                printf "%-16s %-5s %11s %11s %8s %8s  %-7s %11s %13s\n", work, grid, show(c, "%.3f"), show(s, "%.3f"),
                    show(r, "%.3f"), "<= 1.10", met, show(ci, "%.3f"), show(ratio(s, ci), "%.3f")
                verdicts = verdicts " " work "-" grid ":" (met == "yes" ? "PASS" : "MISS")
            } else {
                rates = rates sprintf("%-16s %-5s %11s %11s %8s  MLUPS C %s, Swift %s\n", work, grid, show(c, "%.1f"),
                    show(s, "%.1f"), show(r, "%.3f"), show(c == "" ? "" : 4096 * 4096 / c, "%.0f"),
                    show(s == "" ? "" : 4096 * 4096 / s, "%.0f"))
            }
        }
        if (rates != "") {
            printf "\n%-16s %-5s %11s %11s %8s\n", "kernel", "grid", "C us", "Swift us", "Swift/C"
            printf "%s", rates
        }
        printf "\nTargets:%s\n", verdicts
    }
' "$results"
