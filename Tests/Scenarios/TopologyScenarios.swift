import MPI

/// Process topologies: balanced grid dimensions, Cartesian grids (coordinates, shifts, sub-grids), the
/// distributed graph, and the neighbourhood collectives over both.
enum TopologyScenarios {
    /// `dimensions(for:fixing:)` against known answers and its invariants for every size up to 64, and
    /// the errors for impossible grids.
    static func dimensions() throws {
        let known: [(nodes: Int, dims: [Int], expected: [Int])] = [
            (1, [0], [1]), (1, [0, 0], [1, 1]), (2, [0, 0], [2, 1]), (3, [0, 0], [3, 1]), (4, [0, 0], [2, 2]),
            (6, [0, 0], [3, 2]), (7, [0, 0], [7, 1]), (12, [0, 0], [4, 3]), (12, [0, 2], [6, 2]),
            (16, [0, 0, 0], [4, 2, 2]), (24, [0, 0, 0], [4, 3, 2]), (12, [3, 0], [3, 4]), (8, [2, 2, 2], [2, 2, 2]),
        ]
        for (nodes, dims, expected) in known {
            let result = try Communicator.dimensions(for: nodes, fixing: dims)
            try expect(result == expected, "dimensions(for: \(nodes), fixing: \(dims)) is \(result), expected \(expected)")
        }
        let size = try Communicator.world.size
        for nodes in Set(1...64).union([size]) {
            for axes in 1...3 {
                let result = try Communicator.dimensions(for: nodes, fixing: Array(repeating: 0, count: axes))
                try expect(result.count == axes && result.reduce(1, *) == nodes,
                           "dimensions(for: \(nodes)) over \(axes) axes is \(result): wrong product")
                try expect(zip(result, result.dropFirst()).allSatisfy { $0 >= $1 },
                           "dimensions(for: \(nodes)) over \(axes) axes is \(result): not non-increasing")
            }
        }
        for (nodes, dims) in [(7, [2, 0]), (6, [4, 0]), (6, [2, 2]), (0, [0]), (6, []), (6, [-1, 0])] {
            try expectError(.dimensions, "dimensions(for: \(nodes), fixing: \(dims))") { () throws(MPIError) in
                _ = try Communicator.dimensions(for: nodes, fixing: dims)
            }
        }
    }

