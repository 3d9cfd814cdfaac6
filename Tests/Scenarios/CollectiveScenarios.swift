import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Blocking data-movement collectives: broadcast, gather, scatter, all-gather, all-to-all and their
/// variable-count forms, from every root, with buffers that must stay untouched checked against a
/// sentinel.
enum CollectiveScenarios {
    /// A value no scenario sends: what an untouched buffer holds.
    static let sentinel = -777

    /// What rank `rank` contributes at position `index`: distinct across ranks and positions.
    static func item(_ rank: Int, _ index: Int) -> Int { rank * 1000 + index }

    // MARK: Broadcast

    static func broadcast() throws {
        let world = Communicator.world
        let rank = try world.rank, size = try world.size
        for root in 0..<size {
            // Buffer form, several element types and containers.
            let payload = (0..<7).map { Int32(item(root, $0)) }
            var buffer = rank == root ? payload : [Int32](repeating: Int32(sentinel), count: payload.count)
            try world.broadcast(&buffer, root: root)
            try expect(buffer == payload, "broadcast of Int32 from root \(root) gave \(buffer)")

            let reals = ContiguousArray((0..<5).map { Double(root) + Double($0) / 8 })
            var received = rank == root ? reals : ContiguousArray(repeating: -1.0, count: reals.count)
            try world.broadcast(&received, root: root)
            try expect(received == reals, "broadcast of a ContiguousArray<Double> from root \(root) gave \(Array(received))")

            // A slice of a longer array: only the slice is written.
            var padded = [UInt8](repeating: 0xEE, count: 10)
            if rank == root { for i in 2..<8 { padded[i] = UInt8(root * 10 + i) } }
            try world.broadcast(&padded[2..<8], root: root)
            let expectedPadded = [0xEE, 0xEE] + (2..<8).map { UInt8(root * 10 + $0) } + [0xEE, 0xEE]
            try expect(padded == expectedPadded, "broadcast into a slice from root \(root) gave \(padded)")

            // Large enough (1 MiB) for Open MPI to pipeline it in segments; compared as one block of
            // memory, which stays fast in debug builds.
            let large = 1 << 17
            let bigPayload = [Int64](unsafeUninitializedCapacity: large) { buffer, initialized in
                for i in 0..<large { buffer[i] = Int64(i &* (root + 1)) }
                initialized = large
            }
            var big = rank == root ? bigPayload : [Int64](repeating: -1, count: large)
            try world.broadcast(&big, root: root)
            let identical = big.withUnsafeBytes { received in
                bigPayload.withUnsafeBytes { expected in memcmp(received.baseAddress!, expected.baseAddress!, expected.count) == 0 }
            }
            try expect(identical, "large broadcast from root \(root) differs")

            // Empty buffers are fine.
            var empty = [Double]()
            try world.broadcast(&empty, root: root)

            // Single-value forms; other ranks pass a value that must not survive.
            let value = try world.broadcast(rank == root ? item(root, 42) : sentinel, root: root)
            try expect(value == item(root, 42), "single-value broadcast of Int from root \(root) gave \(value)")
            let real = try world.broadcast(rank == root ? Double(root) + 0.5 : .nan, root: root)
            try expect(real == Double(root) + 0.5, "single-value broadcast of Double from root \(root) gave \(real)")
            let flag = try world.broadcast(rank == root ? root % 2 == 0 : root % 2 != 0, root: root)
            try expect(flag == (root % 2 == 0), "single-value broadcast of Bool from root \(root) gave \(flag)")
            let pair = try world.broadcast(ValueIndex(rank == root ? 2.5 : -1, index: Int32(rank)), root: root)
            try expect(pair == ValueIndex(2.5, index: Int32(root)), "broadcast of ValueIndex from root \(root) gave \(pair)")
        }
    }

    // MARK: Gather, scatter, all-gather, all-to-all

