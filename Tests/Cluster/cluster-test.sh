#!/usr/bin/env bash
# cluster-test.sh: runs swift-mpi across three simulated hosts on this machine and checks that the
# results are bitwise identical to single-host runs.
#
# The hosts are Linux network namespaces mpisim1..3 joined by a bridge, each with one address of a
# private /24 (10.231.0.0/24 unless CLUSTER_SUBNET says otherwise) assigned inside the namespace only,
# and its loopback up. mpirun starts inside mpisim1 and reaches the other hosts through rsh-agent.sh;
# MPI traffic is TCP only (ob1 + tcp,self, both the MPI and the run-time traffic bound to the subnet).
# The hostfile gives every host 2 slots, so 6 ranks run as 3 hosts × 2 ranks.
#
# usage: Tests/Cluster/cluster-test.sh   (as root; as another user it says it is skipped and exits 0)
#   SWIFT             the swift driver (default swift)
#   SWIFT_BUILD_FLAGS flags for `swift build` (default: none, a debug build, as `make test` builds)
#   CLUSTER_SUBNET    the first three octets of the /24 to use (default 10.231.0)
set -euo pipefail

if [ $# -ne 0 ]; then
    echo "usage: Tests/Cluster/cluster-test.sh   (as root; SWIFT, SWIFT_BUILD_FLAGS and CLUSTER_SUBNET in the environment)" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "cluster-test: skipped: needs root to create network namespaces"
    exit 0
fi

say() { echo "cluster-test: $*"; }
fail() { echo "cluster-test: FAILED: $*" >&2; exit 1; }

repository=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repository"
agent=$repository/Tests/Cluster/rsh-agent.sh
hosts=(mpisim1 mpisim2 mpisim3)
bridge=mpisim-br
run_dir=/tmp/mpisim
subnet=${CLUSTER_SUBNET:-10.231.0}
slots=2
ranks=$((${#hosts[@]} * slots))
launch_timeout=240    # mpirun --timeout for one job; the whole test takes about 1 to 2 minutes on 2 cores
job_limit=$((launch_timeout + 30))  # and a limit for mpirun itself, in case it hangs before launching

[[ $subnet =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || fail "CLUSTER_SUBNET must be three octets like 10.231.0, got '$subnet'"

# --- Tools: a fresh Debian has no iproute2; util-linux (unshare) and hostname are always there.
if ! command -v ip >/dev/null 2>&1; then
    say "installing iproute2 with apt-get"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q iproute2 >/dev/null
fi
for tool in ip unshare hostname mpirun flock; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed"
done

# --- Build what runs on the hosts (incremental: `make test` has built it already).
swift=${SWIFT:-swift}
read -r -a build_flags <<<"${SWIFT_BUILD_FLAGS:-}"
for product in MPIScenarios heat nbody; do
    "$swift" build "${build_flags[@]}" --product "$product" >/dev/null \
        || fail "swift build --product $product failed (run it by hand to see why)"
done
bin=$("$swift" build "${build_flags[@]}" --show-bin-path)

# --- One run at a time on this machine: the namespace and bridge names are fixed.
exec 9>/tmp/mpisim.lock
flock -n 9 || fail "another cluster-test holds /tmp/mpisim.lock"

# Kills what still runs on the simulated hosts (only processes inside our namespaces) and removes the
# namespaces, the bridge and the run directory. Used before a run (leftovers of a run that was killed)
# and on every exit.
remove_simulated_cluster() {
    local host
    for host in "${hosts[@]}"; do
        if [ -e "/run/netns/$host" ]; then
            local pids
            pids=$(ip netns pids "$host" 2>/dev/null || true)
            if [ -n "$pids" ]; then
                # shellcheck disable=SC2086  # one pid per word
                kill -KILL $pids 2>/dev/null || true
            fi
            ip netns delete "$host" 2>/dev/null || true
        fi
        ip link delete "$host-v" 2>/dev/null || true
    done
    ip link delete "$bridge" 2>/dev/null || true
    rm -rf "$run_dir"
}

leftovers=()
for host in "${hosts[@]}"; do
    [ -e "/run/netns/$host" ] && leftovers+=("namespace $host")
    ip link show "$host-v" >/dev/null 2>&1 && leftovers+=("link $host-v")
done
ip link show "$bridge" >/dev/null 2>&1 && leftovers+=("bridge $bridge")
[ -e "$run_dir" ] && leftovers+=("directory $run_dir")
if [ ${#leftovers[@]} -gt 0 ]; then
    say "removing leftovers of an earlier run: ${leftovers[*]}"
    remove_simulated_cluster
fi

# Addresses go only inside namespaces we create; refuse a subnet this machine already reaches.
if [ -n "$(ip -4 route show match "$subnet.0/24" | grep -v '^default')" ] \
    || ip -4 -o address show | grep -q " inet $subnet\."; then
    fail "subnet $subnet.0/24 is already in use on this machine; choose another with CLUSTER_SUBNET"
fi

# --- The simulated cluster; from here on it is removed however the script ends.
trap remove_simulated_cluster EXIT
# Interrupted or terminated, bash would skip the EXIT trap: exit instead, which runs it.
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$run_dir"
hostfile=$run_dir/hostfile
# The kernel (or a container's seccomp profile) may forbid any of these; ip's own message comes first.
ip link add "$bridge" type bridge || fail "cannot create the bridge $bridge (needs CAP_NET_ADMIN and the bridge driver)"
ip link set "$bridge" up
for index in "${!hosts[@]}"; do
    host=${hosts[$index]}
    ip netns add "$host" || fail "cannot create the network namespace $host (needs CAP_SYS_ADMIN)"
    ip link add "$host-v" type veth peer name eth0 netns "$host" \
        || fail "cannot create the veth pair $host-v/eth0 (needs the veth driver)"
    ip link set "$host-v" master "$bridge" up
    ip -n "$host" address add "$subnet.$((index + 1))/24" dev eth0
    ip -n "$host" link set eth0 up
    ip -n "$host" link set lo up
    mkdir -p "$run_dir/tmp-$host"
    echo "$host slots=$slots" >>"$hostfile"
done
say "${#hosts[@]} hosts ${hosts[*]} at $subnet.1-${#hosts[@]} on bridge $bridge, $slots slots each, TCP only"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 SWIFT_BACKTRACE=enable=no MPISIM_DIR=$run_dir

# Runs a command on the first host, through the same agent that starts Open MPI's daemons on the others.
# Output goes to LOG.
on_first_host() {
    local log=$1
    shift
    timeout --kill-after=10 "$job_limit" "$agent" "${hosts[0]}" "$(printf '%q ' "$@")" >"$log" 2>&1
}

# Runs a command line across the simulated hosts with mpirun, TCP only.
cluster_run() {
    local log=$1
    shift
    on_first_host "$log" mpirun --hostfile "$hostfile" -n "$ranks" --bind-to none --timeout "$launch_timeout" \
        --mca plm_rsh_agent "$agent" \
        --mca pml ob1 --mca btl tcp,self \
        --mca btl_tcp_if_include "$subnet.0/24" --mca oob_tcp_if_include "$subnet.0/24" \
        --mca mpi_yield_when_idle 1 \
        "$@"
}

# Runs a command line on this machine alone (no namespaces, Open MPI's default transports) on N ranks.
single_host_run() {
    local log=$1 count=$2
    shift 2
    OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1 \
        timeout --kill-after=10 "$job_limit" mpirun -n "$count" --bind-to none --timeout "$launch_timeout" "$@" >"$log" 2>&1
}

# Fails with the log of a job that did not succeed.
expect_success() {
    local description=$1 log=$2 status=$3
    if [ "$status" -ne 0 ]; then
        sed 's/^/    /' "$log" >&2
        fail "$description exited with status $status"
    fi
}

# Seconds since a start time taken from $EPOCHREALTIME, with one decimal.
seconds_since() { awk -v now="${EPOCHREALTIME/,/.}" -v start="$1" 'BEGIN { printf "%.1f", now - start }'; }

started=${EPOCHREALTIME/,/.}

# --- Placement: every host runs exactly its 2 ranks (each host reports its own host name). Launched
# the way the README shows, through Examples/cluster/mpirun-hosts.sh (map by core, bind to core).
status=0
bind_to=core
[ "$(nproc)" -ge "$slots" ] || bind_to=none   # binding 2 ranks per host to cores needs 2 cores
on_first_host "$run_dir/placement.log" env NETWORK="$subnet.0/24" BIND_TO="$bind_to" \
    OMPI_MCA_plm_rsh_agent="$agent" OMPI_MCA_pml=ob1 OMPI_MCA_btl=tcp,self \
    Examples/cluster/mpirun-hosts.sh "$hostfile" "$ranks" hostname || status=$?
expect_success "Examples/cluster/mpirun-hosts.sh hostname across the hosts" "$run_dir/placement.log" "$status"
# Only the host names count: Open MPI's rsh launcher sometimes adds "plm:rsh: Warning: setpgid(…) failed
# in parent", a harmless race (the daemon's child already set its process group itself).
placement=$(grep -xE 'mpisim[0-9]+' "$run_dir/placement.log" | sort | uniq -c | awk '{print $2 "×" $1}' | paste -sd ' ')
expected_placement=$(printf "%s×$slots\n" "${hosts[@]}" | paste -sd ' ')
[ "$placement" = "$expected_placement" ] || fail "ranks landed as '$placement', expected '$expected_placement'"
say "placement by Examples/cluster/mpirun-hosts.sh (--map-by core --bind-to $bind_to): $placement"

# --- The scenario suite's core subset: each scenario checks its own results on every rank.
scenarios=(
    ring sendModes probe procNull                                    # point-to-point
    broadcast gatherScatter variableCounts reductions                # collectives
    nonblocking persistent nonblockingCollectives                    # nonblocking
    objects objectCollectives                                        # Codable objects
    decompositionHalo2D decompositionHalo3D decompositionSplitPhase  # decomposition halos
)
for scenario in "${scenarios[@]}"; do
    scenario_start=${EPOCHREALTIME/,/.}
    status=0
    cluster_run "$run_dir/$scenario.log" "$bin/MPIScenarios" "$scenario" || status=$?
    expect_success "scenario $scenario" "$run_dir/$scenario.log" "$status"
    grep -qx "ok $scenario" "$run_dir/$scenario.log" || fail "scenario $scenario did not print 'ok $scenario'"
    say "scenario $scenario: ok on $ranks ranks ($(seconds_since "$scenario_start") s)"
done

# --- The solvers: the same problem on one host (1 rank, then 6 ranks over shared memory) and on the
# three hosts, then restarted on the three hosts from a checkpoint written there, must give one hash.

# Prints the value of a string key of a JSON summary.
json_string() {
    sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" "$2" | head -n 1
}

# compare_solver NAME EXECUTABLE HASH_KEY STEPS CHECKPOINT_EVERY CHECKPOINT_FILE -- PROBLEM...
#   runs the problem to STEPS on one host (1 rank, then $ranks ranks) and on the hosts, the last writing
#   a checkpoint every CHECKPOINT_EVERY steps; then continues from CHECKPOINT_FILE, one of those, on the
#   hosts (a checkpoint fixes the problem, so the restart gets --steps alone), and checks the four
#   HASH_KEYs of the JSON summaries agree.
compare_solver() {
    local name=$1 executable=$2 key=$3 steps=$4 checkpoint_every=$5 checkpoint_file=$6
    shift 7
    local directory=$run_dir/$name
    mkdir -p "$directory/checkpoints"
    local solver_start=${EPOCHREALTIME/,/.} status=0 job
    local hashes=()
    local run=(--steps "$steps" --quiet)

    single_host_run "$directory/one-rank.log" 1 "$executable" "$@" "${run[@]}" \
        --summary-json "$directory/one-rank.json" || status=$?
    expect_success "$name on 1 host × 1 rank" "$directory/one-rank.log" "$status"
    single_host_run "$directory/one-host.log" "$ranks" "$executable" "$@" "${run[@]}" \
        --summary-json "$directory/one-host.json" || status=$?
    expect_success "$name on 1 host × $ranks ranks" "$directory/one-host.log" "$status"
    cluster_run "$directory/cluster.log" "$executable" "$@" "${run[@]}" --summary-json "$directory/cluster.json" \
        --checkpoint "$directory/checkpoints" --checkpoint-every "$checkpoint_every" || status=$?
    expect_success "$name on ${#hosts[@]} hosts × $slots ranks" "$directory/cluster.log" "$status"
    [ -f "$directory/checkpoints/$checkpoint_file" ] \
        || fail "$name on the hosts wrote no checkpoint $checkpoint_file (it wrote: $(ls "$directory/checkpoints"))"
    cluster_run "$directory/restart.log" "$executable" --restart "$directory/checkpoints/$checkpoint_file" \
        "${run[@]}" --summary-json "$directory/restart.json" || status=$?
    expect_success "$name restarted on the hosts" "$directory/restart.log" "$status"

    for job in one-rank one-host cluster restart; do
        hashes+=("$(json_string "$key" "$directory/$job.json")")
        [[ ${hashes[-1]} =~ ^[0-9a-f]{64}$ ]] || fail "$name: no $key in $directory/$job.json"
    done
    for job in 1 2 3; do
        if [ "${hashes[$job]}" != "${hashes[0]}" ]; then
            fail "$name: $key differs: 1 host × 1 rank ${hashes[0]}, 1 host × $ranks ranks ${hashes[1]}," \
                "${#hosts[@]} hosts × $slots ranks ${hashes[2]}, restarted on the hosts ${hashes[3]}"
        fi
    done
    say "$name: $key ${hashes[0]} identical on 1 host × 1 rank, 1 host × $ranks ranks," \
        "${#hosts[@]} hosts × $slots ranks and restarted there from $checkpoint_file ($(seconds_since "$solver_start") s)"
}

compare_solver heat-2d "$bin/heat" field_sha256 60 30 heat_00000030.ckpt -- \
    --dims 2 --nx 96 --ny 72 --init gaussian --bc dirichlet,neumann
compare_solver heat-3d "$bin/heat" field_sha256 20 10 heat_00000010.ckpt -- \
    --dims 3 --nx 20 --ny 18 --nz 16 --init gaussian --bc periodic
compare_solver nbody "$bin/nbody" state_sha256 10 5 checkpoint-00000005.nbck -- \
    --bodies 240 --dt 0.001

# --- Every host's link carried the MPI traffic: the ranks really talked over the simulated network.
# Open MPI's own start-up and control messages come to a few KiB per job; the halos, gathers and
# position exchanges above come to megabytes.
traffic=""
for host in "${hosts[@]}"; do
    sent=$(cat "/sys/class/net/$host-v/statistics/rx_bytes")  # the bridge side receives what the host sends
    received=$(cat "/sys/class/net/$host-v/statistics/tx_bytes")
    if [ "$sent" -lt 1048576 ] || [ "$received" -lt 1048576 ]; then
        fail "$host's link carried less than 1 MiB each way (sent $sent B, received $received B)"
    fi
    traffic+="${traffic:+; }$host sent $((sent / 1024)) KiB, received $((received / 1024)) KiB"
done
say "network: $traffic"

say "passed in $(seconds_since "$started") s"
