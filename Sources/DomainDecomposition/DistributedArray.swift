import MPI

/// A 2-D or 3-D array distributed in blocks over a ``ProcessGrid``, each block surrounded by ghost cells
/// that hold copies of the neighbours' edge cells.
///
/// Each process stores its block and its ghost layers contiguously in row-major (C) order, the last axis
/// fastest. Cells are addressed in owned-relative local coordinates: `0 ..< ownedExtent[a]` are the
/// process's own cells along axis `a`, `-ghostWidth[a] ..< 0` and `ownedExtent[a] ..< ownedExtent[a] +
/// ghostWidth[a]` its ghosts. ``updateHalo(stencil:)`` refreshes the ghosts; ``gather(root:)`` collects the
/// whole array.
///
/// The storage never moves (MPI's halo messages are set up on its address once), is aligned for vector
/// loads and, when large, backed by huge pages. It is a class: copies of the reference share the array.
public final class DistributedArray<Element: MPIType> {
    /// The processes the array is distributed over.
    public let grid: ProcessGrid
    /// The number of cells of the whole array along each axis.
    public let globalExtent: [Int]
    /// The number of ghost layers along each axis.
    public let ghostWidth: [Int]
    /// How each axis is split over the processes along it.
    public let partitions: [BlockPartition]
    /// The number of cells this process owns along each axis.
    public let ownedExtent: [Int]
    /// The global index of this process's first owned cell along each axis.
    public let ownedStart: [Int]
    /// The number of cells stored along each axis, ghosts included.
    public let localExtent: [Int]

    /// Row-major strides of the local storage: `strides[a]` cells separate neighbours along axis `a`.
    public let strides: [Int]
    /// The storage offset of owned cell (0, 0[, 0]).
    @usableFromInline let origin: Int
    @usableFromInline let stride0: Int
    @usableFromInline let stride1: Int
    @usableFromInline let storage: AlignedStorage<Element>

    /// The halo exchanges already planned for this array, by stencil.
    var haloPlans: [Stencil: HaloExchange] = [:]

    /// Creates a zero-filled array of `globalExtent` cells distributed over `grid`.
    ///
    /// - Parameters:
    ///   - grid: The process grid; it has one axis per array axis.
    ///   - globalExtent: The number of cells along each axis (2 or 3 axes), slowest first.
    ///   - ghostWidth: Ghost layers on each side along every axis (at least 1).
    /// - Throws: ``/MPI/MPIError`` when an axis has fewer cells than processes, or fewer than `ghostWidth` cells
    ///   on some process (its neighbours' ghosts would reach past it), or the memory is not available.
    public init(grid: ProcessGrid, globalExtent: [Int], ghostWidth: Int = 1) throws(MPIError) {
        guard globalExtent.count == grid.axisCount, (2...3).contains(globalExtent.count) else {
            throw MPIError(.dimensions,
                "a \(globalExtent.count)-D array needs a process grid with as many axes, 2 or 3 (grid has \(grid.axisCount))")
        }
        guard ghostWidth >= 1 else { throw MPIError(.argument, "ghost width must be at least 1, got \(ghostWidth)") }
        for axis in globalExtent.indices where globalExtent[axis] < 1 {
            throw MPIError(.argument, "axis \(axis) has \(globalExtent[axis]) cells; it needs at least 1")
        }
        for axis in globalExtent.indices where globalExtent[axis] / grid.dimensions[axis] < ghostWidth {
            throw MPIError(.dimensions,
                "axis \(axis): \(globalExtent[axis]) cells over \(grid.dimensions[axis]) processes leaves fewer than \(ghostWidth) per process")
        }
        self.grid = grid
        self.globalExtent = globalExtent
        self.ghostWidth = Array(repeating: ghostWidth, count: globalExtent.count)
        let partitions = globalExtent.indices.map { BlockPartition(count: globalExtent[$0], parts: grid.dimensions[$0]) }
        self.partitions = partitions
        ownedExtent = globalExtent.indices.map { partitions[$0].size(of: grid.coordinates[$0]) }
        ownedStart = globalExtent.indices.map { partitions[$0].start(of: grid.coordinates[$0]) }
        localExtent = ownedExtent.map { $0 + 2 * ghostWidth }
        var strides = Array(repeating: 1, count: localExtent.count)
        for axis in stride(from: localExtent.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * localExtent[axis + 1]
        }
        self.strides = strides
        stride0 = strides[0]
        stride1 = strides[1]
        origin = zip(strides, self.ghostWidth).reduce(0) { $0 + $1.0 * $1.1 }
        storage = try AlignedStorage(count: localExtent.reduce(1, *))
    }

