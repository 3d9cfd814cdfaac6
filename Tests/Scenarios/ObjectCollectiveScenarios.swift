// Collectives on Codable values: broadcastObject, gatherObjects, allGatherObjects, scatterObjects,
// reduceObjects and allReduceObjects, from every root.
import MPI

enum ObjectCollectiveScenarios {
    /// A value whose encoded length differs by rank, so the v-collectives carry uneven byte counts.
    struct Tally: Codable, Equatable {
        var ranks: [Int]
        var names: [String]
        var note: String?
    }

    static func tally(of rank: Int) -> Tally {
        Tally(ranks: [rank], names: Array(repeating: "r\(rank)·", count: rank + 1), note: rank % 2 == 0 ? "even" : nil)
    }

    /// Concatenation: not commutative, so the result shows the fold order.
    static func combine(_ a: Tally, _ b: Tally) -> Tally {
        Tally(ranks: a.ranks + b.ranks, names: a.names + b.names, note: [a.note, b.note].compactMap { $0 }.joined(separator: "+"))
    }

    static func objectCollectives() throws {
        let ring = try Ring()
        let world = ring.communicator
        let everyone = (0..<ring.size).map(tally(of:))
        let serialFold = everyone.dropFirst().reduce(everyone[0], combine)

        for root in 0..<ring.size {
            let shared = try world.broadcastObject(ring.rank == root ? tally(of: root) : nil, root: root)
            try expect(shared == tally(of: root), "broadcastObject from \(root) gave \(shared)")

            let gathered = try world.gatherObjects(tally(of: ring.rank), root: root)
            if ring.rank == root {
                try expect(gathered == everyone, "gatherObjects at root \(root) gave \(String(describing: gathered))")
            } else {
                try expect(gathered == nil, "gatherObjects returned a value on non-root \(ring.rank)")
            }

            let mine = try world.scatterObjects(ring.rank == root ? everyone : nil, root: root)
            try expect(mine == tally(of: ring.rank), "scatterObjects from \(root) gave \(mine) to \(ring.rank)")

            let reduced = try world.reduceObjects(tally(of: ring.rank), root: root, combine)
            try expect(ring.rank == root ? reduced == serialFold : reduced == nil,
                       "reduceObjects at root \(root) gave \(String(describing: reduced)) on \(ring.rank)")
        }

        let all = try world.allGatherObjects(tally(of: ring.rank))
        try expect(all == everyone, "allGatherObjects gave \(all)")
        let folded = try world.allReduceObjects(tally(of: ring.rank), combine)
        try expect(folded == serialFold, "allReduceObjects gave \(folded), expected the left fold \(serialFold)")
    }

    /// A value whose encoding throws on the ranks told to break it, as a value holding something its
    /// encoder cannot represent would.
    struct Fragile: Codable, Equatable {
        var rank: Int
        var breaks: Bool

        struct Breakage: Error, CustomStringConvertible {
            let rank: Int
            var description: String { "the value of rank \(rank) refuses to be encoded" }
        }

        func encode(to encoder: any Encoder) throws {
            if breaks { throw Breakage(rank: rank) }
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rank, forKey: .rank)
            try container.encode(breaks, forKey: .breaks)
        }
    }

    /// A value that cannot be encoded on one rank (or several), or a root with no values or the wrong
    /// number of them: every rank throws the same error — before, only the failing rank and the root did,
    /// and the other ranks returned normally — and the collectives after it still work.
    static func objectCollectiveFailures() throws {
        let ring = try Ring()
        let world = ring.communicator
        let size = ring.size
        let whole = (0..<size).map { Fragile(rank: $0, breaks: false) }

        // One value fails to encode: one rank at a time, then two ranks at once (the lowest one's error).
        var failingSets = (0..<size).map { Set([$0]) }
        if size > 2 { failingSets.append([1, size - 1]) }
        for failing in failingSets {
            let mine = Fragile(rank: ring.rank, breaks: failing.contains(ring.rank))
            let first = failing.min()!
            func check(_ operation: String, _ body: () throws -> Void) throws {
                let context = "\(operation) with rank(s) \(failing.sorted()) failing to encode"
                let error = try expectError(context, body)
                try expect(error.errorClass == .argument && error.message.contains("rank \(first) cannot encode"),
                           "\(context): expected an argument error naming rank \(first), got \(error)")
                try expectSameError(error, on: world, context)
            }
            for root in 0..<size {
                try check("gatherObjects at root \(root)") { _ = try world.gatherObjects(mine, root: root) }
                try check("reduceObjects at root \(root)") { _ = try world.reduceObjects(mine, root: root) { a, _ in a } }
            }
            try check("allGatherObjects") { _ = try world.allGatherObjects(mine) }
            try check("allReduceObjects") { _ = try world.allReduceObjects(mine) { a, _ in a } }
        }

        // Failures only the root can see, from every root.
        for root in 0..<size {
            let isRoot = ring.rank == root
            func check(_ expected: ErrorClass, _ operation: String, _ body: () throws -> Void) throws {
                let context = "\(operation) from root \(root)"
                let error = try expectError(context, body)
                try expect(error.errorClass == expected && error.message.contains("rank \(root)"),
                           "\(context): expected an error of class \(expected) naming rank \(root), got \(error)")
                try expectSameError(error, on: world, context)
            }
            try check(.argument, "broadcastObject of nil") { _ = try world.broadcastObject(nil as Fragile?, root: root) }
            try check(.argument, "broadcastObject of an unencodable value") {
                _ = try world.broadcastObject(isRoot ? Fragile(rank: root, breaks: true) : nil, root: root)
            }
            try check(.count, "scatterObjects of nil") { _ = try world.scatterObjects(nil as [Fragile]?, root: root) }
            try check(.count, "scatterObjects of one value too many") {
                _ = try world.scatterObjects(isRoot ? whole + whole.prefix(1) : nil, root: root)
            }
            var unencodable = whole
            unencodable[size - 1].breaks = true
            try check(.argument, "scatterObjects of an unencodable value") {
                _ = try world.scatterObjects(isRoot ? unencodable : nil, root: root)
            }
        }

        // Nothing was left in flight: the same collectives succeed right after the failures.
        let mine = whole[ring.rank]
        let all = try world.allGatherObjects(mine)
        try expect(all == whole, "allGatherObjects after the failures gave \(all)")
        let gathered = try world.gatherObjects(mine, root: size - 1)
        try expect(gathered == (ring.rank == size - 1 ? whole : nil), "gatherObjects after the failures gave \(String(describing: gathered))")
        let shared = try world.broadcastObject(ring.rank == 0 ? mine : nil, root: 0)
        try expect(shared == whole[0], "broadcastObject after the failures gave \(shared)")
        let scattered = try world.scatterObjects(ring.rank == 0 ? whole : nil, root: 0)
        try expect(scattered == mine, "scatterObjects after the failures gave \(scattered)")
    }
}
