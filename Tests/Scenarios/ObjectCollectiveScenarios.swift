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

        // A root without a value makes every rank throw instead of waiting for bytes.
        let error = try expectError("broadcastObject with no value at the root") {
            _ = try world.broadcastObject(nil as Tally?, root: 0)
        }
        try expect(error.errorClass == (ring.rank == 0 ? .argument : .other), "broadcastObject failure: \(error)")
    }
}