    static func gatherScatter() throws {
        let world = Communicator.world
        let rank = try world.rank, size = try world.size
        let block = 3
        let mine = (0..<block).map { item(rank, $0) }
        let everyone = (0..<size).flatMap { r in (0..<block).map { item(r, $0) } }

        for root in 0..<size {
            // Gather into a buffer one element longer than needed: the extra element and every
            // non-root buffer stay untouched.
            var result = [Int](repeating: sentinel, count: block * size + 1)
            try world.gather(mine, into: &result, root: root)
            if rank == root {
                try expect(Array(result.dropLast()) == everyone && result.last == sentinel,
                           "gather at root \(root) gave \(result)")
            } else {
                try expect(result.allSatisfy { $0 == sentinel }, "gather to root \(root) wrote into rank \(rank)'s buffer")
            }
            let returned = try world.gather(mine[...], root: root)
            try expect(returned == (rank == root ? everyone : nil), "gather returning an array at root \(root) gave \(String(describing: returned))")

            // Scatter: only the root's send buffer matters; others pass an empty one.
            let source = rank == root ? (0..<(block * size)).map { item(root, $0) } : []
            var part = [Int](repeating: sentinel, count: block)
            try world.scatter(source, into: &part, root: root)
            let expectedPart = (0..<block).map { item(root, rank * block + $0) }
            try expect(part == expectedPart, "scatter from root \(root) gave \(part), expected \(expectedPart)")
            let counted = try world.scatter(source, count: block, root: root)
            try expect(counted == expectedPart, "scatter(count:) from root \(root) gave \(counted)")
            let scalar = try world.scatter(rank == root ? (0..<size).map { Int64($0 * 10 + root) } : [], root: root)
            try expect(scalar == Int64(rank * 10 + root), "single-value scatter from root \(root) gave \(scalar)")
        }

        // All-gather: into a buffer, in place (own block already in position), returning, single value.
        var gathered = [Int](repeating: sentinel, count: block * size + 2)
        try world.allGather(mine, into: &gathered)
        try expect(Array(gathered.prefix(block * size)) == everyone && gathered.suffix(2) == [sentinel, sentinel],
                   "allGather gave \(gathered)")
        var inPlace = [Int](repeating: sentinel, count: block * size)
        inPlace.replaceSubrange((rank * block)..<((rank + 1) * block), with: mine)
        try world.allGather(inPlace: &inPlace)
        try expect(inPlace == everyone, "in-place allGather gave \(inPlace)")
        try expect(try world.allGather(mine) == everyone, "allGather returning an array differs")

        // All-to-all: block j of rank r is item(r, j * block + k); rank r receives block r of every rank.
        let outgoing = (0..<(block * size)).map { item(rank, $0) }
        let incoming = (0..<size).flatMap { source in (0..<block).map { item(source, rank * block + $0) } }
        var exchanged = [Int](repeating: sentinel, count: block * size + 1)
        try world.allToAll(outgoing, into: &exchanged)
        try expect(Array(exchanged.dropLast()) == incoming && exchanged.last == sentinel, "allToAll gave \(exchanged)")
        var exchangedInPlace = outgoing
        try world.allToAll(inPlace: &exchangedInPlace)
        try expect(exchangedInPlace == incoming, "in-place allToAll gave \(exchangedInPlace), expected \(incoming)")
        try expect(try world.allToAll(outgoing) == incoming, "allToAll returning an array differs")
        let doubles = try world.allToAll((0..<size).map { Double(rank) + Double($0) / 16 })
        try expect(doubles == (0..<size).map { Double($0) + Double(rank) / 16 }, "allToAll of single doubles gave \(doubles)")
    }

    /// The forms that gather one value per rank, and the variable-count forms that exchange the counts
    /// first (with a single-value gather).
    static func singleValueGathers() throws {
        let world = Communicator.world
        let rank = try world.rank, size = try world.size
        func items(_ r: Int) -> [Int] { (0...r).map { item(r, $0) } }
        let everything = (0..<size).flatMap(items)
        for root in 0..<size {
            let values = try world.gather(Float(rank) * 1.5, root: root)
            try expect(values == (rank == root ? (0..<size).map { Float($0) * 1.5 } : nil),
                       "single-value gather at root \(root) gave \(String(describing: values))")
            let returned = try world.gatherv(items(rank), root: root)
            try expect(returned == (rank == root ? everything : nil),
                       "gatherv returning an array at root \(root) gave \(String(describing: returned))")
        }
        try expect(try world.allGather(UInt8(rank)) == (0..<size).map { UInt8($0) }, "single-value allGather differs")
        try expect(try world.allGatherv(items(rank)) == everything, "allGatherv returning an array differs")
        // Some ranks contribute nothing.
        let sparse = try world.allGatherv(rank % 2 == 0 ? [Int64(rank)] : [])
        try expect(sparse == stride(from: 0, to: size, by: 2).map { Int64($0) }, "allGatherv with empty contributions gave \(sparse)")
    }

