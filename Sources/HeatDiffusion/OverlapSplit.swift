import DomainDecomposition

/// How a block's owned cells are split so that the halo exchange overlaps computation: the *interior*,
/// whose stencil reads no ghost the exchange fills, updated while the messages travel, and disjoint
/// boxes of the remaining band, updated after the exchange finishes.
///
/// Unlike `DistributedArray.interiorRegion`, which keeps a one-cell band on every side, the interior
/// here reaches the edge of the block wherever the neighbour is the physical boundary: those ghosts are
/// set by the solver before the interior update, so waiting for them is unnecessary. On one rank
/// (non-periodic) the interior is the whole block and there is no band; split along y, each block's band
/// is the row or two that face other ranks. This matters for speed: a one-cell-wide column band is a
/// strided sweep that touches a fresh cache line per row after the interior sweep has evicted them.
struct OverlapSplit {
    let interior: Box
    let band: [Box]

    /// - Parameters:
    ///   - owned: The block's extent.
    ///   - exchangedBelow: For each axis, whether the ghosts on the lower side come from the halo
    ///     exchange (a neighbour rank, or a periodic wrap) rather than from the boundary condition.
    ///   - exchangedAbove: The same for the upper side.
    init(owned: [Int], exchangedBelow: [Bool], exchangedAbove: [Bool]) {
        let axes = owned.count
        let lower = (0..<axes).map { exchangedBelow[$0] ? min(1, owned[$0]) : 0 }
        let upper = (0..<axes).map { max(lower[$0], owned[$0] - (exchangedAbove[$0] ? 1 : 0)) }
        interior = Box(lower: lower, upper: upper)
        // Peel the band axis by axis: below and above the interior along axis 0 over the whole block,
        // then along axis 1 over what remains, and so on.
        var band: [Box] = []
        var remaining = (lower: Array(repeating: 0, count: axes), upper: owned)
        for axis in 0..<axes {
            var below = remaining
            below.upper[axis] = lower[axis]
            var above = remaining
            above.lower[axis] = upper[axis]
            for box in [below, above] where !Box(lower: box.lower, upper: box.upper).isEmpty {
                band.append(Box(lower: box.lower, upper: box.upper))
            }
            remaining.lower[axis] = lower[axis]
            remaining.upper[axis] = upper[axis]
        }
        self.band = band
    }

    /// The split for `array`'s block on its process grid.
    init(_ array: DistributedArray<Double>) {
        let grid = array.grid
        let axes = array.axisCount
        self.init(
            owned: array.ownedExtent,
            exchangedBelow: (0..<axes).map { grid.periodic[$0] || grid.coordinates[$0] > 0 },
            exchangedAbove: (0..<axes).map { grid.periodic[$0] || grid.coordinates[$0] < grid.dimensions[$0] - 1 })
    }
}
