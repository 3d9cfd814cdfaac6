import MPI

/// Nonblocking collectives: several started at once, overlapped with point-to-point traffic, completed
/// in different orders on different ranks, through `wait()`, `test()` and a `RequestSet`.
enum NonblockingCollectiveScenarios {
    static let sentinel = -999

    static func nonblockingCollectives() throws {
        let world = Communicator.world
        for round in 0..<3 {
            try everythingAtOnce(world, round: round)
        }
        try inRequestSet(world)
        try userOperationOutlivesCaller(world)
        try droppedRequests(world)
    }

    /// Starts ten collectives, then a ring exchange, then completes them in an order that depends on the
    /// rank and the round (all ranks start them in the same order, as MPI requires).
    private static func everythingAtOnce(_ world: Communicator, round: Int) throws {
        let rank = try world.rank, size = try world.size
        let ring = try Ring(world)
        let root = (round * 3 + 1) % size
        let mine = (0..<4).map { rank * 100 + $0 + round }
        func contribution(_ r: Int) -> [Int] { (0..<4).map { r * 100 + $0 + round } }
        let everyone = (0..<size).flatMap(contribution)

        var barrier = try world.ibarrier()
        let broadcastPayload = (0..<6).map { root * 10 + $0 }
        var broadcast = try world.ibroadcast(rank == root ? broadcastPayload : [Int](repeating: sentinel, count: 6), root: root)
        var reduce = try world.ireduce(mine, .sum, root: root)
        var maximum = try world.iallReduce(mine.map(Double.init), .max)
        var sumInPlace = try world.iallReduce(inPlace: ContiguousArray(mine), .sum)
        var scan = try world.iscan(mine, .sum)
        var exclusive = try world.iexclusiveScan(mine[1...], .sum)
        var gather = try world.igather(mine, root: root)
        var allGather = try world.iallGather(mine)
        let scatterSource = rank == root ? (0..<(2 * size)).map { root * 1000 + $0 } : []
        var scatter = try world.iscatter(scatterSource, count: 2, root: root)
        var allToAll = try world.iallToAll((0..<(2 * size)).map { rank * 1000 + $0 })

        // Point-to-point traffic while the collectives are in flight, blocking and nonblocking.
        let tag = 50 + round
        let receive = try world.ireceive(count: 3, of: Int.self, from: ring.previous, tag: tag)
        let send = try world.isend([rank, round, -rank], to: ring.next, tag: tag)
        var echo = [Int](repeating: sentinel, count: 2)
        try world.sendReceive([rank * 7, round], to: ring.next, sendTag: tag + 10, into: &echo, from: ring.previous, receiveTag: tag + 10)
        try expect(echo == [ring.previous * 7, round], "sendReceive during nonblocking collectives gave \(echo)")

        // Poll one of them a little before anyone waits.
        var polls = 0
        while try !maximum.test(), polls < 1000 { polls += 1 }

        let expectedSum = (0..<4).map { k in (0..<size).reduce(0) { $0 + contribution($1)[k] } }
        let expectedScan = (0..<4).map { k in (0...rank).reduce(0) { $0 + contribution($1)[k] } }
        let expectedGather = everyone
        let expectedAllToAll = (0..<size).flatMap { source in (0..<2).map { source * 1000 + rank * 2 + $0 } }

        // Completion in one of three orders; every branch waits for every request exactly once.
        switch (rank + round) % 3 {
        case 0:
            try barrier.wait()
            let bcast = try broadcast.wait().buffer
            try expect(bcast == broadcastPayload, "ibroadcast from root \(root) gave \(bcast)")
            let reduced = try reduce.wait().buffer
            try expect(reduced == (rank == root ? expectedSum : []), "ireduce at root \(root) gave \(reduced)")
            let maxima = try maximum.wait().buffer
            try expect(maxima == contribution(size - 1).map(Double.init), "iallReduce max gave \(maxima)")
            let summed = try sumInPlace.wait().buffer
            try expect(Array(summed) == expectedSum, "in-place iallReduce gave \(Array(summed))")
            let scanned = try scan.wait().buffer
            try expect(scanned == expectedScan, "iscan gave \(scanned), expected \(expectedScan)")
            try checkExclusive(try exclusive.wait().buffer, rank: rank, contribution)
            let gathered = try gather.wait().buffer
            try expect(gathered == (rank == root ? expectedGather : []), "igather at root \(root) gave \(gathered)")
            try expect(try allGather.wait().buffer == everyone, "iallGather differs")
            try expect(try scatter.wait().buffer == [root * 1000 + 2 * rank, root * 1000 + 2 * rank + 1], "iscatter differs")
            try expect(try allToAll.wait().buffer == expectedAllToAll, "iallToAll differs")
        case 1:
            // Reverse order of starting.
            try expect(try allToAll.wait().buffer == expectedAllToAll, "iallToAll differs")
            try expect(try scatter.wait().buffer == [root * 1000 + 2 * rank, root * 1000 + 2 * rank + 1], "iscatter differs")
            try expect(try allGather.wait().buffer == everyone, "iallGather differs")
            let gathered = try gather.wait().buffer
            try expect(gathered == (rank == root ? expectedGather : []), "igather at root \(root) gave \(gathered)")
            try checkExclusive(try exclusive.wait().buffer, rank: rank, contribution)
            let scanned = try scan.wait().buffer
            try expect(scanned == expectedScan, "iscan gave \(scanned), expected \(expectedScan)")
            let summed = try sumInPlace.wait().buffer
            try expect(Array(summed) == expectedSum, "in-place iallReduce gave \(Array(summed))")
            let maxima = try maximum.wait().buffer
            try expect(maxima == contribution(size - 1).map(Double.init), "iallReduce max gave \(maxima)")
            let reduced = try reduce.wait().buffer
            try expect(reduced == (rank == root ? expectedSum : []), "ireduce at root \(root) gave \(reduced)")
            let bcast = try broadcast.wait().buffer
            try expect(bcast == broadcastPayload, "ibroadcast from root \(root) gave \(bcast)")
            try barrier.wait()
        default:
            // Poll everything round-robin with test() until all are done, then collect.
            var done = false
            while !done {
                // Every request is tested on every pass (no short-circuit).
                var all = try barrier.test()
                all = try broadcast.test() && all
                all = try reduce.test() && all
                all = try maximum.test() && all
                all = try sumInPlace.test() && all
                all = try scan.test() && all
                all = try exclusive.test() && all
                all = try gather.test() && all
                all = try allGather.test() && all
                all = try scatter.test() && all
                all = try allToAll.test() && all
                done = all
            }
            let scanned = try scan.wait().buffer
            try expect(scanned == expectedScan, "iscan gave \(scanned), expected \(expectedScan)")
            try expect(try allToAll.wait().buffer == expectedAllToAll, "iallToAll differs")
            let bcast = try broadcast.wait().buffer
            try expect(bcast == broadcastPayload, "ibroadcast from root \(root) gave \(bcast)")
            let gathered = try gather.wait().buffer
            try expect(gathered == (rank == root ? expectedGather : []), "igather at root \(root) gave \(gathered)")
            let maxima = try maximum.wait().buffer
            try expect(maxima == contribution(size - 1).map(Double.init), "iallReduce max gave \(maxima)")
            try barrier.wait()
            try checkExclusive(try exclusive.wait().buffer, rank: rank, contribution)
            let reduced = try reduce.wait().buffer
            try expect(reduced == (rank == root ? expectedSum : []), "ireduce at root \(root) gave \(reduced)")
            try expect(try scatter.wait().buffer == [root * 1000 + 2 * rank, root * 1000 + 2 * rank + 1], "iscatter differs")
            let summed = try sumInPlace.wait().buffer
            try expect(Array(summed) == expectedSum, "in-place iallReduce gave \(Array(summed))")
            try expect(try allGather.wait().buffer == everyone, "iallGather differs")
        }

        let (message, status) = try receive.wait()
        try expect(message == [ring.previous, round, -ring.previous] && status.source == ring.previous,
                   "ring message during nonblocking collectives gave \(message)")
        let (sent, _) = try send.wait()
        try expect(sent == [rank, round, -rank], "isend handed back \(sent)")
    }