    // MARK: Variable counts

    /// Rank `r` contributes `r + 1` items.
    static func variableCounts() throws {
        let world = Communicator.world
        let rank = try world.rank, size = try world.size
        func items(_ r: Int) -> [Int] { (0...r).map { item(r, $0) } }
        let counts = (0..<size).map { $0 + 1 }
        let total = counts.reduce(0, +)
        let everything = (0..<size).flatMap(items)
        let mine = items(rank)

        for root in 0..<size {
            // gatherv packed in rank order; non-roots pass no counts and keep their buffer.
            var result = [Int](repeating: sentinel, count: total + 1)
            try world.gatherv(mine, into: &result, counts: rank == root ? counts : [], root: root)
            if rank == root {
                try expect(Array(result.dropLast()) == everything && result.last == sentinel, "gatherv at root \(root) gave \(result)")
            } else {
                try expect(result.allSatisfy { $0 == sentinel }, "gatherv to root \(root) wrote into rank \(rank)'s buffer")
            }

            // gatherv with displacements: blocks in reverse rank order, one untouched element between.
            let displacements = reversedLayout(counts)
            var spread = [Int](repeating: sentinel, count: total + size)
            try world.gatherv(mine, into: &spread, counts: counts, displacements: displacements, root: root)
            if rank == root {
                try expect(spread == expectedSpread(counts, displacements, capacity: total + size, items),
                           "gatherv with displacements at root \(root) gave \(spread)")
            } else {
                try expect(spread.allSatisfy { $0 == sentinel }, "gatherv with displacements wrote on rank \(rank)")
            }

            // scatterv: rank r receives r + 1 items, packed or from reversed displacements.
            var part = [Int](repeating: sentinel, count: rank + 1)
            try world.scatterv(rank == root ? everything : [], counts: rank == root ? counts : [], into: &part, root: root)
            try expect(part == mine, "scatterv from root \(root) gave \(part), expected \(mine)")
            let source = rank == root ? expectedSpread(counts, displacements, capacity: total + size, items) : []
            var fromSpread = [Int](repeating: sentinel, count: rank + 2)
            try world.scatterv(source, counts: counts, displacements: displacements, into: &fromSpread, root: root)
            try expect(Array(fromSpread.prefix(rank + 1)) == mine && fromSpread.last == sentinel,
                       "scatterv with displacements from root \(root) gave \(fromSpread)")
        }

        var allResult = [Int](repeating: sentinel, count: total)
        try world.allGatherv(mine, into: &allResult, counts: counts)
        try expect(allResult == everything, "allGatherv gave \(allResult)")
        var allSpread = [Int](repeating: sentinel, count: total + size)
        let displacements = reversedLayout(counts)
        try world.allGatherv(mine, into: &allSpread, counts: counts, displacements: displacements)
        try expect(allSpread == expectedSpread(counts, displacements, capacity: total + size, items),
                   "allGatherv with displacements gave \(allSpread)")

        try allToAllv(world)
        try reduceScatter(world)
    }

    /// Rank `r` sends `(r + 2j) % 4` items to rank `j` (zero included); receive blocks are placed in
    /// reverse order with a gap.
    private static func allToAllv(_ world: Communicator) throws {
        let rank = try world.rank, size = try world.size
        func count(from source: Int, to destination: Int) -> Int { (source + 2 * destination) % 4 }
        func payload(from source: Int, to destination: Int) -> [Int] {
            (0..<count(from: source, to: destination)).map { source * 10_000 + destination * 100 + $0 }
        }
        let sendCounts = (0..<size).map { count(from: rank, to: $0) }
        let outgoing = (0..<size).flatMap { payload(from: rank, to: $0) }
        let receiveCounts = (0..<size).map { count(from: $0, to: rank) }
        let expected = (0..<size).flatMap { payload(from: $0, to: rank) }

        var result = [Int](repeating: sentinel, count: expected.count + 1)
        try world.allToAllv(outgoing, sendCounts: sendCounts, into: &result, receiveCounts: receiveCounts)
        try expect(Array(result.dropLast()) == expected && result.last == sentinel, "allToAllv gave \(result), expected \(expected)")

        // Send blocks read from the back of a padded buffer, received in reverse order with gaps.
        let sendDisplacements = reversedLayout(sendCounts)
        let paddedOutgoing = expectedSpread(sendCounts, sendDisplacements, capacity: outgoing.count + size) {
            payload(from: rank, to: $0)
        }
        let receiveDisplacements = reversedLayout(receiveCounts)
        var spread = [Int](repeating: sentinel, count: expected.count + size)
        try world.allToAllv(paddedOutgoing, sendCounts: sendCounts, sendDisplacements: sendDisplacements,
                            into: &spread, receiveCounts: receiveCounts, receiveDisplacements: receiveDisplacements)
        let expectedSpread = expectedSpread(receiveCounts, receiveDisplacements, capacity: expected.count + size) {
            payload(from: $0, to: rank)
        }
        try expect(spread == expectedSpread, "allToAllv with displacements gave \(spread), expected \(expectedSpread)")
    }

