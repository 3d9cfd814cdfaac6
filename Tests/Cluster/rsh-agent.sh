#!/usr/bin/env bash
# The "remote shell" through which mpirun reaches the simulated hosts of cluster-test.sh
# (`--mca plm_rsh_agent`): instead of ssh-ing to HOST it enters HOST's network namespace, gives the
# command a UTS namespace whose host name is HOST (so MPI_Get_processor_name tells the hosts apart) and a
# temporary directory of its own (Open MPI's session directories of different hosts must not collide).
#
# usage: rsh-agent.sh HOST COMMAND...   (MPISIM_DIR names the run directory that holds tmp-HOST/)
set -euo pipefail

# Open MPI hands over the remote command as words to be re-parsed by a shell, like ssh does:
# they are joined with "$*" below, never passed as separate arguments.
if [ $# -lt 2 ]; then
    echo "usage: rsh-agent.sh HOST COMMAND..." >&2
    exit 255
fi
host=$1
shift
if ! ip netns list | grep -qw "^$host"; then
    echo "rsh-agent.sh: no simulated host '$host' (network namespace missing)" >&2
    exit 255
fi
exec ip netns exec "$host" unshare --uts \
    env TMPDIR="${MPISIM_DIR:?MPISIM_DIR must name the cluster-test run directory}/tmp-$host" \
    sh -c 'hostname "$1" && exec sh -c "$2"' rsh-agent "$host" "$*"
