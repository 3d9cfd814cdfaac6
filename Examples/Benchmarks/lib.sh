# lib.sh: what the compare-*.sh scripts share; sourced by them, not run.
#
# A compare script runs Swift beside its references REPEATS times and turns every figure the programs
# print into one record (`work,size,ranks,impl,repeat,value,unit`, see report.py). Records go to the file
# named by BENCH_RECORDS when it is set (suite.sh sets it so that one run of the whole suite fills one
# file); otherwise to a file of the script's own, whose table report.py prints at the end.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Sets `repeats` from REPEATS (default $1), or exits with a one-line error.
bench_repeats() {
    repeats=${REPEATS:-$1}
    if ! [[ $repeats =~ ^[1-9][0-9]*$ ]]; then
        echo "$0: REPEATS must be a positive integer, got '$repeats'" >&2
        exit 2
    fi
}

# Sets the arrays `mpirun` (MPIRUN, words allowed; default mpirun) and `mpirun_flags` (MPIRUN_FLAGS,
# default $1), and checks BENCH_TIMEOUT (see bench_launch).
bench_mpirun() {
    read -r -a mpirun <<< "${MPIRUN:-mpirun}"
    read -r -a mpirun_flags <<< "${MPIRUN_FLAGS:-$1}"
    bench_check_timeout
}

bench_check_timeout() {
    if ! [[ ${BENCH_TIMEOUT:-1800} =~ ^[0-9]+$ ]]; then
        echo "$0: BENCH_TIMEOUT must be a whole number of seconds (0: no limit), got '$BENCH_TIMEOUT'" >&2
        exit 2
    fi
}

