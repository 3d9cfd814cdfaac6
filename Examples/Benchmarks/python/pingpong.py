"""pingpong.py: mpi4py's pickled-object ping-pong beside bench-p2p's Codable object ping-pong.

    mpirun -n 2 --bind-to core python3 pingpong.py [--iterations-scale S]

Sends the same small value as bench-p2p (an integer id, three doubles and a short string) back and forth
through mpi4py's lowercase ``comm.send``/``comm.recv`` (pickle), with bench-p2p's iteration count, warm-up,
barrier, tag and timer. Prints ``object <pickled bytes> <microseconds>``: half a round trip, as bench-p2p
prints its ``object`` line.
"""
import sys

from mpi4py import MPI

from arguments import iterations_scale

OBJECT_TAG = 4


def main():
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    scale, error = iterations_scale(sys.argv[1:], "pingpong.py")
    if error is None and comm.Get_size() != 2:
        error = "needs exactly 2 processes, got %d (mpirun -n 2 ...)" % comm.Get_size()
    if error:
        if rank == 0:
            sys.stderr.write("pingpong.py: %s\n" % error)
        sys.exit(2)

    iterations = max(int(round(10000 * scale)), 1)
    warmup = max(iterations // 10, 1)
    particle = {"id": 42, "position": [1.5, -2.25, 3.125], "label": "electron"}
    pickled_bytes = 0
    status = MPI.Status()
    comm.Barrier()
    start = 0.0
    for i in range(warmup + iterations):
        if i == warmup:
            start = MPI.Wtime()
        if rank == 0:
            comm.send(particle, dest=1, tag=OBJECT_TAG)
            if i == 0:
                comm.Probe(source=1, tag=OBJECT_TAG, status=status)
                pickled_bytes = status.Get_count(MPI.BYTE)
            particle = comm.recv(source=1, tag=OBJECT_TAG)
        else:
            particle = comm.recv(source=0, tag=OBJECT_TAG)
            comm.send(particle, dest=0, tag=OBJECT_TAG)
    elapsed = MPI.Wtime() - start
    if particle["label"] != "electron" or particle["position"][2] != 3.125:
        sys.stderr.write("pingpong.py: the object came back changed: %r\n" % particle)
        comm.Abort(1)
    if rank == 0:
        print("object %d %.3f" % (pickled_bytes, elapsed * 1e6 / (2 * iterations)))
        sys.stdout.flush()


main()
