import DomainDecomposition
import MPI

// Scenarios for DomainDecomposition's process grids, ghosted arrays and halo exchanges, at any number of
// ranks. Sizes never divide evenly (37 × 23, 13 × 11 × 7), every owned cell holds a value derived from its
// global index, and after each exchange EVERY stored cell of every rank is checked against what its owner
// holds (or, past an open edge, against the sentinel it was filled with).
//
// The I/O, gather/scatter, split-phase and allocation scenarios are in DecompositionIOScenarios.swift.

enum DecompositionScenarios {
    static let extent2D = [37, 23]
    static let extent3D = [13, 11, 7]
    /// Every combination of open and periodic axes, in 2-D; a representative set in 3-D.
    static let periodic2D: [[Bool]] = [[false, false], [true, false], [false, true], [true, true]]
    static let periodic3D: [[Bool]] = [[false, false, false], [true, false, true], [false, true, false], [true, true, true]]

    /// 2-D halo exchanges: MPI's grid, a single process along each axis in turn, every periodicity, ghost
    /// widths 1 and 2, star and box stencils; three exchanges per plan, each with fresh values.
    static func halo2D() throws {
        let size = try Communicator.world.size
        for dimensions in [[0, 0], [1, size], [size, 1]] {
            for periodic in periodic2D {
                let grid = try ProcessGrid(dimensions: dimensions, periodic: periodic)
                for width in [1, 2] {
                    for stencil in [Stencil.star, .box] {
                        try exchangeAndCheck(grid: grid, extent: extent2D, width: width, stencil: stencil)
                    }
                }
            }
        }
    }

    /// 3-D halo exchanges, as ``halo2D()``; where an axis has fewer cells per process than the ghost width
    /// (13 cells over 7 processes with width 2), creating the array must fail cleanly instead.
    static func halo3D() throws {
        let size = try Communicator.world.size
        for dimensions in [[0, 0, 0], [1, 1, size], [size, 1, 1]] {
            for periodic in periodic3D {
                let grid = try ProcessGrid(dimensions: dimensions, periodic: periodic)
                for width in [1, 2] {
                    for stencil in [Stencil.star, .box] {
                        try exchangeAndCheck(grid: grid, extent: extent3D, width: width, stencil: stencil)
                    }
                }
            }
        }
    }

    /// Several arrays of different element types, ghost widths and extents in one `HaloExchange`.
    static func multipleArrays() throws {
        let grid2 = try ProcessGrid(dimensions: [0, 0], periodic: [true, false])
        let a = try DistributedArray<Double>(grid: grid2, globalExtent: extent2D, ghostWidth: 1)
        let b = try DistributedArray<Int32>(grid: grid2, globalExtent: extent2D, ghostWidth: 2)
        let c = try DistributedArray<Float>(grid: grid2, globalExtent: [40, 30], ghostWidth: 1)
        for stencil in [Stencil.star, .box] {
            let halo = try HaloExchange(a, b, c, stencil: stencil)
            for epoch in 0..<3 {
                fill(a, sentinel: -1, value: { doubleValue($0, epoch) })
                fill(b, sentinel: -1, value: { int32Value($0, epoch) })
                fill(c, sentinel: -1, value: { Float(doubleValue($0, epoch)) })
                if epoch == 1 {
                    try halo.begin()
                    try halo.finish()
                } else {
                    try halo.exchange()
                }
                let context = "multipleArrays 2-D \(stencil) epoch \(epoch)"
                try checkCells(a, stencil: stencil, sentinel: -1, value: { doubleValue($0, epoch) }, context + " Double")
                try checkCells(b, stencil: stencil, sentinel: -1, value: { int32Value($0, epoch) }, context + " Int32")
                try checkCells(c, stencil: stencil, sentinel: -1, value: { Float(doubleValue($0, epoch)) }, context + " Float")
            }
        }

        let grid3 = try ProcessGrid(dimensions: [0, 0, 0], periodic: [true, false, true])
        let d = try DistributedArray<Double>(grid: grid3, globalExtent: extent3D)
        let e = try DistributedArray<Int64>(grid: grid3, globalExtent: extent3D)
        for stencil in [Stencil.star, .box] {
            let halo = try HaloExchange(d, e, stencil: stencil)
            for epoch in 0..<2 {
                fill(d, sentinel: -1, value: { doubleValue($0, epoch) })
                fill(e, sentinel: -1, value: { Int64(int32Value($0, epoch)) * 1_000_000_007 })
                try halo.exchange()
                let context = "multipleArrays 3-D \(stencil) epoch \(epoch)"
                try checkCells(d, stencil: stencil, sentinel: -1, value: { doubleValue($0, epoch) }, context + " Double")
                try checkCells(e, stencil: stencil, sentinel: -1,
                               value: { Int64(int32Value($0, epoch)) * 1_000_000_007 }, context + " Int64")
            }
        }

        // A plan keeps its arrays alive: the exchange still works after the caller's references are gone.
        var plan: HaloExchange? = try {
            let f = try DistributedArray<Double>(grid: grid2, globalExtent: extent2D)
            let g = try DistributedArray<UInt8>(grid: grid2, globalExtent: extent2D)
            return try HaloExchange(f, g, stencil: .box)
        }()
        try plan?.exchange()
        try plan?.exchange()
        plan = nil
    }

