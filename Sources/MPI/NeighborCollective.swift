public import CMPI

// Neighbourhood collectives (MPI 3.1, section 7.6): every process exchanges data with its neighbours in
// the communicator's topology only, in the order ``Communicator/neighbors()`` gives.
//
// Every call checks the buffers against the neighbour counts before MPI sees them, so a receive buffer
// too short for what the neighbours send throws instead of being overrun. Blocks that belong to a
// ``Communicator/nullProcess`` neighbour (past the open edge of a Cartesian grid) are left untouched.

extension Communicator {
    /// Sends the same elements to every destination neighbour and receives as many from every source
    /// neighbour, one block per source in the order of ``neighbors()``.
    ///
    /// - Parameters:
    ///   - elements: The block to send; every neighbour sends a block of the same length.
    ///   - result: At least `sources × elements.count` elements; block `i` receives from source `i`.
    /// - Throws: ``MPIError`` when the communicator has no topology (class ``ErrorClass/topology``), `result`
    ///   is shorter than the blocks need (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_allgather`.
    @inlinable
    public func neighborAllGather<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        let sources = try neighborCounts().sources
        try checkCapacity(result.count, holds: elements.count * sources, "neighborAllGather result buffer")
        try withStorage(elements, &result) {
            MPI_Neighbor_allgather($0, count, datatype, $1, count, datatype, handle)
        }
    }

    /// Sends the same elements to every destination neighbour and returns the blocks received from the
    /// source neighbours, concatenated in the order of ``neighbors()``.
    ///
    /// The result is zero-filled first, so the block of a ``nullProcess`` neighbour holds zeros.
    ///
    /// - Parameter elements: The block to send; every neighbour sends a block of the same length.
    /// - Returns: The blocks received, one per source neighbour in the topology's order.
    /// - Throws: ``MPIError`` when the communicator has no topology (class ``ErrorClass/topology``) or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_allgather`.
    @inlinable
    public func neighborAllGather<C: Collection>(_ elements: C) throws(MPIError) -> [C.Element]
    where C.Element: MPIType {
        try Environment.checkActive()
        var result: [C.Element] = zeroFilledArray(count: elements.count * (try neighborCounts().sources))
        try neighborAllGather(elements, into: &result)
        return result
    }

    /// Sends the same elements to every destination neighbour and receives blocks of different lengths
    /// from the source neighbours, at the given places in `result`.
    ///
    /// - Parameters:
    ///   - elements: The block to send.
    ///   - result: Where the blocks go.
    ///   - counts: For each source neighbour, the length of its block.
    ///   - displacements: For each source neighbour, where its block starts in `result`, in elements;
    ///     by default the blocks are packed in order.
    /// - Throws: ``MPIError`` when the communicator has no topology (class ``ErrorClass/topology``), `counts`
    ///   or `displacements` do not fit `result` or the neighbours (class ``ErrorClass/count``), or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_allgatherv`.
    @inlinable
    public func neighborAllGatherv<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, counts: [Int], displacements: [Int]? = nil
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        let layout = try VariableLayout(counts: counts, displacements: displacements,
                                        size: try neighborCounts().sources, capacity: result.count,
                                        "neighborAllGatherv")
        try withStorage(elements, &result) {
            MPI_Neighbor_allgatherv($0, count, datatype, $1, layout.counts, layout.displacements, datatype, handle)
        }
    }

    /// Sends the same elements to every destination neighbour and returns the blocks of the given lengths
    /// received from the source neighbours, one after the other in the order of ``neighbors()``.
    ///
    /// The result is zero-filled first, so the block of a ``nullProcess`` neighbour holds zeros.
    ///
    /// - Parameters:
    ///   - elements: The block to send.
    ///   - counts: For each source neighbour, the length of its block.
    /// - Returns: The blocks received, concatenated in the order of the source neighbours.
    /// - Throws: ``MPIError`` when the communicator has no topology (class ``ErrorClass/topology``), `counts`
    ///   does not have one entry per source neighbour (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_allgatherv`.
    @inlinable
    public func neighborAllGatherv<C: Collection>(
        _ elements: C, counts: [Int]
    ) throws(MPIError) -> [C.Element] where C.Element: MPIType {
        var result: [C.Element] = zeroFilledArray(count: try totalCount(counts))
        try neighborAllGatherv(elements, into: &result, counts: counts)
        return result
    }

    /// Sends a different block to each destination neighbour and receives one block from each source
    /// neighbour.
    ///
    /// `elements` holds one block per destination, in the order of ``neighbors()``, all of the same length;
    /// `result` receives one block of that length per source. A process without destinations receives
    /// blocks of `result.count / sources` elements.
    ///
    /// - Throws: An error of class ``ErrorClass/count`` when `elements` does not split evenly into one
    ///   block per destination, or `result` is too short for one block per source.
    /// - Parameters:
    ///   - elements: One block per destination neighbour, of equal lengths, in the topology's order.
    ///   - result: Where the blocks arrive, one per source neighbour.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_alltoall`.
    @inlinable
    public func neighborAllToAll<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let (sources, destinations) = try neighborCounts()
        let block = try neighborBlockLength(
            sending: elements.count, to: destinations, receiving: result.count, from: sources)
        try checkCapacity(result.count, holds: block * sources, "neighborAllToAll result buffer")
        let count = try mpiCount(block)
        let datatype = S.Element.mpiDatatype.handle
        try withStorage(elements, &result) {
            MPI_Neighbor_alltoall($0, count, datatype, $1, count, datatype, handle)
        }
    }

    /// Sends a different block to each destination neighbour and returns the blocks received from the
    /// source neighbours, each as long as the blocks sent.
    ///
    /// The result is zero-filled first, so the block of a ``nullProcess`` neighbour holds zeros.
    ///
    /// - Throws: An error of class ``ErrorClass/count`` when `elements` does not split evenly into one
    ///   block per destination, or when the process has sources but no destinations (the block length
    ///   is then unknown: use ``neighborAllToAll(_:into:)``).
    /// - Parameter elements: One block per destination neighbour, of equal lengths, in the topology's order.
    /// - Returns: The blocks received, one per source neighbour in the topology's order.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_alltoall`.
    @inlinable
    public func neighborAllToAll<C: Collection>(_ elements: C) throws(MPIError) -> [C.Element]
    where C.Element: MPIType {
        try Environment.checkActive()
        let (sources, destinations) = try neighborCounts()
        guard destinations > 0 || sources == 0 else {
            throw MPIError(.count, "neighborAllToAll: without destinations the block length is unknown; pass a result buffer")
        }
        let block = try neighborBlockLength(sending: elements.count, to: destinations, receiving: 0, from: sources)
        var result: [C.Element] = zeroFilledArray(count: block * sources)
        try neighborAllToAll(elements, into: &result)
        return result
    }

    /// Sends blocks of different lengths to the destination neighbours and receives blocks of different
    /// lengths from the source neighbours.
    ///
    /// - Parameters:
    ///   - elements: The data to send.
    ///   - sendCounts: For each destination neighbour, the length of its block.
    ///   - sendDisplacements: For each destination neighbour, where its block starts in `elements`; by
    ///     default the blocks are packed in order.
    ///   - result: Where the received blocks go.
    ///   - receiveCounts: For each source neighbour, the length of its block.
    ///   - receiveDisplacements: For each source neighbour, where its block starts in `result`; by
    ///     default the blocks are packed in order.
    /// - Throws: ``MPIError`` when the communicator has no topology (class ``ErrorClass/topology``), the
    ///   counts or displacements do not fit the buffers or the neighbours (class ``ErrorClass/count``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_alltoallv`.
    @inlinable
    public func neighborAllToAllv<S: Collection, R: MutableCollection>(
        _ elements: S, sendCounts: [Int], sendDisplacements: [Int]? = nil,
        into result: inout R, receiveCounts: [Int], receiveDisplacements: [Int]? = nil
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let (sources, destinations) = try neighborCounts()
        let datatype = S.Element.mpiDatatype.handle
        let send = try VariableLayout(counts: sendCounts, displacements: sendDisplacements, size: destinations,
                                      capacity: elements.count, "neighborAllToAllv send")
        let receive = try VariableLayout(counts: receiveCounts, displacements: receiveDisplacements, size: sources,
                                         capacity: result.count, "neighborAllToAllv receive")
        try withStorage(elements, &result) {
            MPI_Neighbor_alltoallv($0, send.counts, send.displacements, datatype,
                                   $1, receive.counts, receive.displacements, datatype, handle)
        }
    }

    /// Sends consecutive blocks of the given lengths to the destination neighbours and returns the blocks
    /// of the given lengths received from the source neighbours, one after the other.
    ///
    /// The result is zero-filled first, so the block of a ``nullProcess`` neighbour holds zeros.
    ///
    /// - Parameters:
    ///   - elements: The blocks to send, one after another.
    ///   - sendCounts: For each destination neighbour, the length of its block.
    ///   - receiveCounts: For each source neighbour, the length of its block.
    /// - Returns: The blocks received, concatenated in the order of the source neighbours.
    /// - Throws: ``MPIError`` when the communicator has no topology (class ``ErrorClass/topology``), the
    ///   counts do not fit `elements` or the neighbours (class ``ErrorClass/count``), or MPI reports an
    ///   error.
    ///
    /// The corresponding MPI function is `MPI_Neighbor_alltoallv`.
    @inlinable
    public func neighborAllToAllv<C: Collection>(
        _ elements: C, sendCounts: [Int], receiveCounts: [Int]
    ) throws(MPIError) -> [C.Element] where C.Element: MPIType {
        var result: [C.Element] = zeroFilledArray(count: try totalCount(receiveCounts))
        try neighborAllToAllv(elements, sendCounts: sendCounts, into: &result, receiveCounts: receiveCounts)
        return result
    }
}