    /// Two-dimensional grids over the whole world, periodic, open and mixed: the topology reads back,
    /// coordinates and ranks round-trip for every rank, shifts wrap or stop at open edges, and rows and
    /// columns are sub-grids of the right sizes.
    static func cartesian() throws {
        let world = Communicator.world
        let size = try world.size
        let worldRank = try world.rank
        let dims = try Communicator.dimensions(for: size, fixing: [0, 0])
        for periodic in [[false, false], [true, true], [true, false]] {
            guard let grid = try world.cartesian(dimensions: dims, periodic: periodic) else {
                throw ScenarioFailure("a \(dims) grid of \(size) processes left rank \(worldRank) out")
            }
            let gridSize = try grid.size
            try expect(gridSize == size, "the grid has \(gridSize) processes, expected \(size)")
            let kind = try grid.topology
            try expect(kind == .cartesian, "the grid's topology is \(String(describing: kind))")
            let rank = try grid.rank
            try expect(rank == worldRank, "without reordering grid rank \(rank) differs from world rank \(worldRank)")
            let topology = try grid.cartesianTopology()
            try expect(topology.dimensions == dims && topology.periodic == periodic,
                       "cartesianTopology() is \(topology.dimensions) \(topology.periodic), expected \(dims) \(periodic)")
            let mine = [rank / dims[1], rank % dims[1]]
            try expect(topology.coordinates == mine, "rank \(rank) has coordinates \(topology.coordinates), expected \(mine)")

            // Row-major placement, and coordinates ↔ rank both ways for every process.
            for other in 0..<size {
                let coordinates = try grid.cartesianCoordinates(of: other)
                try expect(coordinates == [other / dims[1], other % dims[1]],
                           "rank \(other) has coordinates \(coordinates) on a \(dims) grid")
                let back = try grid.cartesianRank(of: coordinates)
                try expect(back == other, "coordinates \(coordinates) map back to rank \(back), expected \(other)")
            }

            // Shifts by -2...2 along both axes against the grid arithmetic.
            for axis in 0..<2 {
                for displacement in -2...2 {
                    let shift = try grid.cartesianShift(axis: axis, displacement: displacement)
                    let destination = neighbor(of: mine, axis: axis, by: displacement, dims: dims, periodic: periodic)
                    let source = neighbor(of: mine, axis: axis, by: -displacement, dims: dims, periodic: periodic)
                    try expect(shift.source == source && shift.destination == destination,
                               "shift of \(displacement) along axis \(axis) from \(mine) (periodic \(periodic)) is \(shift), expected (\(source), \(destination))")
                }
            }

            // Periodic axes accept coordinates off the grid and wrap; open ones refuse them.
            let wrapped = [mine[0] + 2 * dims[0], mine[1] - dims[1]]
            if periodic == [true, true] {
                try expect(try grid.cartesianRank(of: wrapped) == rank, "coordinates \(wrapped) do not wrap to rank \(rank)")
            } else if periodic == [false, false] {
                try expectError("cartesianRank(of: \(wrapped)) on an open grid") { () throws(MPIError) in
                    _ = try grid.cartesianRank(of: wrapped)
                }
            }

            // Rows keep axis 1, columns keep axis 0.
            let row = try grid.cartesianSubgroup(keeping: [false, true])
            let (rowSize, rowRank) = (try row.size, try row.rank)
            try expect(rowSize == dims[1] && rowRank == mine[1],
                       "row: size \(rowSize), rank \(rowRank); expected \(dims[1]), \(mine[1])")
            let rowTopology = try row.cartesianTopology()
            try expect(rowTopology.dimensions == [dims[1]] && rowTopology.periodic == [periodic[1]],
                       "row topology \(rowTopology.dimensions) \(rowTopology.periodic)")
            let column = try grid.cartesianSubgroup(keeping: [true, false])
            let (columnSize, columnRank) = (try column.size, try column.rank)
            try expect(columnSize == dims[0] && columnRank == mine[0],
                       "column: size \(columnSize), rank \(columnRank); expected \(dims[0]), \(mine[0])")
            // The ranks of a row are its members' column coordinates: a sum over the row checks membership.
            let rowSum = try row.allReduce(worldRank, .sum)
            let expectedRowSum = (0..<dims[1]).map { mine[0] * dims[1] + $0 }.reduce(0, +)
            try expect(rowSum == expectedRowSum, "the row of rank \(worldRank) sums world ranks to \(rowSum), expected \(expectedRowSum)")
            let everything = try grid.cartesianSubgroup(keeping: [true, true])
            let everythingSize = try everything.size
            try expect(everythingSize == size, "keeping both axes gives \(everythingSize) processes")

            // Errors: wrong argument lengths for this grid.
            try expectError(.dimensions, "cartesianRank with one coordinate") { () throws(MPIError) in
                _ = try grid.cartesianRank(of: [0])
            }
            try expectError(.dimensions, "cartesianShift along axis 2") { () throws(MPIError) in
                _ = try grid.cartesianShift(axis: 2)
            }
            try expectError(.dimensions, "cartesianSubgroup with three flags") { () throws(MPIError) in
                _ = try grid.cartesianSubgroup(keeping: [true, true, true])
            }
            try expectError(.rank, "cartesianCoordinates of rank \(size)") { () throws(MPIError) in
                _ = try grid.cartesianCoordinates(of: size)
            }
        }

        // A grid smaller than the communicator leaves the highest ranks out.
        let line = try world.cartesian(dimensions: [max(size - 1, 1)], periodic: [false])
        let included = worldRank < max(size - 1, 1)
        try expect((line != nil) == included, "a line of \(max(size - 1, 1)) gave rank \(worldRank) \(line == nil ? "nil" : "a communicator")")
        if let line {
            let lineSize = try line.size
            try expect(lineSize == max(size - 1, 1), "the line has \(lineSize) processes")
        }

        // No topology, or a grid that cannot be built.
        try expect(try world.topology == nil, "the world communicator reports a topology")
        try expectError(.topology, "cartesianTopology() of the world") { () throws(MPIError) in
            _ = try world.cartesianTopology()
        }
        try expectError(.topology, "neighbors() of the world") { () throws(MPIError) in
            _ = try world.neighbors()
        }
        try expectError(.topology, "cartesianShift on the world") { () throws(MPIError) in
            _ = try world.cartesianShift(axis: 0)
        }
        try expectError(.dimensions, "a grid larger than the world") { () throws(MPIError) in
            _ = try world.cartesian(dimensions: [size + 1], periodic: [false])
        }
        try expectError(.dimensions, "dimensions and periodicity of different lengths") { () throws(MPIError) in
            _ = try world.cartesian(dimensions: [size], periodic: [false, true])
        }
        try expectError(.dimensions, "an axis of size 0") { () throws(MPIError) in
            _ = try world.cartesian(dimensions: [size, 0], periodic: [false, false])
        }
    }