    /// interiorRegion ∪ boundaryRegions == ownedRegion, disjoint, checked cell by cell; the interior is
    /// exactly the owned cells at least `ghostWidth` from every edge of the block (so a stencil of that
    /// radius reads no ghost there), including blocks narrower than twice the ghost width.
    static func regions() throws {
        let size = try Communicator.world.size
        for width in [1, 2, 3] {
            // Per process along the split axis: from exactly the ghost width up to a few more cells.
            for spare in [0, 1, width, 2 * width + 1] {
                for dimensions in [[size, 1], [1, size], [0, 0], [size, 1, 1], [0, 0, 0]] {
                    // Blocks of exactly `width + spare` cells along each axis, or one more on some.
                    let grid = try ProcessGrid(dimensions: dimensions)
                    let extent = grid.dimensions.indices.map {
                        grid.dimensions[$0] * (width + spare) + ($0 == 0 ? grid.dimensions[$0] / 2 : $0)
                    }
                    let array = try DistributedArray<Int8>(grid: grid, globalExtent: extent, ghostWidth: width)
                    try checkRegions(array, "\(extent) on \(grid.dimensions), width \(width)")
                }
            }
        }
    }

    /// Errors that every rank must report alike, without a hang: the scenario's final barrier proves that
    /// every rank came through.
    static func errors() throws {
        let world = Communicator.world
        let size = try world.size

        // More processes than cells along an axis (or no cells at all on one rank).
        if size > 1 {
            let rows = try ProcessGrid(dimensions: [size, 1])
            try expectError(.dimensions, "\(size - 1) rows over \(size) processes") {
                _ = try DistributedArray<Double>(grid: rows, globalExtent: [size - 1, 50])
            }
            let planes = try ProcessGrid(dimensions: [1, 1, size])
            try expectError(.dimensions, "\(size - 1) cells along axis 2 over \(size) processes") {
                _ = try DistributedArray<Double>(grid: planes, globalExtent: [5, 5, size - 1])
            }
        }
        let grid2 = try ProcessGrid(axes: 2)
        try expectError(.argument, "an axis of 0 cells") {
            _ = try DistributedArray<Double>(grid: grid2, globalExtent: [0, 10])
        }
        // Ghosts wider than the narrowest block.
        let narrow = try ProcessGrid(dimensions: [size, 1])
        try expectError(.dimensions, "ghost width past the narrowest block") {
            _ = try DistributedArray<Double>(grid: narrow, globalExtent: [4 * size - 1, 10], ghostWidth: 4)
        }
        try expectError(.argument, "ghost width 0") {
            _ = try DistributedArray<Double>(grid: grid2, globalExtent: [40, 40], ghostWidth: 0)
        }
        // Grid and array axes that disagree; 1-D arrays are not supported.
        try expectError(.dimensions, "3-D array on a 2-D grid") {
            _ = try DistributedArray<Double>(grid: grid2, globalExtent: [20, 20, 20])
        }
        let grid3 = try ProcessGrid(axes: 3)
        try expectError(.dimensions, "2-D array on a 3-D grid") {
            _ = try DistributedArray<Double>(grid: grid3, globalExtent: [20, 20])
        }
        let grid1 = try ProcessGrid(axes: 1)
        try expectError(.dimensions, "1-D array") {
            _ = try DistributedArray<Double>(grid: grid1, globalExtent: [20])
        }
        // A neighbour offset needs one step count per axis: fewer trapped (index out of range), more were
        // silently ignored.
        try expectError(.dimensions, "a 1-axis offset on a 2-D grid") { _ = try grid2.neighbor(at: [1]) }
        try expectError(.dimensions, "a 3-axis offset on a 2-D grid") { _ = try grid2.neighbor(at: [0, 1, 0]) }
        try expectError(.dimensions, "an empty offset on a 3-D grid") { _ = try grid3.neighbor(at: []) }
        try expectError(.dimensions, "a 2-axis offset on a 1-D grid") { _ = try grid1.neighbor(at: [1, 0]) }
        // Grids that cannot be made.
        try expectError(.dimensions, "4-axis grid") { _ = try ProcessGrid(dimensions: [0, 0, 0, 0]) }
        try expectError(.dimensions, "no axis") { _ = try ProcessGrid(dimensions: []) }
        try expectError(.dimensions, "periodicity flags for the wrong number of axes") {
            _ = try ProcessGrid(dimensions: [0, 0], periodic: [true])
        }
        try expectError(.dimensions, "fixed dimensions that do not multiply up to \(size)") {
            _ = try ProcessGrid(dimensions: [size + 1, 1])
        }
        // Arrays on different grids (congruent but distinct communicators) cannot share an exchange.
        let other = try ProcessGrid(axes: 2)
        let a = try DistributedArray<Double>(grid: grid2, globalExtent: extent2D)
        let b = try DistributedArray<Double>(grid: other, globalExtent: extent2D)
        try expectError(.communicator, "a halo exchange over two grids") { _ = try HaloExchange(a, b, stencil: .star) }
        // The same grid is fine, and the failed attempt left nothing behind that disturbs an exchange.
        fill(a, sentinel: -1, value: { doubleValue($0, 0) })
        try a.updateHalo(stencil: .box)
        try checkCells(a, stencil: .box, sentinel: -1, value: { doubleValue($0, 0) }, "errors: exchange after errors")
        // A split-phase exchange begun twice is refused; finishing twice is harmless.
        let halo = try HaloExchange(a, stencil: .star)
        try halo.begin()
        try expectError(.request, "begin() of an exchange in flight") { try halo.begin() }
        try halo.finish()
        try halo.finish()
        try checkCells(a, stencil: .box, sentinel: -1, value: { doubleValue($0, 0) }, "errors: exchange after a double begin")
    }

