import MPI

// Operations on the whole distributed array: gather to and scatter from one process, and reductions
// over the owned cells of every process.

extension DistributedArray {
    /// Collects the owned cells of every process into one array on the root, in global row-major order.
    ///
    /// Each process sends its block straight from its storage (a subarray datatype skips the ghosts)
    /// and the root receives each block straight into place, so nothing is packed.
    ///
    /// - Returns: The whole array on the root, `nil` elsewhere.
    /// - Parameter root: The rank that receives the array.
    /// - Throws: ``/MPI/MPIError`` when `root` is not a rank of the grid, the whole array would exceed MPI's
    ///   32-bit counts, or MPI reports an error.
    public func gather(root: Int = 0) throws(MPIError) -> [Element]? {
        let communicator = grid.communicator
        let owned = try datatype(of: ownedRegion)
        let local = UnsafeBufferPointer(storage.elements)
        guard grid.rank == root else {
            try communicator.send(local, as: owned, to: root, tag: DistributedArray.gatherTag)
            return nil
        }
        var global = [Element](unsafeUninitializedCapacity: globalExtent.reduce(1, *)) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            initialized = buffer.count
        }
        for rank in 0..<grid.size {
            let block = try globalBlockDatatype(of: rank)
            if rank == root {
                try communicator.sendReceive(local, as: owned, count: 1, to: root, sendTag: DistributedArray.gatherTag,
                                             into: &global, as: block, count: 1, from: root, receiveTag: DistributedArray.gatherTag)
            } else {
                try communicator.receive(into: &global, as: block, from: rank, tag: DistributedArray.gatherTag)
            }
        }
        return global
    }

    /// Distributes an array held by the root, in global row-major order, into the owned cells of every
    /// process. Ghost cells are left as they were.
    ///
    /// The root checks `global` and shares the verdict before any data moves (one small broadcast), so a
    /// missing or wrong-sized array fails on every process alike and no cell changes anywhere.
    ///
    /// - Parameters:
    ///   - global: The whole array; read on the root only, where it must have
    ///     `globalExtent.reduce(1, *)` elements (other ranks may pass `nil`).
    ///   - root: The rank that holds `global`.
    /// - Throws: ``/MPI/MPIError`` on every process, the same one, when `global` is missing or of the wrong
    ///   length on the root (class ``/MPI/ErrorClass/count``); or when MPI reports an error.
    public func scatter(_ global: [Element]?, root: Int = 0) throws(MPIError) {
        let communicator = grid.communicator
        let count = globalExtent.reduce(1, *)
        let problem = grid.rank == root && global?.count != count
            ? MPIError(.count, "scatter needs the whole array (\(count) elements) on the root (rank \(root)), got \(global?.count ?? 0)")
            : nil
        if let error = try communicator.broadcastError(problem, root: root) { throw error }
        let owned = try datatype(of: ownedRegion)
        var local = storage.elements
        // Past the check, the root's `global` is the whole array.
        guard grid.rank == root, let global else {
            try communicator.receive(into: &local, as: owned, from: root, tag: DistributedArray.scatterTag)
            return
        }
        for rank in 0..<grid.size {
            let block = try globalBlockDatatype(of: rank)
            if rank == root {
                try communicator.sendReceive(global, as: block, count: 1, to: root, sendTag: DistributedArray.scatterTag,
                                             into: &local, as: owned, count: 1, from: root, receiveTag: DistributedArray.scatterTag)
            } else {
                try communicator.send(global, as: block, to: rank, tag: DistributedArray.scatterTag)
            }
        }
    }

    /// The subarray datatype of the block that process `rank` owns, within the whole array.
    func globalBlockDatatype(of rank: Int) throws(MPIError) -> Datatype {
        let coordinates = try grid.coordinates(of: rank)
        return try Datatype.subarray(
            sizes: globalExtent,
            subsizes: partitions.indices.map { partitions[$0].size(of: coordinates[$0]) },
            starts: partitions.indices.map { partitions[$0].start(of: coordinates[$0]) },
            of: Element.mpiDatatype)
    }

    /// Copies the owned cells, in row-major order, into a new contiguous array: for I/O.
    func packOwned() -> [Element] {
        var packed = [Element]()
        packed.reserveCapacity(ownedExtent.reduce(1, *))
        forEachOwnedRow { row in packed.append(contentsOf: row) }
        return packed
    }

    /// Copies `packed` (owned cells in row-major order) into the owned cells.
    func unpackOwned(_ packed: [Element]) {
        var next = 0
        forEachOwnedRow { row in
            let count = row.count
            _ = UnsafeMutableBufferPointer(mutating: row).update(fromContentsOf: packed[next..<next + count])
            next += count
        }
    }

    /// Calls `body` with each row (a run along the last axis) of owned cells, in row-major order.
    func forEachOwnedRow(_ body: (UnsafeBufferPointer<Element>) -> Void) {
        let rowLength = ownedExtent[axisCount - 1]
        let base = storage.elements.baseAddress!
        let rows = axisCount == 2 ? [ownedExtent[0], 1] : [ownedExtent[0], ownedExtent[1]]
        for i in 0..<rows[0] {
            for j in 0..<rows[1] {
                let start = axisCount == 2 ? offset(i, 0) : offset(i, j, 0)
                body(UnsafeBufferPointer(start: base + start, count: rowLength))
            }
        }
    }

    private static var gatherTag: Int { 30_001 }
    private static var scatterTag: Int { 30_002 }
}

extension DistributedArray where Element: AdditiveArithmetic {
    /// The sum of the owned cells of every process (the same value on every process).
    ///
    /// Summation order depends on the decomposition, so the last bits may differ between process counts.
    ///
    /// - Returns: The sum.
    /// - Throws: ``/MPI/MPIError`` when MPI reports an error.
    public func sum() throws(MPIError) -> Element {
        var local = Element.zero
        forEachOwnedRow { row in
            for value in row { local += value }
        }
        return try grid.communicator.allReduce(local, .sum)
    }
}

extension DistributedArray where Element: Comparable {
    /// The largest owned cell of any process (the same value on every process).
    ///
    /// - Returns: The maximum.
    /// - Throws: ``/MPI/MPIError`` when MPI reports an error.
    public func maximum() throws(MPIError) -> Element {
        var local: Element? = nil
        forEachOwnedRow { row in
            for value in row where local == nil || value > local! { local = value }
        }
        return try grid.communicator.allReduce(local!, .max)
    }
}

extension DistributedArray where Element: BinaryFloatingPoint {
    /// The Euclidean norm of the whole array: the square root of the sum of squares of every owned cell.
    ///
    /// - Returns: The Euclidean norm.
    /// - Throws: ``/MPI/MPIError`` when MPI reports an error.
    public func l2Norm() throws(MPIError) -> Element {
        var local = Element.zero
        forEachOwnedRow { row in
            for value in row { local += value * value }
        }
        return try grid.communicator.allReduce(local, .sum).squareRoot()
    }
}