    /// Neighbourhood collectives on a two-dimensional grid: with open edges the blocks of null
    /// neighbours keep their sentinels, and on a periodic grid every block arrives.
    static func cartesianNeighbors() throws {
        let world = Communicator.world
        let size = try world.size
        let dims = try Communicator.dimensions(for: size, fixing: [0, 0])
        let sentinel = -1

        for periodic in [false, true] {
            guard let grid = try world.cartesian(dimensions: dims, periodic: [periodic, periodic]) else {
                throw ScenarioFailure("the grid left a process out")
            }
            let rank = try grid.rank
            let mine = [rank / dims[1], rank % dims[1]]
            // Neighbours: for each axis, one step back then one step forward.
            var expected: [Int] = []
            for axis in 0..<2 {
                expected.append(neighbor(of: mine, axis: axis, by: -1, dims: dims, periodic: [periodic, periodic]))
                expected.append(neighbor(of: mine, axis: axis, by: 1, dims: dims, periodic: [periodic, periodic]))
            }
            let neighbors = try grid.neighbors()
            try expect(neighbors.sources == expected && neighbors.destinations == expected,
                       "neighbors() is \(neighbors), expected \(expected) both ways")

            // allGather: block i holds neighbour i's two values; null neighbours' blocks keep the sentinel,
            // and so does the element after the last block.
            func payload(_ rank: Int) -> [Int] { [rank * 10, rank * 10 + 1] }
            var gathered = [Int](repeating: sentinel, count: 4 * 2 + 1)
            try grid.neighborAllGather(payload(rank), into: &gathered)
            for (index, source) in expected.enumerated() {
                let block = Array(gathered[(2 * index)..<(2 * index + 2)])
                let wanted = source == Communicator.nullProcess ? [sentinel, sentinel] : payload(source)
                try expect(block == wanted, "neighborAllGather block \(index) from \(source) is \(block), expected \(wanted)")
            }
            try expect(gathered[8] == sentinel, "neighborAllGather wrote past the last block")
            let returned = try grid.neighborAllGather(payload(rank))
            let wantedReturned = expected.flatMap { $0 == Communicator.nullProcess ? [0, 0] : payload($0) }
            try expect(returned == wantedReturned, "neighborAllGather(_:) returned \(returned), expected \(wantedReturned)")

            // A result buffer one element short throws before MPI sees it.
            var short = [Int](repeating: 0, count: 7)
            try expectError(.count, "neighborAllGather into 7 elements") { () throws(MPIError) in
                try grid.neighborAllGather(payload(rank), into: &short)
            }

            // allGatherv: each process sends a number of elements that depends on its rank.
            func varying(_ rank: Int) -> [Int] { (0..<(rank % 3 + 1)).map { rank * 100 + $0 } }
            let counts = expected.map { $0 == Communicator.nullProcess ? 2 : varying($0).count }
            var gatheredv = [Int](repeating: sentinel, count: counts.reduce(0, +) + 1)
            try grid.neighborAllGatherv(varying(rank), into: &gatheredv, counts: counts)
            var offset = 0
            for (index, source) in expected.enumerated() {
                let block = Array(gatheredv[offset..<(offset + counts[index])])
                let wanted = source == Communicator.nullProcess ? [sentinel, sentinel] : varying(source)
                try expect(block == wanted, "neighborAllGatherv block \(index) from \(source) is \(block), expected \(wanted)")
                offset += counts[index]
            }
            try expect(gatheredv.last == sentinel, "neighborAllGatherv wrote past the last block")
            try expectError(.count, "neighborAllGatherv with 3 counts for 4 neighbours") { () throws(MPIError) in
                try grid.neighborAllGatherv(varying(rank), into: &gatheredv, counts: Array(counts.prefix(3)))
            }

            // On a periodic axis of one or two processes both neighbours are the same process, and which of
            // its blocks arrives where is not defined by MPI 3.1: all-to-all is checked on open grids only.
            guard !periodic else { continue }

            // allToAll: block j goes to destination j. Neighbour i receives from us along the opposite
            // direction, so the block we get from source i is the one it addressed to its neighbour i ^ 1.
            func block(from rank: Int, to index: Int) -> [Int] { [rank * 100 + index, -(rank * 100 + index)] }
            let outgoing = (0..<4).flatMap { block(from: rank, to: $0) }
            var incoming = [Int](repeating: sentinel, count: 4 * 2 + 1)
            try grid.neighborAllToAll(outgoing, into: &incoming)
            for (index, source) in expected.enumerated() {
                let received = Array(incoming[(2 * index)..<(2 * index + 2)])
                let wanted = source == Communicator.nullProcess ? [sentinel, sentinel] : block(from: source, to: index ^ 1)
                try expect(received == wanted, "neighborAllToAll block \(index) from \(source) is \(received), expected \(wanted)")
            }
            try expect(incoming[8] == sentinel, "neighborAllToAll wrote past the last block")
            let returnedAllToAll = try grid.neighborAllToAll(outgoing)
            let wantedAllToAll = expected.enumerated().flatMap { index, source in
                source == Communicator.nullProcess ? [0, 0] : block(from: source, to: index ^ 1)
            }
            try expect(returnedAllToAll == wantedAllToAll, "neighborAllToAll(_:) returned \(returnedAllToAll), expected \(wantedAllToAll)")
            try expectError(.count, "neighborAllToAll of 7 elements among 4 destinations") { () throws(MPIError) in
                try grid.neighborAllToAll(Array(outgoing.prefix(7)), into: &incoming)
            }
            var shortIncoming = [Int](repeating: 0, count: 7)
            try expectError(.count, "neighborAllToAll into 7 elements") { () throws(MPIError) in
                try grid.neighborAllToAll(outgoing, into: &shortIncoming)
            }

            // allToAllv: the block for destination j has j + 1 elements, so the block from source i has
            // (i ^ 1) + 1; blocks are spaced one element apart to check the displacements.
            func vBlock(from rank: Int, to index: Int) -> [Int] { (0...index).map { rank * 1000 + index * 10 + $0 } }
            let sendCounts = (0..<4).map { $0 + 1 }
            let sendDisplacements = [0, 2, 5, 9]
            var outgoingV = [Int](repeating: sentinel, count: 14)
            for j in 0..<4 { outgoingV.replaceSubrange(sendDisplacements[j]..<(sendDisplacements[j] + j + 1), with: vBlock(from: rank, to: j)) }
            let receiveCounts = (0..<4).map { ($0 ^ 1) + 1 }
            let receiveDisplacements = [1, 4, 6, 10]
            var incomingV = [Int](repeating: sentinel, count: 14)
            try grid.neighborAllToAllv(
                outgoingV, sendCounts: sendCounts, sendDisplacements: sendDisplacements,
                into: &incomingV, receiveCounts: receiveCounts, receiveDisplacements: receiveDisplacements)
            var wantedV = [Int](repeating: sentinel, count: 14)
            for (index, source) in expected.enumerated() where source != Communicator.nullProcess {
                wantedV.replaceSubrange(receiveDisplacements[index]..<(receiveDisplacements[index] + receiveCounts[index]),
                                        with: vBlock(from: source, to: index ^ 1))
            }
            try expect(incomingV == wantedV, "neighborAllToAllv received \(incomingV), expected \(wantedV)")
            try expectError(.count, "neighborAllToAllv with a receive block past the buffer") { () throws(MPIError) in
                try grid.neighborAllToAllv(
                    outgoingV, sendCounts: sendCounts, sendDisplacements: sendDisplacements,
                    into: &incomingV, receiveCounts: receiveCounts, receiveDisplacements: [1, 4, 6, 12])
            }
        }
    }