    /// iexclusiveScan of `mine[1...]`: elements 1 through 3 of the contributions of lower ranks.
    private static func checkExclusive(_ result: [Int], rank: Int, _ contribution: (Int) -> [Int]) throws {
        guard rank > 0 else { return } // undefined on rank 0
        let expected = (1..<4).map { k in (0..<rank).reduce(0) { $0 + contribution($1)[k] } }
        try expect(result == expected, "iexclusiveScan gave \(result), expected \(expected)")
    }

    /// Collectives of one buffer type in a `RequestSet`, completed together with `waitAll`, and one at
    /// a time with `waitAny`.
    private static func inRequestSet(_ world: Communicator) throws {
        let rank = try world.rank, size = try world.size
        var set = RequestSet<[Int64]>()
        let roots = (0..<size).map { $0 }
        // One ireduce per root, then allReduce, allGather and a broadcast.
        for root in roots {
            set.append(try world.ireduce([Int64(rank), Int64(root)], .sum, root: root))
        }
        let allReduceSlot = set.append(try world.iallReduce([Int64(rank + 1)], .product))
        let allGatherSlot = set.append(try world.iallGather([Int64(rank * rank)]))
        let broadcastSlot = set.append(try world.ibroadcast(rank == size - 1 ? [Int64(42), 43] : [0, 0], root: size - 1))
        let completed = try set.waitAll()
        try expect(completed.map(\.index) == Array(0..<(size + 3)), "waitAll handed back slots \(completed.map(\.index))")
        let ranksSum = Int64(size * (size - 1) / 2)
        for (index, buffer, _) in completed {
            switch index {
            case allReduceSlot:
                let factorial = (1...size).reduce(Int64(1)) { $0 * Int64($1) }
                try expect(buffer == [factorial], "iallReduce product in a set gave \(buffer)")
            case allGatherSlot:
                try expect(buffer == (0..<size).map { Int64($0 * $0) }, "iallGather in a set gave \(buffer)")
            case broadcastSlot:
                try expect(buffer == [42, 43], "ibroadcast in a set gave \(buffer)")
            default:
                let root = index
                try expect(buffer == (rank == root ? [ranksSum, Int64(root * size)] : []),
                           "ireduce to root \(root) in a set gave \(buffer)")
            }
        }
        try expect(set.isEmpty, "the set still holds pending requests after waitAll")

        // waitAny until nothing is left: every slot exactly once.
        var again = RequestSet<[Double]>()
        for k in 0..<4 {
            again.append(try world.iallReduce([Double(rank) + Double(k) / 4], .sum))
        }
        var seen = Set<Int>()
        while let completed = try again.waitAny() {
            let (index, buffer) = (completed.index, completed.buffer)
            try expect(seen.insert(index).inserted, "waitAny handed back slot \(index) twice")
            let expected = Double(size * (size - 1) / 2) + Double(size) * Double(index) / 4
            try expect(buffer == [expected], "iallReduce in slot \(index) gave \(buffer), expected \(expected)")
        }
        try expect(seen == Set(0..<4), "waitAny handed back \(seen.sorted())")
    }