    // MARK: Checks

    /// Makes an array on `grid` (or checks that making it fails when a block is narrower than `width`),
    /// then exchanges three times with fresh values, through `updateHalo`, its cached plan, and an explicit
    /// split-phase `HaloExchange`, checking every stored cell each time.
    static func exchangeAndCheck(grid: ProcessGrid, extent: [Int], width: Int, stencil: Stencil) throws {
        let context = "\(extent) on \(grid.dimensions) periodic \(grid.periodic) width \(width) \(stencil)"
        if extent.indices.contains(where: { extent[$0] / grid.dimensions[$0] < width }) {
            try expectError(.dimensions, "\(context): a block narrower than the ghosts") {
                _ = try DistributedArray<Double>(grid: grid, globalExtent: extent, ghostWidth: width)
            }
            return
        }
        let array = try DistributedArray<Double>(grid: grid, globalExtent: extent, ghostWidth: width)
        try expect(array.ownedExtent == array.partitions.indices.map { array.partitions[$0].size(of: grid.coordinates[$0]) }
                   && array.localExtent == array.ownedExtent.map { $0 + 2 * width },
                   "\(context): owned \(array.ownedExtent), local \(array.localExtent)")
        // The blocks tile the global array: owned cells add up over the processes.
        let total = try grid.communicator.allReduce(array.ownedExtent.reduce(1, *), .sum)
        try expect(total == extent.reduce(1, *), "\(context): the blocks hold \(total) cells in all")

        let plan = try HaloExchange(array, stencil: stencil)
        for epoch in 0..<3 {
            fill(array, sentinel: -1, value: { doubleValue($0, epoch) })
            switch epoch {
            case 0, 1: try array.updateHalo(stencil: stencil)     // plans, then reuses the plan
            default:
                try plan.begin()
                try plan.finish()
            }
            try checkCells(array, stencil: stencil, sentinel: -1, value: { doubleValue($0, epoch) },
                           "\(context) epoch \(epoch)")
        }
    }

