// ring: a token travels once around every process of the job, each adding its rank to it.
//
//   make example NAME=ring NP=4            # or: mpirun -n 4 .build/release/ring
//
// What it shows: blocking point-to-point messages (MPI_Send, MPI_Recv) between neighbours, addressed by
// rank and matched by tag, carrying a plain Swift `Int` — no buffers to declare, no datatypes to name.
// Rank 0 starts the token and waits for it to come back; every other rank waits for it from its left
// neighbour, adds its own rank and passes it on to the right. Rank 0 sends and receives in one call
// (MPI_Sendrecv): with a single process it sends to itself, and a plain send followed by a receive could
// then wait forever for a receive that is never posted.
//
// What to expect, with any number of processes (mpirun may interleave the lines of different processes
// in another order; the last line comes from rank 0 once the token is back):
//
//   rank 1 of 4: received token 0 from rank 0, passing 1 to rank 2
//   rank 2 of 4: received token 1 from rank 1, passing 3 to rank 3
//   rank 3 of 4: received token 3 from rank 2, passing 6 to rank 0
//   ring of 4 processes: the token came back as 6 = 0 + 1 + 2 + 3: ok
//
// A token that comes back wrong ends the job with an error and a non-zero exit status.
import MPI

/// What rank 0 throws when the token comes back with another value than the sum of all ranks.
struct TokenMismatch: Error, CustomStringConvertible {
    let received: Int, expected: Int
    var description: String { "ring: the token came back as \(received), expected \(expected)" }
}

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let size = try world.size
    let next = (rank + 1) % size
    let previous = (rank + size - 1) % size
    let tag = 1

    if rank == 0 {
        var token = [0]
        try world.sendReceive([0], to: next, sendTag: tag, into: &token, from: previous, receiveTag: tag)
        let expected = size * (size - 1) / 2
        guard token[0] == expected else { throw TokenMismatch(received: token[0], expected: expected) }
        let terms = (0..<size).map(String.init).joined(separator: " + ")
        print("ring of \(size) process\(size == 1 ? "" : "es"): the token came back as \(token[0]) = \(terms): ok")
    } else {
        let token = try world.receive(Int.self, from: previous, tag: tag)
        print("rank \(rank) of \(size): received token \(token) from rank \(previous), passing \(token + rank) to rank \(next)")
        try world.send(token + rank, to: next, tag: tag)
    }
}