/// The block length of a neighbour all-to-all: the elements sent split evenly among the destinations, or,
/// without destinations, the receive buffer split evenly among the sources.
@usableFromInline
func neighborBlockLength(
    sending sendCount: Int, to destinations: Int, receiving receiveCount: Int, from sources: Int
) throws(MPIError) -> Int {
    if destinations > 0 {
        guard sendCount % destinations == 0 else {
            throw MPIError(.count,
                "neighborAllToAll: \(sendCount) elements do not split evenly among \(destinations) destinations")
        }
        return sendCount / destinations
    }
    guard sendCount == 0 else {
        throw MPIError(.count, "neighborAllToAll: \(sendCount) elements to send but the process has no destinations")
    }
    return sources > 0 ? receiveCount / sources : 0
}

/// The sum of non-negative block lengths.
@usableFromInline
func totalCount(_ counts: [Int]) throws(MPIError) -> Int {
    var total = 0
    for count in counts {
        guard count >= 0 else { throw MPIError(.count, "negative block length \(count)") }
        let (sum, overflow) = total.addingReportingOverflow(count)
        guard !overflow else { throw MPIError(.count, "block lengths \(counts) overflow") }
        total = sum
    }
    return total
}

/// A new array of `count` elements with every byte zero, a valid value of every ``MPIType``.
@inlinable
func zeroFilledArray<T: MPIType>(count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { storage, initialized in
        UnsafeMutableRawBufferPointer(storage).initializeMemory(as: UInt8.self, repeating: 0)
        initialized = count
    }
}
