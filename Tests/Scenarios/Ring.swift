import MPI

/// The calling process's place in a ring over a communicator.
///
/// Scenarios pair every rank with `next` (to send to) and `previous` (to receive from), so that they run
/// unchanged at any size: at one rank both are the rank itself, and MPI delivers to self like to any peer.
struct Ring {
    let communicator: Communicator
    let rank: Int
    let size: Int

    init(_ communicator: Communicator = .world) throws {
        self.communicator = communicator
        self.rank = try communicator.rank
        self.size = try communicator.size
    }

    var next: Int { (rank + 1) % size }
    var previous: Int { (rank + size - 1) % size }
}