    /// Reduce-scatter with uneven blocks (rank `i` gets `i + 1` elements) and with equal blocks.
    private static func reduceScatter(_ world: Communicator) throws {
        let rank = try world.rank, size = try world.size
        let counts = (0..<size).map { $0 + 1 }
        let total = counts.reduce(0, +)
        func value(_ r: Int, _ k: Int) -> Int64 { Int64(r * 7 + k * k) }
        let start = counts.prefix(rank).reduce(0, +)
        let expectedSum = (start..<(start + counts[rank])).map { k in (0..<size).reduce(Int64(0)) { $0 + value($1, k) } }

        var result = [Int64](repeating: Int64(sentinel), count: counts[rank] + 1)
        try world.reduceScatter((0..<total).map { value(rank, $0) }, counts: counts, into: &result, .sum)
        try expect(Array(result.dropLast()) == expectedSum && result.last == Int64(sentinel),
                   "reduceScatter with uneven counts gave \(result), expected \(expectedSum)")

        // Uneven blocks with a maximum on doubles, and some ranks receiving nothing.
        let sparseCounts = (0..<size).map { $0 % 2 == 0 ? 2 : 0 }
        let sparseTotal = sparseCounts.reduce(0, +)
        let reals = (0..<sparseTotal).map { Double((rank * 5 + $0 * 3) % 11) - 4.5 }
        var maxima = [Double](repeating: .nan, count: sparseCounts[rank])
        try world.reduceScatter(reals, counts: sparseCounts, into: &maxima, .max)
        let sparseStart = sparseCounts.prefix(rank).reduce(0, +)
        let expectedMaxima = (sparseStart..<(sparseStart + sparseCounts[rank])).map { k in
            (0..<size).map { Double(($0 * 5 + k * 3) % 11) - 4.5 }.max()!
        }
        try expect(maxima == expectedMaxima, "reduceScatter of maxima gave \(maxima), expected \(expectedMaxima)")

        let block = 3
        var blockResult = [Int32](repeating: Int32(sentinel), count: block)
        try world.reduceScatterBlock((0..<(block * size)).map { Int32(rank + 1) * Int32($0 + 1) }, into: &blockResult, .sum)
        let ranksSum = Int32(size * (size + 1) / 2)
        let expectedBlock = (0..<block).map { ranksSum * Int32(rank * block + $0 + 1) }
        try expect(blockResult == expectedBlock, "reduceScatterBlock gave \(blockResult), expected \(expectedBlock)")
    }

    /// Displacements that place block `i` after the blocks of higher ranks, one element apart:
    /// reverse rank order with gaps.
    static func reversedLayout(_ counts: [Int]) -> [Int] {
        var displacements = [Int](repeating: 0, count: counts.count)
        var next = 0
        for rank in counts.indices.reversed() {
            displacements[rank] = next
            next += counts[rank] + 1
        }
        return displacements
    }

    /// A buffer of `capacity` sentinels with block `i` (`counts[i]` items) written at `displacements[i]`.
    static func expectedSpread(
        _ counts: [Int], _ displacements: [Int], capacity: Int, _ items: (Int) -> [Int]
    ) -> [Int] {
        var buffer = [Int](repeating: sentinel, count: capacity)
        for rank in counts.indices {
            let block = Array(items(rank).prefix(counts[rank]))
            buffer.replaceSubrange(displacements[rank]..<(displacements[rank] + block.count), with: block)
        }
        return buffer
    }

    // MARK: Errors

