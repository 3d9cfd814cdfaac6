import MPI

/// Which ghost cells a halo exchange fills.
public enum Stencil: Sendable, Hashable {
    /// Faces only: the ghosts a 5-point (2-D) or 7-point (3-D) stencil reads.
    case star
    /// Faces, edges and corners: the ghosts a 9-point or 27-point stencil reads.
    case box
}

/// A planned exchange of the ghost cells of one or more distributed arrays, split in two phases so the
/// interior can be computed while the messages travel:
///
/// ```swift
/// let halo = try HaloExchange(u, stencil: .star)
/// try halo.begin()
/// // … update u's interiorRegion …
/// try halo.finish()
/// // … update u's boundaryRegions …
/// ```
///
/// The plan is made once: one persistent send and one persistent receive per neighbour and array, each
/// described by a subarray datatype on the array's storage, so MPI moves faces, edges and corners in
/// place — no packing, never a message per element, and no allocation per exchange. Neighbours across
/// periodic axes include the process itself when it is alone along an axis.
public final class HaloExchange {
    private var requests = UnsafePersistentRequestGroup()
    /// The arrays whose storage the requests address, kept alive as long as the plan.
    fileprivate var arrays: [AnyObject] = []

    /// Plans the exchange of the ghost cells of every array given, all on the same process grid.
    ///
    /// - Throws: ``/MPI/MPIError`` when the arrays live on different grids.
    /// - Parameters:
    ///   - array: The arrays whose ghosts the exchange fills; the plan keeps them alive.
    ///   - stencil: Which ghost cells to fill: faces only (``Stencil/star``) or also edges and corners
    ///     (``Stencil/box``).
    public init<each Element: MPIType>(_ array: repeat DistributedArray<each Element>, stencil: Stencil) throws(MPIError) {
        var grid: Communicator?
        for array in repeat each array {
            if let grid, try grid.compare(array.grid.communicator) != .identical {
                throw MPIError(.communicator, "a halo exchange needs all its arrays on the same process grid")
            }
            grid = array.grid.communicator
            try plan(array, stencil: stencil, tagBase: arrays.count * HaloExchange.directionCount)
            arrays.append(array)
        }
    }

    /// Starts sending the edge cells to the neighbours and receiving their edge cells into the ghosts.
    ///
    /// Until ``finish()``, the ghost cells must not be read and the owned cells next to them must not be
    /// written.
    ///
    /// - Throws: ``/MPI/MPIError`` when the exchange is already in progress (class
    ///   ``/MPI/ErrorClass/request``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Startall`.
    public func begin() throws(MPIError) {
        try requests.startAll()
    }

    /// Waits until every ghost cell holds its neighbour's value.
    ///
    /// - Throws: ``/MPI/MPIError`` when a message failed.
    ///
    /// The corresponding MPI function is `MPI_Waitall`.
    public func finish() throws(MPIError) {
        try requests.waitAll()
    }

    /// Exchanges the ghost cells: ``begin()`` then ``finish()``.
    ///
    /// - Throws: ``/MPI/MPIError`` when the exchange is already in progress or a message failed.
    public func exchange() throws(MPIError) {
        try begin()
        try finish()
    }

    /// The number of neighbour directions in 3-D, which spaces the tags of successive arrays.
    private static let directionCount = 27

    /// Adds the sends and receives of one array to the plan.
    private func plan<Element: MPIType>(
        _ array: DistributedArray<Element>, stencil: Stencil, tagBase: Int
    ) throws(MPIError) {
        let axes = array.axisCount
        let base = array.storage.elements.baseAddress!
        for offset in HaloExchange.directions(axes: axes, stencil: stencil) {
            let neighbor = try array.grid.neighbor(at: offset)
            guard neighbor != Communicator.nullProcess else { continue }
            var sendRegion = array.ownedRegion
            var receiveRegion = array.ownedRegion
            for axis in 0..<axes where offset[axis] != 0 {
                let width = array.ghostWidth[axis]
                let owned = array.ownedExtent[axis]
                sendRegion.lower[axis] = offset[axis] < 0 ? 0 : owned - width
                sendRegion.upper[axis] = offset[axis] < 0 ? width : owned
                receiveRegion.lower[axis] = offset[axis] < 0 ? -width : owned
                receiveRegion.upper[axis] = offset[axis] < 0 ? 0 : owned + width
            }
            // A message travelling in direction d carries tag d; the ghosts on side s are filled by the
            // message the neighbour there sent towards us, in direction -s.
            let opposite = offset.map { -$0 }
            try requests.appendReceive(
                into: base, count: 1, datatype: try array.datatype(of: receiveRegion), from: neighbor,
                tag: tagBase + HaloExchange.tag(of: opposite), communicator: array.grid.communicator)
            try requests.appendSend(
                from: base, count: 1, datatype: try array.datatype(of: sendRegion), to: neighbor,
                tag: tagBase + HaloExchange.tag(of: offset), communicator: array.grid.communicator)
        }
    }

    /// Every neighbour offset of the stencil: unit vectors for a star, all of {-1, 0, 1}ⁿ \ {0} for a box.
    static func directions(axes: Int, stencil: Stencil) -> [[Int]] {
        var all: [[Int]] = [[]]
        for _ in 0..<axes {
            all = all.flatMap { prefix in [-1, 0, 1].map { prefix + [$0] } }
        }
        return all.filter { offset in
            let moves = offset.filter { $0 != 0 }.count
            return stencil == .star ? moves == 1 : moves >= 1
        }
    }

    /// A tag unique to each direction: the offset read as a base-3 number.
    static func tag(of offset: [Int]) -> Int {
        offset.reduce(0) { $0 * 3 + ($1 + 1) }
    }
}

extension DistributedArray {
    /// Refreshes the ghost cells from the neighbours' edge cells.
    ///
    /// The first call for each stencil plans the exchange; later calls reuse the plan and allocate
    /// nothing. Use ``HaloExchange`` directly to overlap the exchange with computation or to exchange
    /// several arrays at once.
    ///
    /// - Parameter stencil: Which ghost cells to fill: faces only (``Stencil/star``, the default) or also
    ///   edges and corners (``Stencil/box``).
    /// - Throws: ``/MPI/MPIError`` when planning the exchange or a message fails.
    public func updateHalo(stencil: Stencil = .star) throws(MPIError) {
        if let plan = haloPlans[stencil] {
            try plan.exchange()
        } else {
            let plan = try HaloExchange(self, stencil: stencil)
            // The array owns this plan and so outlives it: holding the array back would be a cycle.
            plan.arrays.removeAll()
            haloPlans[stencil] = plan
            try plan.exchange()
        }
    }
}