    /// Checks every stored cell: owned cells hold their own value; a ghost holds its owner's value (across
    /// periodic axes, the wrapped cell's), or the sentinel past an open edge. With a star stencil only
    /// face ghosts (one axis outside the block) are required; edge and corner ghosts hold either.
    /// `value` maps a cell's row-major global index to its value.
    static func checkCells<Element: Equatable>(
        _ array: DistributedArray<Element>, stencil: Stencil, sentinel: Element,
        value: (Int) -> Element, _ context: @autoclosure () -> String
    ) throws {
        let layout = Layout(array)
        try array.withUnsafeMutableElements { storage in
            try forEachStored(array) { offset, local in
                var global = layout.start &+ local
                var outside = 0
                var pastEdge = false
                for axis in 0..<3 {
                    if local[axis] < 0 || local[axis] >= layout.owned[axis] { outside += 1 }
                    let n = layout.extent[axis]
                    if global[axis] < 0 || global[axis] >= n {
                        if layout.periodic[axis] { global[axis] = (global[axis] % n + n) % n } else { pastEdge = true }
                    }
                }
                let actual = storage[offset]
                let expected = pastEdge ? sentinel : value(layout.linear(global))
                let ok = actual == expected || (stencil == .star && outside > 1 && actual == sentinel)
                if !ok {
                    throw ScenarioFailure("""
                        \(context()): rank \(array.grid.rank) at \(array.grid.coordinates) local \(layout.trim(local)) \
                        holds \(actual), expected \(pastEdge ? "the sentinel \(sentinel)" : "\(expected) (global \(layout.trim(global)))")
                        """)
                }
            }
        }
    }

    static func checkRegions<Element>(_ array: DistributedArray<Element>, _ context: String) throws {
        let owned = array.ownedRegion
        try expect(owned.lower == array.ownedExtent.map { _ in 0 } && owned.upper == array.ownedExtent,
                   "\(context): ownedRegion \(owned)")
        let interior = array.interiorRegion
        let boundary = array.boundaryRegions
        var count = [Int: Int]()
        func key(_ cell: [Int]) -> Int { cell.indices.reduce(0) { $0 * array.ownedExtent[$1] + cell[$1] } }
        for region in [interior] + boundary {
            for axis in region.lower.indices where !region.isEmpty {
                try expect(region.lower[axis] >= 0 && region.upper[axis] <= array.ownedExtent[axis],
                           "\(context): region \(region) leaves the owned block \(array.ownedExtent)")
            }
            for cell in cells(lower: region.lower, upper: region.upper) { count[key(cell), default: 0] += 1 }
        }
        try expect(boundary.allSatisfy { !$0.isEmpty }, "\(context): an empty boundary region in \(boundary)")
        for cell in cells(lower: owned.lower, upper: owned.upper) {
            let times = count[key(cell)] ?? 0
            try expect(times == 1, "\(context): owned cell \(cell) is in \(times) regions (interior \(interior), boundary \(boundary))")
            let inner = cell.indices.allSatisfy {
                cell[$0] >= array.ghostWidth[$0] && cell[$0] < array.ownedExtent[$0] - array.ghostWidth[$0]
            }
            let inInterior = !interior.isEmpty
                && cell.indices.allSatisfy { (interior.lower[$0]..<interior.upper[$0]).contains(cell[$0]) }
            try expect(inner == inInterior, "\(context): cell \(cell) interior? \(inInterior), expected \(inner) (interior \(interior))")
        }
        try expect(count.count == owned.cellCount && interior.cellCount + boundary.map(\.cellCount).reduce(0, +) == owned.cellCount,
                   "\(context): the regions cover \(count.count) distinct cells of \(owned.cellCount)")
    }