    /// The number of axes, 2 or 3.
    @inlinable
    public var axisCount: Int { globalExtent.count }

    /// The owned cells.
    public var ownedRegion: Region { Region(lower: ownedExtent.map { _ in 0 }, upper: ownedExtent) }

    /// The owned cells whose stencil reads no ghost: what can be computed while a halo exchange is in
    /// flight. Empty along an axis narrower than twice the ghost width.
    public var interiorRegion: Region {
        Region(lower: ghostWidth, upper: zip(ownedExtent, ghostWidth).map { Swift.max($0 - $1, $1) })
    }

    /// Disjoint boxes that together with ``interiorRegion`` cover the owned cells exactly: the band next
    /// to the ghosts, computed after the halo exchange finishes.
    public var boundaryRegions: [Region] {
        var regions: [Region] = []
        var remaining = ownedRegion
        let interior = interiorRegion
        for axis in 0..<axisCount {
            var below = remaining
            below.upper[axis] = Swift.min(interior.lower[axis], remaining.upper[axis])
            var above = remaining
            above.lower[axis] = Swift.max(interior.upper[axis], below.upper[axis])
            for band in [below, above] where !band.isEmpty { regions.append(band) }
            remaining.lower[axis] = below.upper[axis]
            remaining.upper[axis] = above.lower[axis]
        }
        return regions
    }

    // MARK: Element access

    /// The storage offset of local cell (i, j) of a 2-D array.
    ///
    /// - Parameters:
    ///   - i: The local index along axis 0, from `-ghostWidth[0]`.
    ///   - j: The local index along axis 1, from `-ghostWidth[1]`.
    /// - Returns: The index of the cell in the buffer ``withUnsafeMutableElements(_:)`` gives.
    @inlinable @inline(__always)
    public func offset(_ i: Int, _ j: Int) -> Int { origin + i * stride0 + j }

    /// The storage offset of local cell (i, j, k) of a 3-D array.
    ///
    /// - Parameters:
    ///   - i: The local index along axis 0, from `-ghostWidth[0]`.
    ///   - j: The local index along axis 1, from `-ghostWidth[1]`.
    ///   - k: The local index along axis 2, from `-ghostWidth[2]`.
    /// - Returns: The index of the cell in the buffer ``withUnsafeMutableElements(_:)`` gives.
    @inlinable @inline(__always)
    public func offset(_ i: Int, _ j: Int, _ k: Int) -> Int { origin + i * stride0 + j * stride1 + k }

    /// Local cell (i, j) of a 2-D array, ghosts included; traps outside the local storage.
    ///
    /// - Parameters:
    ///   - i: The local index along axis 0: owned cells from 0, ghosts below 0 and from `ownedExtent[0]`.
    ///   - j: The local index along axis 1.
    @inlinable
    public subscript(i: Int, j: Int) -> Element {
        get { storage.elements[checkedOffset(i, j)] }
        set { storage.elements[checkedOffset(i, j)] = newValue }
    }

    /// Local cell (i, j, k) of a 3-D array, ghosts included; traps outside the local storage.
    ///
    /// - Parameters:
    ///   - i: The local index along axis 0: owned cells from 0, ghosts below 0 and from `ownedExtent[0]`.
    ///   - j: The local index along axis 1.
    ///   - k: The local index along axis 2.
    @inlinable
    public subscript(i: Int, j: Int, k: Int) -> Element {
        get { storage.elements[checkedOffset(i, j, k)] }
        set { storage.elements[checkedOffset(i, j, k)] = newValue }
    }

    /// The cell with global indices `index` (one per axis), which must be owned or a ghost of this
    /// process; traps otherwise.
    ///
    /// - Parameter index: The cell's global indices, one per axis, slowest first.
    public subscript(global index: [Int]) -> Element {
        get { storage.elements[checkedOffset(globalToLocal(index))] }
        set { storage.elements[checkedOffset(globalToLocal(index))] = newValue }
    }