# The rank count the launcher's flags ask for (-n N, -np N, --np N), for programs that do not print it.
bench_flag_ranks() {
    local i
    for ((i = 0; i + 1 < ${#mpirun_flags[@]}; i++)); do
        case ${mpirun_flags[i]} in
            -n | -np | --np) echo "${mpirun_flags[i + 1]}"; return ;;
        esac
    done
    echo "$0: MPIRUN_FLAGS must give the rank count (-n N), got '${mpirun_flags[*]}'" >&2
    exit 2
}

# bench_launch WHAT ARGUMENT…: runs mpirun with its flags and the arguments, keeping the standard output
# in `output`; a failed run ends the script with one line saying what failed. A run that hangs (a
# deadlock, a rank stopped) is ended after BENCH_TIMEOUT seconds (default 1800, far beyond any launch
# even on a machine loaded 20 times over; 0: no limit), so the suite never waits forever.
bench_launch() {
    local what=$1 limit=${BENCH_TIMEOUT:-1800} status=0
    shift
    output=$(timeout --kill-after=30 "$limit" "${mpirun[@]}" "${mpirun_flags[@]}" "$@") || status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        echo "$0: $what timed out after $limit s (BENCH_TIMEOUT): ${mpirun[*]} ${mpirun_flags[*]} $*" >&2
        exit 1
    elif [ "$status" -ne 0 ]; then
        echo "$0: $what failed: ${mpirun[*]} ${mpirun_flags[*]} $*" >&2
        exit 1
    fi
}

# Ends the script with a one-line error unless every argument is an executable file.
bench_require_executables() {
    local binary
    for binary in "$@"; do
        [ -x "$binary" ] || { echo "$0: $binary is not an executable (build it first)" >&2; exit 2; }
    done
}

# bench_take_programs USAGE_TAIL ARGUMENT…: reads a compare script's command line, C_BINARY SWIFT_BINARY
# then the benchmark's own arguments, into `c_binary`, `swift_binary` and the array `program_arguments`.
# Ends the script with the usage line (USAGE_TAIL after the two binaries) when a binary is missing, and
# with bench_require_executables' error when one is not an executable.
bench_take_programs() {
    local usage_tail=$1
    shift
    if [ $# -lt 2 ]; then
        echo "usage: $0 C_BINARY SWIFT_BINARY $usage_tail" >&2
        exit 2
    fi
    c_binary=$1
    swift_binary=$2
    program_arguments=("${@:3}")
    bench_require_executables "$c_binary" "$swift_binary"
}

# Sets `scratch` (a folder removed on exit) and `records` (the file bench_record appends to).
bench_open_records() {
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    records=${BENCH_RECORDS:-$scratch/records.csv}
    [ -s "$records" ] || echo "work,size,ranks,impl,repeat,value,unit" > "$records"
}

# bench_record WORK SIZE RANKS IMPL REPEAT VALUE UNIT. A value that is not a number means a program's
# output changed under the script: stop now rather than aggregate garbage.
bench_record() {
    if ! [[ $6 =~ ^[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$ ]]; then
        echo "$0: $4 printed no number for $1 (size $2, $3 ranks): '$6'" >&2
        exit 1
    fi
    echo "$1,$2,$3,$4,$5,$6,$7" >> "$records"
}

# bench_program_records PREFIX IMPL RANKS REPEAT UNIT [KIND=UNIT …] < output
# Records every `<kind> <size> <value>` line of a program's output as work PREFIX<kind>, with UNIT or the
# unit given for that kind.
bench_program_records() {
    local prefix=$1 impl=$2 ranks=$3 repeat=$4 unit=$5 kind size value rest pair
    shift 5
    local -A units=()
    for pair in "$@"; do units[${pair%%=*}]=${pair#*=}; done
    while read -r kind size value rest; do
        [ -n "$value" ] && [ -z "$rest" ] || continue
        bench_record "$prefix$kind" "$size" "$ranks" "$impl" "$repeat" "$value" "${units[$kind]:-$unit}"
    done
}

# bench_result_field KEY < output: the value after KEY in a C reference's `result KEY VALUE …` line.
bench_result_field() {
    awk -v key="$1" '$1 == "result" { for (i = 2; i < NF; i++) if ($i == key) print $(i + 1) }'
}

# bench_summary_field KEY FILE: a number from a Swift solver's --summary-json file (one key per line).
bench_summary_field() {
    awk -F'[:,]' -v key="\"$1\"" '$1 ~ key { gsub(/ /, "", $2); print $2 }' "$2"
}

# The 1-minute load average: figures taken on a busy machine say so.
bench_load() { if [ -r /proc/loadavg ]; then cut -d" " -f1 /proc/loadavg; else echo "?"; fi; }

# Sets `python` to an interpreter that imports mpi4py and numpy (PYTHON when set, else python3 on PATH or
# /usr/bin/python3: pyenv's python3 often lacks Debian's python3-mpi4py), and `python_note` to what it
# is; both empty when there is none: mpi4py figures are reported, never required. An mpi4py built
# against another MPI than the benchmarks' (SWIFT_MPI, set by make MPI=mpich; Debian's is Open MPI's) is
# left out too: that MPI's processes, started by this MPI's launcher, would each be a world of one.
bench_find_mpi4py() {
    python=
    python_note=
    local candidates candidate library expected
    case ${SWIFT_MPI:-openmpi} in mpich) expected=MPICH ;; *) expected="Open MPI" ;; esac
    if [ -n "${PYTHON:-}" ]; then candidates=("$PYTHON"); else candidates=(python3 /usr/bin/python3); fi
    for candidate in "${candidates[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import mpi4py, numpy" >/dev/null 2>&1; then
            library=$("$candidate" -c 'import mpi4py; mpi4py.rc.initialize = False; from mpi4py import MPI
print(MPI.Get_library_version().split(chr(0))[0].splitlines()[0])' 2>/dev/null || echo unknown)
            if [[ $library != "$expected"* ]]; then
                echo "$0: mpi4py left out: it is built against ${library%%,*}, not $expected" >&2
                return
            fi
            python=$(command -v "$candidate")
            python_note="$python, mpi4py $("$python" -c 'import mpi4py; print(mpi4py.__version__)')"
            return
        fi
    done
}

# bench_report SUITE TITLE: alone, print the table of this script's records; within suite.sh, nothing
# (the suite prints one table of all).
bench_report() {
    [ -z "${BENCH_RECORDS:-}" ] || return 0
    python3 "$bench_dir/report.py" table "$records" --suites "$1" --title "$2"
}