    /// A user operation that goes out of scope right after starting the collective must stay alive
    /// until the request completes (the request keeps it).
    private static func userOperationOutlivesCaller(_ world: Communicator) throws {
        let rank = try world.rank, size = try world.size
        func start() throws -> Request<[Matrix2]> {
            let multiply = try Operation(of: Matrix2.self, commutative: false) { $0 * $1 }
            return try world.iallReduce([Matrix2(a: 1, b: Int64(rank + 1), c: 0, d: 1)], multiply)
        }
        var requests = RequestSet<[Matrix2]>()
        for _ in 0..<3 { requests.append(try start()) }
        // Unipotent upper-triangular matrices: the product adds the corners.
        let corner = Int64(size * (size + 1) / 2)
        for (index, buffer, _) in try requests.waitAll() {
            try expect(buffer == [Matrix2(a: 1, b: corner, c: 0, d: 1)], "iallReduce \(index) with a released operation gave \(buffer)")
        }
        // Exclusive scan with the same kind of operation: each scan its own.
        let scan = try world.iscan([Matrix2(a: 1, b: Int64(rank + 1), c: 0, d: 1)],
                                   try Operation(of: Matrix2.self, commutative: false) { $0 * $1 })
        let prefix = Int64((rank + 1) * (rank + 2) / 2)
        try expect(try scan.wait().buffer == [Matrix2(a: 1, b: prefix, c: 0, d: 1)], "iscan with a matrix product differs")
    }

    /// A request dropped without waiting completes in its deinit; the data still arrives.
    private static func droppedRequests(_ world: Communicator) throws {
        let rank = try world.rank, size = try world.size
        do {
            _ = try world.ibarrier()
            let dropped = try world.iallReduce([rank], .sum)
            _ = consume dropped
        }
        var check = try world.iallReduce([1], .sum)
        while try !check.test() {}
        try expect(try check.wait().buffer == [size], "iallReduce after dropped requests gave a wrong sum")
    }
}
