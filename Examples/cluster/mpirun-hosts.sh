#!/usr/bin/env bash
# Runs a swift-mpi program with Open MPI's mpirun on the nodes of a hostfile: ranks filled node by node,
# each bound to a core, MPI and Open MPI's own traffic on the network you name.
#
# usage: Examples/cluster/mpirun-hosts.sh HOSTFILE RANKS PROGRAM [ARGUMENT...]
#   NETWORK  interface name or CIDR subnet for MPI messages and Open MPI's run-time (ib0, eth1,
#            10.1.0.0/16); default: Open MPI's choice, which may pick a docker or VPN interface and hang
#   MAP_BY   --map-by (default core; e.g. ppr:2:socket:PE=8 for 2 ranks per socket of 8 threads each)
#   BIND_TO  --bind-to (default core; none when ranks share cores)
#
# The program must be at the same path on every node (a shared file system, or the same build on each),
# linked against the same MPI as this mpirun. Remote nodes are reached with ssh without a password.
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: Examples/cluster/mpirun-hosts.sh HOSTFILE RANKS PROGRAM [ARGUMENT...]" >&2
    exit 2
fi
hostfile=$1
ranks=$2
shift 2
[ -r "$hostfile" ] || { echo "mpirun-hosts.sh: cannot read hostfile '$hostfile'" >&2; exit 2; }
[[ $ranks =~ ^[1-9][0-9]*$ ]] || { echo "mpirun-hosts.sh: RANKS must be a positive integer, got '$ranks'" >&2; exit 2; }

options=(--hostfile "$hostfile" -n "$ranks" --map-by "${MAP_BY:-core}" --bind-to "${BIND_TO:-core}")
if [ -n "${NETWORK:-}" ]; then
    # btl_tcp: the ranks' messages; oob_tcp: mpirun's daemons and the job's wire-up.
    options+=(--mca btl_tcp_if_include "$NETWORK" --mca oob_tcp_if_include "$NETWORK")
fi
# Remote ranks get mpirun's OMPI_* and MCA variables, but no others unless exported with -x: a rank that
# crashes then ends at once instead of printing a backtrace (seconds per rank, interleaved).
exec mpirun "${options[@]}" -x SWIFT_BACKTRACE=enable=no "$@"
