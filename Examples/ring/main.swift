// ring: passes a token around every rank of the job, each adding its rank, and checks the total.
//
//   mpirun -n 4 .build/release/ring
//
// Shows the shape of every swift-mpi program: `Environment.run` initialises MPI, runs the body, and
// finalises (or aborts the whole job if the body throws), and point-to-point calls take Swift values.
import MPI

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let size = try world.size
    let next = (rank + 1) % size
    let previous = (rank + size - 1) % size

    var token = [0]
    if rank == 0 {
        try world.send([rank], to: next, tag: 1)
        try world.receive(into: &token, from: previous, tag: 1)
    } else {
        try world.receive(into: &token, from: previous, tag: 1)
        try world.send([token[0] + rank], to: next, tag: 1)
    }
    let host = try Environment.processorName()
    print("rank \(rank) of \(size) on \(host): token passed on")
    if rank == 0 {
        let expected = size * (size - 1) / 2
        print("ring of \(size) ranks: token \(token[0]), expected \(expected) — \(token[0] == expected ? "ok" : "WRONG")")
    }
}