    /// Distributed graphs: a directed ring, a two-way ring and a star (uneven in- and out-degrees), with
    /// the neighbourhood collectives over each.
    static func graphNeighbors() throws {
        let world = Communicator.world
        let ring = try Ring()
        let rank = ring.rank

        // A directed ring: receive from the previous process, send to the next.
        let directed = try world.distributedGraph(sources: [ring.previous], destinations: [ring.next])
        let kind = try directed.topology
        try expect(kind == .distributedGraph, "the ring's topology is \(String(describing: kind))")
        let neighbors = try directed.neighbors()
        try expect(neighbors.sources == [ring.previous] && neighbors.destinations == [ring.next],
                   "ring neighbors() is \(neighbors)")
        try expect(try directed.neighborAllGather([rank, -rank]) == [ring.previous, -ring.previous],
                   "neighborAllGather on the directed ring")
        try expect(try directed.neighborAllToAll([rank * 3, rank * 3 + 1]) == [ring.previous * 3, ring.previous * 3 + 1],
                   "neighborAllToAll on the directed ring")
        let count = rank % 4 + 1
        let gatheredv = try directed.neighborAllGatherv(Array(repeating: rank, count: count), counts: [ring.previous % 4 + 1])
        try expect(gatheredv == Array(repeating: ring.previous, count: ring.previous % 4 + 1),
                   "neighborAllGatherv on the directed ring gave \(gatheredv)")
        let exchanged = try directed.neighborAllToAllv(
            Array(repeating: Double(rank), count: count), sendCounts: [count], receiveCounts: [ring.previous % 4 + 1])
        try expect(exchanged == Array(repeating: Double(ring.previous), count: ring.previous % 4 + 1),
                   "neighborAllToAllv on the directed ring gave \(exchanged)")
        var short = [Int](repeating: 0, count: 1)
        try expectError(.count, "neighborAllGather of 2 elements into 1") { () throws(MPIError) in
            try directed.neighborAllGather([rank, rank], into: &short)
        }

        // A two-way ring; with fewer than three processes the two neighbours coincide, which MPI allows
        // but pairs by edge order, so the exact blocks are checked from three processes on.
        if ring.size >= 3 {
            let twoWay = try world.distributedGraph(sources: [ring.previous, ring.next], destinations: [ring.previous, ring.next])
            let gathered = try twoWay.neighborAllGather([rank])
            try expect(gathered == [ring.previous, ring.next], "two-way ring neighborAllGather gave \(gathered)")
            // The block for the previous process is [rank, 0], for the next [rank, 1]: the previous
            // process sent us its "next" block, the next process its "previous" block.
            let received = try twoWay.neighborAllToAll([rank, 0, rank, 1])
            try expect(received == [ring.previous, 1, ring.next, 0], "two-way ring neighborAllToAll gave \(received)")
        }

        // A star: every other process sends to rank 0, which sends to nobody.
        let star = try world.distributedGraph(
            sources: rank == 0 ? Array(1..<ring.size) : [], destinations: rank == 0 ? [] : [0])
        let starNeighbors = try star.neighbors()
        try expect(starNeighbors.sources == (rank == 0 ? Array(1..<ring.size) : [])
                   && starNeighbors.destinations == (rank == 0 ? [] : [0]), "star neighbors() is \(starNeighbors)")
        let collected = try star.neighborAllGather([rank, rank * rank])
        try expect(collected == (rank == 0 ? (1..<ring.size).flatMap { [$0, $0 * $0] } : []),
                   "star neighborAllGather gave \(collected)")
        // Rank 0 has no destinations: its block length comes from its result buffer.
        var fromLeaves = [Int](repeating: -1, count: rank == 0 ? 2 * (ring.size - 1) : 0)
        try star.neighborAllToAll(rank == 0 ? [] : [rank, -rank], into: &fromLeaves)
        try expect(fromLeaves == (rank == 0 ? (1..<ring.size).flatMap { [$0, -$0] } : []),
                   "star neighborAllToAll gave \(fromLeaves)")
        if rank == 0 && ring.size > 1 {
            try expectError(.count, "neighborAllToAll(_:) with sources and no destinations") { () throws(MPIError) in
                _ = try star.neighborAllToAll([Int]())
            }
        }

        // Neighbours outside the communicator are refused before MPI sees them.
        try expectError(.rank, "a graph edge to rank \(ring.size)") { () throws(MPIError) in
            _ = try world.distributedGraph(sources: [], destinations: [ring.size])
        }
    }

    /// The rank `displacement` steps from `coordinates` along `axis` of a row-major grid, or the null
    /// process past an open edge.
    static func neighbor(of coordinates: [Int], axis: Int, by displacement: Int, dims: [Int], periodic: [Bool]) -> Int {
        var moved = coordinates
        moved[axis] += displacement
        if periodic[axis] {
            moved[axis] = ((moved[axis] % dims[axis]) + dims[axis]) % dims[axis]
        } else if !(0..<dims[axis]).contains(moved[axis]) {
            return Communicator.nullProcess
        }
        return moved[0] * dims[1] + moved[1]
    }
}