    // MARK: Helpers shared with DecompositionIOScenarios

    /// Every cell of the box `lower ..< upper` (one entry per axis), last axis fastest.
    static func cells(lower: [Int], upper: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for axis in lower.indices {
            result = result.flatMap { prefix in (lower[axis]..<Swift.max(upper[axis], lower[axis])).map { prefix + [$0] } }
        }
        return result
    }

    /// An array's block padded to three axes (a 2-D array gets a leading axis of one cell and no ghosts),
    /// so that the checks run as plain loops over scalars: the arrays of indices that `subscript(global:)`
    /// takes made debug-build checks of every cell take seconds.
    struct Layout {
        let owned: SIMD3<Int>, ghost: SIMD3<Int>, start: SIMD3<Int>, extent: SIMD3<Int>
        let periodic: [Bool]
        let axes: Int

        init<Element>(_ array: DistributedArray<Element>) {
            func padded(_ values: [Int], _ fill: Int) -> SIMD3<Int> {
                let all = Array(repeating: fill, count: 3 - values.count) + values
                return SIMD3(all[0], all[1], all[2])
            }
            axes = array.axisCount
            owned = padded(array.ownedExtent, 1)
            ghost = padded(array.ghostWidth, 0)
            start = padded(array.ownedStart, 0)
            extent = padded(array.globalExtent, 1)
            periodic = Array(repeating: false, count: 3 - axes) + array.grid.periodic
        }

        /// The row-major position of a global cell.
        func linear(_ global: SIMD3<Int>) -> Int { (global[0] * extent[1] + global[1]) * extent[2] + global[2] }

        func isOwned(_ local: SIMD3<Int>) -> Bool { all(local .>= 0) && all(local .< owned) }

        /// The coordinates of the array's own axes.
        func trim(_ cell: SIMD3<Int>) -> [Int] { Array([cell[0], cell[1], cell[2]].suffix(axes)) }
    }

    /// Calls `body` with the storage offset and the (padded) local coordinates of every stored cell:
    /// owned cells and ghosts.
    static func forEachStored<Element>(
        _ array: DistributedArray<Element>, _ body: (Int, SIMD3<Int>) throws -> Void
    ) throws {
        let layout = Layout(array)
        for i in -layout.ghost[0]..<layout.owned[0] + layout.ghost[0] {
            for j in -layout.ghost[1]..<layout.owned[1] + layout.ghost[1] {
                for k in -layout.ghost[2]..<layout.owned[2] + layout.ghost[2] {
                    try body(layout.axes == 2 ? array.offset(j, k) : array.offset(i, j, k), SIMD3(i, j, k))
                }
            }
        }
    }

    /// The row-major position of a global cell.
    static func linearIndex(_ index: [Int], _ extent: [Int]) -> Int {
        index.indices.reduce(0) { $0 * extent[$1] + index[$1] }
    }

    /// A cell's value in exchange `epoch`: its row-major global index, offset per epoch (never negative).
    static func doubleValue(_ linear: Int, _ epoch: Int) -> Double {
        Double(linear + 100_000 * epoch)
    }

    static func int32Value(_ linear: Int, _ epoch: Int) -> Int32 {
        Int32(linear * 3 + 7 + 100_000 * epoch)
    }

    /// Sets every owned cell to `value(row-major global index)` and every ghost to `sentinel`.
    static func fill<Element>(_ array: DistributedArray<Element>, sentinel: Element, value: (Int) -> Element) {
        let layout = Layout(array)
        array.withUnsafeMutableElements { storage in
            try! forEachStored(array) { offset, local in
                storage[offset] = layout.isOwned(local) ? value(layout.linear(layout.start &+ local)) : sentinel
            }
        }
    }
}
