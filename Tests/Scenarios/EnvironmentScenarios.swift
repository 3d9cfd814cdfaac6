import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The execution environment and communicator management.
enum EnvironmentScenarios {
    static func environment() throws {
        let ring = try Ring()
        try expect(Environment.isInitialized && !Environment.isFinalized && Environment.ownsMPI,
                   "inside Environment.run MPI must be initialised, not finalised, and owned by this library")
        try expect(!(try Environment.processorName()).isEmpty, "the processor name is empty")
        let version = Environment.libraryVersion
        try expect(version.contains("Open MPI") || version.contains("MPICH"), "unexpected library version \(version)")
        try expect(!version.contains("\0"), "the library version \(version.debugDescription) holds a NUL character")
        try expect(Environment.standardVersion.major >= 3, "MPI standard version \(Environment.standardVersion)")

        let level = try Environment.threadLevel()
        try expect(level >= .single && level <= .multiple, "thread level \(level) is outside single...multiple")
        try expect(try Environment.initialize() == level, "initialising again reported a different thread level")
        try expect(try Environment.isMainThread(), "the thread that initialised MPI is not its main thread")

        let tick = Environment.wallTick()
        try expect(tick > 0 && tick < 1, "wallTick() is \(tick)")
        var previous = Environment.wallTime()
        let start = previous
        for _ in 0..<1_000 {
            let now = Environment.wallTime()
            try expect(now >= previous, "wallTime() went back from \(previous) to \(now)")
            previous = now
        }
        usleep(10_000)
        let slept = Environment.wallTime() - start
        try expect(slept >= 0.009, "wallTime() advanced \(slept) s across a 10 ms sleep")

        try expect(ring.rank >= 0 && ring.rank < ring.size, "rank \(ring.rank) outside 0..<\(ring.size)")
        // Under mpirun the launcher's view and MPI's agree (initialisation refuses a world of one otherwise).
        if let launcher = Launcher.current {
            try expect(ring.size == launcher.size && ring.rank == launcher.rank,
                       "rank \(ring.rank) of \(ring.size), but the launcher says \(launcher)")
        }
        let selfOnly = Communicator.selfOnly
        try expect(try selfOnly.rank == 0 && selfOnly.size == 1, "selfOnly is not a one-rank communicator")
        try expect(try Communicator.tagUpperBound() >= 32_767, "tag upper bound below MPI's guaranteed 32767")

        try comparisons(ring)
        try duplicateSeparatesMessages(ring)
        try splitByParity(ring)
    }

    private static func comparisons(_ ring: Ring) throws {
        let world = ring.communicator
        try expect(try world.compare(world) == .identical, "world does not compare identical to itself")
        let duplicate = try world.duplicate()
        try expect(try world.compare(duplicate) == .congruent, "a duplicate of world does not compare congruent")
        try expect(try duplicate.compare(duplicate) == .identical, "a duplicate does not compare identical to itself")
        let expected: Communicator.Comparison = ring.size == 1 ? .congruent : .unequal
        try expect(try world.compare(.selfOnly) == expected, "world compared with selfOnly is not \(expected)")
    }

    /// A message on a duplicate is invisible on the original: the duplicate has its own context.
    private static func duplicateSeparatesMessages(_ ring: Ring) throws {
        let duplicate = try ring.communicator.duplicate()
        let send = try duplicate.isend([ring.rank], to: ring.next, tag: 3)
        _ = try duplicate.probe(from: ring.previous, tag: 3)
        try expect(try ring.communicator.iprobe(from: ring.previous, tag: 3) == nil,
                   "a message sent on a duplicate is visible on the original communicator")
        let received = try duplicate.receive(count: 1, of: Int.self, from: ring.previous, tag: 3)
        try expect(received == [ring.previous], "the duplicate delivered \(received)")
        _ = try send.wait()
    }

    /// Even and odd ranks split apart, each part ordered by descending world rank (key -rank); a ring
    /// shift inside each part checks the ranks line up with the processes.
    private static func splitByParity(_ ring: Ring) throws {
        guard let part = try ring.communicator.split(color: ring.rank % 2, key: -ring.rank) else {
            throw ScenarioFailure("split with a colour returned no communicator")
        }
        let members = (0..<ring.size).filter { $0 % 2 == ring.rank % 2 }.sorted(by: >)
        let inner = try Ring(part)
        try expect(inner.size == members.count, "the parity part has \(inner.size) ranks, expected \(members.count)")
        try expect(members[inner.rank] == ring.rank,
                   "world rank \(ring.rank) became rank \(inner.rank) of its part; key order expects \(members.firstIndex(of: ring.rank) ?? -1)")
        var neighbour = [-1]
        try part.sendReceive([ring.rank], to: inner.next, into: &neighbour, from: inner.previous)
        try expect(neighbour == [members[inner.previous]],
                   "the part's previous rank sent world rank \(neighbour), expected \(members[inner.previous])")

        try expect(try ring.communicator.split(color: nil) == nil, "split(color: nil) returned a communicator")
        try expectError(.argument, "split with a negative colour") { _ = try ring.communicator.split(color: -3) }
    }

    /// Runs without `Environment.run`: calls before initialisation and after finalisation throw a clear
    /// error instead of letting MPI abort the job.
    static func useBeforeInit() throws {
        try expect(!Environment.isInitialized, "MPI is initialised before the scenario initialised it")
        let early = try expectError("Communicator.world.rank before initialize") { _ = try Communicator.world.rank }
        try expect(early.message.contains("not initialized"), "the error before initialisation says: \(early)")

        try Environment.initialize()
        let rank = try Communicator.world.rank
        try Communicator.world.barrier()
        try Environment.finalize()
        try expect(Environment.isFinalized, "finalize() did not finalise MPI")

        let late = try expectError("Communicator.world.size after finalize") { _ = try Communicator.world.size }
        try expect(late.message.contains("finalized"), "the error after finalisation says: \(late)")
        let again = try expectError("initialize after finalize") { try Environment.initialize() }
        try expect(again.message.contains("finalized"), "initialising again after finalisation says: \(again)")
        if rank == 0 { print("ok useBeforeInit") }
    }
}
