"""collectives.py: mpi4py's buffer path beside bench-collectives and c/collectives.c.

    mpirun -n 2 --bind-to core python3 collectives.py [--iterations-scale S]

Measures what the allreduce-of-one-double line of the C reference measures, with the same iteration
count, warm-up, barriers, blocks and timer, through ``comm.Allreduce(sendbuf, recvbuf, op=MPI.SUM)`` on
one-element numpy arrays (mpi4py's fast, typed path; no pickling). Prints ``allreduce 8 <microseconds>``.
"""
import sys

import numpy as np
from mpi4py import MPI

from arguments import iterations_scale

BLOCKS = 15


def main():
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    scale, error = iterations_scale(sys.argv[1:], "collectives.py")
    if error:
        if rank == 0:
            sys.stderr.write("collectives.py: %s\n" % error)
        sys.exit(2)

    iterations = max(int(round(10000 * scale)), 1)
    warmup = max(iterations // 10, 1)
    send = np.array([1.5])
    receive = np.zeros(1)
    allreduce = comm.Allreduce
    total = MPI.SUM
    for _ in range(warmup):
        allreduce(send, receive, op=total)
    times = np.zeros(BLOCKS)
    for block in range(BLOCKS):
        comm.Barrier()
        start = MPI.Wtime()
        for _ in range(iterations):
            allreduce(send, receive, op=total)
        times[block] = MPI.Wtime() - start
    if receive[0] != 1.5 * comm.Get_size():
        sys.stderr.write("collectives.py: allreduce of one double gave %r\n" % receive[0])
        comm.Abort(1)
    slowest = np.zeros(BLOCKS)
    comm.Reduce(times, slowest, op=MPI.MAX, root=0)
    if rank == 0:
        print("allreduce 8 %.3f" % (np.sort(slowest)[BLOCKS // 2] * 1e6 / iterations))
        sys.stdout.flush()


main()