    /// Misuse caught before MPI is called: short buffers throw `.count` on every rank (or on a
    /// one-process communicator where only the root checks), so no rank is left waiting.
    static func collectiveErrors() throws {
        let world = Communicator.world
        let rank = try world.rank, size = try world.size
        let input = [Double](repeating: 1, count: 4)

        var short = [Double](repeating: 0, count: 3)
        try expectError(.count, "allReduce into a result shorter than the input") {
            try world.allReduce(input, into: &short, .sum)
        }
        try expectError(.count, "scan into a short result") { try world.scan(input, into: &short, .sum) }
        try expectError(.count, "exclusiveScan into a short result") { try world.exclusiveScan(input, into: &short, .sum) }
        var gathered = [Double](repeating: 0, count: 4 * size - 1)
        try expectError(.count, "allGather into a short result") { try world.allGather(input, into: &gathered) }
        var exchanged = [Double](repeating: 0, count: 4 * size - 1)
        try expectError(.count, "allToAll into a short result") {
            try world.allToAll([Double](repeating: 0, count: 4 * size), into: &exchanged)
        }
        if size > 1 {
            try expectError(.count, "allToAll of a count that is no multiple of the size") {
                try world.allToAll([Double](repeating: 0, count: 4 * size + 1), into: &exchanged)
            }
        }
        var block = [Double](repeating: 0, count: 2)
        try expectError(.count, "reduceScatterBlock with the wrong send count") {
            try world.reduceScatterBlock([Double](repeating: 0, count: 2 * size + 1), into: &block, .sum)
        }
        try expectError(.count, "reduceScatter whose counts do not add up to the input") {
            try world.reduceScatter([Double](repeating: 1, count: size + 1), counts: [Int](repeating: 1, count: size),
                                    into: &block, .sum)
        }
        try expectError(.count, "reduceScatter with one count too few") {
            try world.reduceScatter(input, counts: [Int](repeating: 1, count: size - 1), into: &block, .sum)
        }
        var allv = [Double](repeating: 0, count: size)
        try expectError(.count, "allGatherv with counts that do not fit the result") {
            try world.allGatherv([1.0, 2.0], into: &allv, counts: [Int](repeating: 2, count: size))
        }
        try expectError(.count, "allGatherv whose count for this rank is not what it sends") {
            try world.allGatherv([1.0], into: &allv, counts: (0..<size).map { $0 == rank ? 0 : 1 })
        }
        try expectError(.count, "allToAllv with negative counts") {
            try world.allToAllv(input, sendCounts: [Int](repeating: -1, count: size), into: &allv,
                                receiveCounts: [Int](repeating: 1, count: size))
        }
        try expectError(.rank, "broadcast from a negative root") {
            var buffer = input
            try world.broadcast(&buffer, root: -3)
        }
        // A root past the last rank: Open MPI's argument check fails on every rank alike.
        try expectError(.root, "broadcast from a root past the last rank") {
            var buffer = input
            try world.broadcast(&buffer, root: size)
        }
        try expectError(.root, "reduce to a root past the last rank") {
            var buffer = input
            try world.reduce(inPlace: &buffer, .sum, root: size + 4)
        }

        // Checks made only at the root, on a communicator where every process is the root.
        let alone = Communicator.selfOnly
        try expectError(.count, "reduce into a short result at the root") {
            try alone.reduce(input, into: &short, .sum, root: 0)
        }
        try expectError(.count, "gather into a short result at the root") {
            try alone.gather(input, into: &short, root: 0)
        }
        try expectError(.count, "scatter from a short send buffer at the root") {
            var part = [Double](repeating: 0, count: 5)
            try alone.scatter(input, into: &part, root: 0)
        }
        try expectError(.count, "gatherv whose block runs past the result") {
            try alone.gatherv(input, into: &short, counts: [4], root: 0)
        }
        try expectError(.count, "scatterv whose block runs past the send buffer") {
            var part = [Double](repeating: 0, count: 5)
            try alone.scatterv(input, counts: [5], into: &part, root: 0)
        }
        try expectError(.count, "scatterv into a result shorter than the root's own block") {
            var part = [Double](repeating: 0, count: 1)
            try alone.scatterv(input, counts: [3], into: &part, root: 0)
        }
        // The buffers above stay as they were.
        try expect(short == [0, 0, 0], "a rejected call wrote into the result: \(short)")
        try world.barrier()
    }
}