    /// The local coordinates of a global cell.
    ///
    /// - Parameter index: Global indices, one per axis, slowest first.
    /// - Returns: The owned-relative local coordinates of the same cell.
    public func globalToLocal(_ index: [Int]) -> [Int] {
        zip(index, ownedStart).map { $0 - $1 }
    }

    /// The global index of a local cell.
    ///
    /// - Parameter index: Owned-relative local coordinates, one per axis.
    /// - Returns: The global indices of the same cell.
    public func localToGlobal(_ index: [Int]) -> [Int] {
        zip(index, ownedStart).map { $0 + $1 }
    }

    /// Gives `body` the whole local storage (ghosts included) for kernels that index it directly with
    /// ``offset(_:_:)``/``offset(_:_:_:)`` and ``strides``: the fastest way to sweep a block.
    ///
    /// - Parameter body: A closure that reads or writes the block's storage; the pointer must not escape it.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    @inlinable
    public func withUnsafeMutableElements<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try body(storage.elements)
    }

    /// Calls `body` with the local coordinates of every cell of `region` of a 2-D array, last axis fastest.
    ///
    /// - Parameters:
    ///   - region: A box in local coordinates, for example ``ownedRegion`` or ``interiorRegion``.
    ///   - body: Called with the local coordinates (i, j) of each cell.
    @inlinable
    public func forEach(in region: Region, _ body: (Int, Int) throws -> Void) rethrows {
        precondition(axisCount == 2, "forEach(in:) with two coordinates needs a 2-D array")
        for i in region.lower[0]..<Swift.max(region.upper[0], region.lower[0]) {
            for j in region.lower[1]..<Swift.max(region.upper[1], region.lower[1]) { try body(i, j) }
        }
    }

    /// Calls `body` with the local coordinates of every cell of `region` of a 3-D array, last axis fastest.
    ///
    /// - Parameters:
    ///   - region: A box in local coordinates, for example ``ownedRegion`` or ``interiorRegion``.
    ///   - body: Called with the local coordinates (i, j, k) of each cell.
    @inlinable
    public func forEach(in region: Region, _ body: (Int, Int, Int) throws -> Void) rethrows {
        precondition(axisCount == 3, "forEach(in:) with three coordinates needs a 3-D array")
        for i in region.lower[0]..<Swift.max(region.upper[0], region.lower[0]) {
            for j in region.lower[1]..<Swift.max(region.upper[1], region.lower[1]) {
                for k in region.lower[2]..<Swift.max(region.upper[2], region.lower[2]) { try body(i, j, k) }
            }
        }
    }

    @inlinable
    func checkedOffset(_ i: Int, _ j: Int) -> Int {
        precondition(axisCount == 2 && isStored(i, along: 0) && isStored(j, along: 1),
                     "index (\(i), \(j)) outside the local block and its ghosts, or not a 2-D array")
        return offset(i, j)
    }

    @inlinable
    func checkedOffset(_ i: Int, _ j: Int, _ k: Int) -> Int {
        precondition(axisCount == 3 && isStored(i, along: 0) && isStored(j, along: 1) && isStored(k, along: 2),
                     "index (\(i), \(j), \(k)) outside the local block and its ghosts, or not a 3-D array")
        return offset(i, j, k)
    }

    func checkedOffset(_ index: [Int]) -> Int {
        precondition(index.count == axisCount && index.indices.allSatisfy { isStored(index[$0], along: $0) },
                     "index \(index) outside the local block and its ghosts")
        return zip(index, strides).reduce(origin) { $0 + $1.0 * $1.1 }
    }

    /// Whether local coordinate `index` along `axis` is an owned or ghost cell.
    ///
    /// Inlinable, as the subscripts that call it: otherwise every checked access made two calls.
    @inlinable
    func isStored(_ index: Int, along axis: Int) -> Bool {
        index >= -ghostWidth[axis] && index < ownedExtent[axis] + ghostWidth[axis]
    }

    /// The derived datatype of a box of the local storage.
    func datatype(of region: Region) throws(MPIError) -> Datatype {
        try Datatype.subarray(
            sizes: localExtent, subsizes: region.extent,
            starts: zip(region.lower, ghostWidth).map { $0 + $1 }, of: Element.mpiDatatype)
    }
}
