public import CMPI

// Blocking collective communication (MPI 3.1, chapter 5).
//
// Every buffer is checked against the counts MPI will use before the call, so a short buffer throws an
// error of class `count` instead of letting MPI write past it. Buffers that only the root uses are not
// touched (not even made unique) on other ranks.

extension Communicator {
    /// Blocks until every process of the communicator has called it.
    ///
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Barrier`.
    @inlinable
    public func barrier() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Barrier(handle))
    }

    // MARK: Broadcast

    /// Copies the root's buffer into the buffer of every other process; all buffers have the same length.
    ///
    /// - Parameters:
    ///   - buffer: On the root, the data to send; on the other processes, where it arrives. Every process
    ///     passes the same length.
    ///   - root: The rank whose buffer is copied.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Bcast`.
    @inlinable
    public func broadcast<C: MutableCollection>(_ buffer: inout C, root: Int) throws(MPIError) where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let root = try checkRank(root)
        try withWritableStorage(&buffer) { MPI_Bcast($0, count, C.Element.mpiDatatype.handle, root, handle) }
    }

    /// Returns the root's value on every process.
    ///
    /// - Parameters:
    ///   - value: The value to send; read on the root only.
    ///   - root: The rank whose value every process receives.
    /// - Returns: The root's value.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``) or MPI reports an
    ///   error.
    ///
    /// The corresponding MPI function is `MPI_Bcast`.
    @inlinable
    public func broadcast<T: MPIType>(_ value: T, root: Int) throws(MPIError) -> T {
        try Environment.checkActive()
        let root = try checkRank(root)
        var value = value
        try check(withUnsafeMutablePointer(to: &value) { MPI_Bcast($0, 1, T.mpiDatatype.handle, root, handle) })
        return value
    }

    // MARK: Reduce

    /// Combines the elements of every process element-wise into `result` on the root.
    ///
    /// `result` must hold at least `elements.count` elements on the root; on other ranks it is untouched.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; every process passes the same count.
    ///   - result: Where the root receives the combination; ignored on the other processes.
    ///   - operation: How to combine elements, for example ``Operation/sum``.
    ///   - root: The rank that receives the result.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), a user-defined `operation` was
    ///   created for another element type (class ``ErrorClass/operation``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Reduce`.
    @inlinable
    public func reduce<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, _ operation: Operation, root: Int
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let root = try checkRank(root)
        if try rank == Int(root) {
            try checkCapacity(result.count, holds: elements.count, "reduce result buffer")
            try withStorage(elements, &result) { MPI_Reduce($0, $1, count, datatype, operation.handle, root, handle) }
        } else {
            try withReadableStorage(elements) { MPI_Reduce($0, nil, count, datatype, operation.handle, root, handle) }
        }
    }

    /// Combines the root's buffer in place with the elements of the other processes; on other ranks
    /// `buffer` is only read.
    ///
    /// - Parameters:
    ///   - buffer: On the root, its contribution, replaced by the result; elsewhere, the contribution, only
    ///     read.
    ///   - operation: How to combine elements, for example ``Operation/sum``.
    ///   - root: The rank that receives the result.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), a user-defined `operation` was
    ///   created for another element type (class ``ErrorClass/operation``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Reduce` with `MPI_IN_PLACE` at the root.
    @inlinable
    public func reduce<C: MutableCollection>(
        inPlace buffer: inout C, _ operation: Operation, root: Int
    ) throws(MPIError) where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let datatype = C.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let root = try checkRank(root)
        if try rank == Int(root) {
            try withWritableStorage(&buffer) { MPI_Reduce(cmpi_in_place(), $0, count, datatype, operation.handle, root, handle) }
        } else {
            try withReadableStorage(buffer) { MPI_Reduce($0, nil, count, datatype, operation.handle, root, handle) }
        }
    }

    /// Combines one value from every process; returns the result on the root and `nil` elsewhere.
    ///
    /// - Parameters:
    ///   - value: This process's contribution.
    ///   - operation: How to combine values, for example ``Operation/sum``.
    ///   - root: The rank that receives the result.
    /// - Returns: The combination of every process's value on the root, `nil` on the other processes.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a user-defined
    ///   `operation` was created for another type (class ``ErrorClass/operation``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Reduce`.
    @inlinable
    public func reduce<T: MPIType>(_ value: T, _ operation: Operation, root: Int) throws(MPIError) -> T? {
        var result = [value]
        try reduce(inPlace: &result, operation, root: root)
        return try rank == root ? result[0] : nil
    }

    /// Combines the elements of every process element-wise into `result` on every process.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; every process passes the same count.
    ///   - result: Where the combination arrives; at least `elements.count` elements.
    ///   - operation: How to combine elements, for example ``Operation/sum``.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allreduce`.
    @inlinable
    public func allReduce<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, _ operation: Operation
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        try checkCapacity(result.count, holds: elements.count, "allReduce result buffer")
        try withStorage(elements, &result) { MPI_Allreduce($0, $1, count, datatype, operation.handle, handle) }
    }

    /// Combines every process's buffer element-wise, leaving the result in each buffer.
    ///
    /// - Parameters:
    ///   - buffer: This process's contribution, replaced by the combination.
    ///   - operation: How to combine elements, for example ``Operation/sum``.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allreduce` with `MPI_IN_PLACE`.
    @inlinable
    public func allReduce<C: MutableCollection>(
        inPlace buffer: inout C, _ operation: Operation
    ) throws(MPIError) where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let datatype = C.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        try withWritableStorage(&buffer) { MPI_Allreduce(cmpi_in_place(), $0, count, datatype, operation.handle, handle) }
    }

    /// Combines the elements of every process element-wise and returns the result on every process.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; every process passes the same count.
    ///   - operation: How to combine elements, for example ``Operation/sum``.
    /// - Returns: The element-wise combination over every process, `elements.count` long.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allreduce`.
    @inlinable
    public func allReduce<C: Collection>(_ elements: C, _ operation: Operation) throws(MPIError) -> [C.Element]
    where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = C.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        guard elements.withContiguousStorageIfAvailable({ _ in true }) != nil else { throw nonContiguous(C.self) }
        return try makeArray(count: elements.count) { result in
            elements.withContiguousStorageIfAvailable {
                MPI_Allreduce($0.baseAddress, result, count, datatype, operation.handle, handle)
            } ?? MPI_ERR_BUFFER
        }
    }

    /// Combines one value from every process and returns the result on every process.
    ///
    /// - Parameters:
    ///   - value: This process's contribution.
    ///   - operation: How to combine values, for example ``Operation/max``.
    /// - Returns: The combination of every process's value.
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another type (class
    ///   ``ErrorClass/operation``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allreduce`.
    @inlinable
    public func allReduce<T: MPIType>(_ value: T, _ operation: Operation) throws(MPIError) -> T {
        try Environment.checkActive()
        let datatype = T.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        var result = value
        let code = withUnsafePointer(to: value) { input in
            withUnsafeMutablePointer(to: &result) { output in
                MPI_Allreduce(input, output, 1, datatype, operation.handle, handle)
            }
        }
        try check(code)
        return result
    }

    // MARK: Scan

    /// Stores in `result` the combination of the elements of ranks 0 through the caller (inclusive).
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; every process passes the same count.
    ///   - result: Where the prefix combination arrives; at least `elements.count` elements.
    ///   - operation: How to combine elements.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Scan`.
    @inlinable
    public func scan<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, _ operation: Operation
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        try checkCapacity(result.count, holds: elements.count, "scan result buffer")
        try withStorage(elements, &result) { MPI_Scan($0, $1, count, datatype, operation.handle, handle) }
    }

    /// Replaces `buffer` with the combination of the buffers of ranks 0 through the caller.
    ///
    /// - Parameters:
    ///   - buffer: This process's contribution, replaced by the prefix combination.
    ///   - operation: How to combine elements.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Scan` with `MPI_IN_PLACE`.
    @inlinable
    public func scan<C: MutableCollection>(inPlace buffer: inout C, _ operation: Operation) throws(MPIError)
    where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let datatype = C.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        try withWritableStorage(&buffer) { MPI_Scan(cmpi_in_place(), $0, count, datatype, operation.handle, handle) }
    }

    /// Returns the combination of the values of ranks 0 through the caller (inclusive prefix).
    ///
    /// - Parameters:
    ///   - value: This process's contribution.
    ///   - operation: How to combine values.
    /// - Returns: The combination of the values of ranks 0 through the caller.
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another type (class
    ///   ``ErrorClass/operation``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Scan`.
    @inlinable
    public func scan<T: MPIType>(_ value: T, _ operation: Operation) throws(MPIError) -> T {
        var buffer = [value]
        try scan(inPlace: &buffer, operation)
        return buffer[0]
    }

    /// Stores in `result` the combination of the elements of ranks 0 through the caller's predecessor
    /// (exclusive prefix). On rank 0, `result` is left untouched: MPI defines no value there.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; every process passes the same count.
    ///   - result: Where the prefix combination arrives; left untouched on rank 0.
    ///   - operation: How to combine elements.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Exscan`.
    @inlinable
    public func exclusiveScan<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, _ operation: Operation
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        try checkCapacity(result.count, holds: elements.count, "exclusiveScan result buffer")
        if try rank == 0 {
            // MPI may write to the receive buffer on rank 0; give it scratch space instead.
            var scratch = [S.Element](elements)
            try withStorage(elements, &scratch) { MPI_Exscan($0, $1, count, datatype, operation.handle, handle) }
        } else {
            try withStorage(elements, &result) { MPI_Exscan($0, $1, count, datatype, operation.handle, handle) }
        }
    }

    /// Returns the combination of the values of ranks 0 through the caller's predecessor, or `nil` on
    /// rank 0.
    ///
    /// - Parameters:
    ///   - value: This process's contribution.
    ///   - operation: How to combine values.
    /// - Returns: The combination of the values of ranks 0 through the caller's predecessor; `nil` on rank 0.
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another type (class
    ///   ``ErrorClass/operation``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Exscan`.
    @inlinable
    public func exclusiveScan<T: MPIType>(_ value: T, _ operation: Operation) throws(MPIError) -> T? {
        var result = [value]
        try exclusiveScan([value], into: &result, operation)
        return try rank == 0 ? nil : result[0]
    }

    // MARK: Reduce-scatter

    /// Combines the elements of every process element-wise and scatters the result in equal blocks:
    /// process `i` receives block `i`, of `result.count` elements.
    ///
    /// `elements.count` must equal `result.count × size`.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution: `size` blocks of `result.count` elements.
    ///   - result: Where this process's block of the combination arrives.
    ///   - operation: How to combine elements.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Reduce_scatter_block`.
    @inlinable
    public func reduceScatterBlock<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, _ operation: Operation
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(result.count)
        let datatype = S.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let size = try self.size
        guard elements.count == result.count * size else {
            throw MPIError(.count,
                "reduceScatterBlock needs \(result.count) × \(size) elements to send, got \(elements.count)")
        }
        try withStorage(elements, &result) { MPI_Reduce_scatter_block($0, $1, count, datatype, operation.handle, handle) }
    }

    /// Combines the elements of every process element-wise and scatters the result: process `i`
    /// receives the next `counts[i]` elements into `result`.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution, `counts.reduce(0, +)` elements.
    ///   - counts: The length of each process's block of the result, one entry per process.
    ///   - result: Where this process's block arrives; at least `counts[rank]` elements.
    ///   - operation: How to combine elements.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a user-defined `operation` was created for another element type (class ``ErrorClass/operation``), or
    ///   MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Reduce_scatter`.
    @inlinable
    public func reduceScatter<S: Collection, R: MutableCollection>(
        _ elements: S, counts: [Int], into result: inout R, _ operation: Operation
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let datatype = S.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let size = try self.size, rank = try self.rank
        let counts32 = try checkedCounts(counts, size: size, "reduceScatter counts")
        guard elements.count == counts.reduce(0, +) else {
            throw MPIError(.count, "reduceScatter needs \(counts.reduce(0, +)) elements to send, got \(elements.count)")
        }
        try checkCapacity(result.count, holds: counts[rank], "reduceScatter result buffer")
        try withStorage(elements, &result) { MPI_Reduce_scatter($0, $1, counts32, datatype, operation.handle, handle) }
    }

    // MARK: Gather

    /// Collects `elements` from every process into `result` on the root, ordered by rank.
    ///
    /// Every process sends the same number of elements; `result` must hold `elements.count × size` on
    /// the root and is untouched elsewhere.
    ///
    /// - Parameters:
    ///   - elements: This process's block; every process passes the same count.
    ///   - result: On the root, where the blocks arrive (at least `size × elements.count` elements); ignored
    ///     elsewhere.
    ///   - root: The rank that collects the blocks.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Gather`.
    @inlinable
    public func gather<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, root: Int
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        let root = try checkRank(root)
        if try rank == Int(root) {
            try checkCapacity(result.count, holds: elements.count * (try size), "gather result buffer")
            try withStorage(elements, &result) { MPI_Gather($0, count, datatype, $1, count, datatype, root, handle) }
        } else {
            try withReadableStorage(elements) { MPI_Gather($0, count, datatype, nil, 0, datatype, root, handle) }
        }
    }

    /// Collects the elements of every process on the root; returns them in rank order there, `nil`
    /// elsewhere.
    ///
    /// - Parameters:
    ///   - elements: This process's block; every process passes the same count.
    ///   - root: The rank that collects the blocks.
    /// - Returns: Every process's block in rank order on the root, `nil` on the other processes.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Gather`.
    @inlinable
    public func gather<C: Collection>(_ elements: C, root: Int) throws(MPIError) -> [C.Element]?
    where C.Element: MPIType {
        let isRoot = try rank == root
        var result = [C.Element]()
        if isRoot {
            result = try makeArray(count: elements.count * (try size)) { _ in MPI_SUCCESS }
        }
        try gather(elements, into: &result, root: root)
        return isRoot ? result : nil
    }

    /// Collects one value from every process on the root; returns them in rank order there, `nil`
    /// elsewhere.
    ///
    /// - Parameters:
    ///   - value: This process's value.
    ///   - root: The rank that collects the values.
    /// - Returns: Every process's value in rank order on the root, `nil` on the other processes.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``) or MPI reports an
    ///   error.
    ///
    /// The corresponding MPI function is `MPI_Gather`.
    @inlinable
    public func gather<T: MPIType>(_ value: T, root: Int) throws(MPIError) -> [T]? {
        try gather([value], root: root)
    }

    /// Collects a different number of elements from each process into `result` on the root: the
    /// elements of rank `i` go to `displacements[i]` (default: packed in rank order), `counts[i]` of them.
    ///
    /// `counts` and `displacements` matter only on the root.
    ///
    /// - Parameters:
    ///   - elements: This process's block, `counts[rank]` elements long.
    ///   - result: On the root, where the blocks arrive; ignored elsewhere.
    ///   - counts: On the root, the length of each process's block.
    ///   - displacements: On the root, where each block starts in `result`, in elements; by default the
    ///     blocks follow each other in rank order.
    ///   - root: The rank that collects the blocks.
    /// - Throws: ``MPIError`` when `counts` or `displacements` do not fit the buffers or the communicator
    ///   (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Gatherv`.
    @inlinable
    public func gatherv<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, counts: [Int], displacements: [Int]? = nil, root: Int
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        let root = try checkRank(root)
        if try rank == Int(root) {
            let layout = try VariableLayout(counts: counts, displacements: displacements, size: try size,
                                            capacity: result.count, "gatherv")
            try withStorage(elements, &result) {
                MPI_Gatherv($0, count, datatype, $1, layout.counts, layout.displacements, datatype, root, handle)
            }
        } else {
            try withReadableStorage(elements) { MPI_Gatherv($0, count, datatype, nil, nil, nil, datatype, root, handle) }
        }
    }

    /// Collects any number of elements from each process on the root; returns their concatenation in
    /// rank order there, `nil` elsewhere. The counts are gathered first.
    ///
    /// - Parameters:
    ///   - elements: This process's block, of any length.
    ///   - root: The rank that collects the blocks.
    /// - Returns: The concatenation of every process's block in rank order on the root, `nil` on the other
    ///   processes.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Gather` and `MPI_Gatherv`.
    @inlinable
    public func gatherv<C: Collection>(_ elements: C, root: Int) throws(MPIError) -> [C.Element]?
    where C.Element: MPIType {
        let counts = try gather(elements.count, root: root)
        var result = [C.Element]()
        if let counts {
            result = try makeArray(count: counts.reduce(0, +)) { _ in MPI_SUCCESS }
        }
        try gatherv(elements, into: &result, counts: counts ?? [], root: root)
        return counts == nil ? nil : result
    }

    /// Collects `elements` from every process into `result` on every process, ordered by rank.
    ///
    /// - Parameters:
    ///   - elements: This process's block; every process passes the same count.
    ///   - result: Where the blocks arrive; at least `size × elements.count` elements.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allgather`.
    @inlinable
    public func allGather<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        try checkCapacity(result.count, holds: elements.count * (try size), "allGather result buffer")
        try withStorage(elements, &result) { MPI_Allgather($0, count, datatype, $1, count, datatype, handle) }
    }

    /// Exchanges equal blocks in place: each process's own block is already at index `rank × blockSize`
    /// of `buffer`, which holds `blockSize × size` elements.
    ///
    /// - Parameter buffer: `size` equal blocks; this process's own block is already in place, the others are
    ///   overwritten.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allgather` with `MPI_IN_PLACE`.
    @inlinable
    public func allGather<C: MutableCollection>(inPlace buffer: inout C) throws(MPIError) where C.Element: MPIType {
        try Environment.checkActive()
        let size = try self.size
        guard buffer.count % size == 0 else {
            throw MPIError(.count, "in-place allGather needs a buffer of size × block elements, got \(buffer.count)")
        }
        let count = try mpiCount(buffer.count / size)
        let datatype = C.Element.mpiDatatype.handle
        try withWritableStorage(&buffer) { MPI_Allgather(cmpi_in_place(), 0, datatype, $0, count, datatype, handle) }
    }

    /// Returns the elements of every process, concatenated in rank order, on every process.
    ///
    /// - Parameter elements: This process's block; every process passes the same count.
    /// - Returns: Every process's block, concatenated in rank order.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allgather`.
    @inlinable
    public func allGather<C: Collection>(_ elements: C) throws(MPIError) -> [C.Element] where C.Element: MPIType {
        var result: [C.Element] = try makeArray(count: elements.count * (try size)) { _ in MPI_SUCCESS }
        try allGather(elements, into: &result)
        return result
    }

    /// Returns one value from every process, in rank order, on every process.
    ///
    /// - Parameter value: This process's value.
    /// - Returns: Every process's value, in rank order.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allgather`.
    @inlinable
    public func allGather<T: MPIType>(_ value: T) throws(MPIError) -> [T] {
        try allGather([value])
    }

    /// Collects a different number of elements from each process into `result` on every process.
    ///
    /// - Parameters:
    ///   - elements: This process's block, `counts[rank]` elements long.
    ///   - result: Where the blocks arrive.
    ///   - counts: The length of each process's block.
    ///   - displacements: Where each block starts in `result`, in elements; by default the blocks follow each
    ///     other in rank order.
    /// - Throws: ``MPIError`` when `counts` or `displacements` do not fit the buffers or the communicator
    ///   (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Allgatherv`.
    @inlinable
    public func allGatherv<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, counts: [Int], displacements: [Int]? = nil
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = S.Element.mpiDatatype.handle
        let layout = try VariableLayout(counts: counts, displacements: displacements, size: try size,
                                        capacity: result.count, "allGatherv")
        guard counts[try rank] == elements.count else {
            throw MPIError(.count, "allGatherv: counts[\(try rank)] is \(counts[try rank]) but this rank sends \(elements.count)")
        }
        try withStorage(elements, &result) {
            MPI_Allgatherv($0, count, datatype, $1, layout.counts, layout.displacements, datatype, handle)
        }
    }

    /// Returns the concatenation of any number of elements from each process, in rank order, on every
    /// process. The counts are exchanged first.
    ///
    /// - Parameter elements: This process's block, of any length.
    /// - Returns: The concatenation of every process's block, in rank order.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Allgather` and `MPI_Allgatherv`.
    @inlinable
    public func allGatherv<C: Collection>(_ elements: C) throws(MPIError) -> [C.Element] where C.Element: MPIType {
        let counts = try allGather(elements.count)
        var result: [C.Element] = try makeArray(count: counts.reduce(0, +)) { _ in MPI_SUCCESS }
        try allGatherv(elements, into: &result, counts: counts)
        return result
    }

    // MARK: Scatter

    /// Sends block `i` of the root's `elements` to process `i`; every process receives `result.count`
    /// elements. `elements` matters only on the root, where it must hold `result.count × size`.
    ///
    /// - Parameters:
    ///   - elements: On the root, `size` blocks of `result.count` elements; ignored elsewhere.
    ///   - result: Where this process's block arrives.
    ///   - root: The rank that holds the blocks.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Scatter`.
    @inlinable
    public func scatter<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R, root: Int
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(result.count)
        let datatype = S.Element.mpiDatatype.handle
        let root = try checkRank(root)
        if try rank == Int(root) {
            try checkCapacity(elements.count, holds: result.count * (try size), "scatter send buffer")
            try withStorage(elements, &result) { MPI_Scatter($0, count, datatype, $1, count, datatype, root, handle) }
        } else {
            try withWritableStorage(&result) { MPI_Scatter(nil, 0, datatype, $0, count, datatype, root, handle) }
        }
    }

    /// Sends block `i` of the root's `elements` (`count` elements each) to process `i` and returns the
    /// caller's block.
    ///
    /// - Parameters:
    ///   - elements: On the root, `size × count` elements; ignored elsewhere.
    ///   - count: The length of each block.
    ///   - root: The rank that holds the blocks.
    /// - Returns: This process's block of `count` elements.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Scatter`.
    @inlinable
    public func scatter<C: Collection>(_ elements: C, count: Int, root: Int) throws(MPIError) -> [C.Element]
    where C.Element: MPIType {
        _ = try mpiCount(count)
        var result: [C.Element] = try makeArray(count: count) { _ in MPI_SUCCESS }
        try scatter(elements, into: &result, root: root)
        return result
    }

    /// Sends value `i` of the root's `values` to process `i` and returns the caller's value.
    ///
    /// - Parameters:
    ///   - values: On the root, one value per process; ignored elsewhere.
    ///   - root: The rank that holds the values.
    /// - Returns: Value `rank` of the root's `values`.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``) or MPI reports an
    ///   error.
    ///
    /// The corresponding MPI function is `MPI_Scatter`.
    @inlinable
    public func scatter<C: Collection>(_ values: C, root: Int) throws(MPIError) -> C.Element where C.Element: MPIType {
        try scatter(values, count: 1, root: root)[0]
    }

    /// Sends `counts[i]` elements starting at `displacements[i]` of the root's `elements` to process `i`.
    /// `elements`, `counts` and `displacements` matter only on the root.
    ///
    /// - Parameters:
    ///   - elements: On the root, the blocks to send; ignored elsewhere.
    ///   - counts: On the root, the length of each process's block.
    ///   - displacements: On the root, where each block starts in `elements`; by default the blocks follow
    ///     each other in rank order.
    ///   - result: Where this process's block arrives; at least `counts[rank]` elements.
    ///   - root: The rank that holds the blocks.
    /// - Throws: ``MPIError`` when `counts` or `displacements` do not fit the buffers or the communicator
    ///   (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Scatterv`.
    @inlinable
    public func scatterv<S: Collection, R: MutableCollection>(
        _ elements: S, counts: [Int], displacements: [Int]? = nil, into result: inout R, root: Int
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let count = try mpiCount(result.count)
        let datatype = S.Element.mpiDatatype.handle
        let root = try checkRank(root)
        if try rank == Int(root) {
            let layout = try VariableLayout(counts: counts, displacements: displacements, size: try size,
                                            capacity: elements.count, "scatterv")
            try checkCapacity(result.count, holds: counts[Int(root)], "scatterv result buffer")
            try withStorage(elements, &result) {
                MPI_Scatterv($0, layout.counts, layout.displacements, datatype, $1, count, datatype, root, handle)
            }
        } else {
            try withWritableStorage(&result) { MPI_Scatterv(nil, nil, nil, datatype, $0, count, datatype, root, handle) }
        }
    }

    // MARK: All-to-all

    /// Sends block `j` of `elements` to process `j` and receives block `i` of `result` from process `i`;
    /// all blocks have `elements.count / size` elements.
    ///
    /// - Parameters:
    ///   - elements: `size` blocks of equal length; block `j` goes to process `j`.
    ///   - result: Where the blocks arrive; block `i` comes from process `i`.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Alltoall`.
    @inlinable
    public func allToAll<S: Collection, R: MutableCollection>(
        _ elements: S, into result: inout R
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let size = try self.size
        guard elements.count % size == 0 else {
            throw MPIError(.count, "allToAll needs a multiple of \(size) elements to send, got \(elements.count)")
        }
        let count = try mpiCount(elements.count / size)
        let datatype = S.Element.mpiDatatype.handle
        try checkCapacity(result.count, holds: elements.count, "allToAll result buffer")
        try withStorage(elements, &result) { MPI_Alltoall($0, count, datatype, $1, count, datatype, handle) }
    }

    /// Exchanges blocks in place: block `j` of `buffer` goes to process `j` and is replaced by the block
    /// that process `j` addressed to the caller.
    ///
    /// - Parameter buffer: `size` blocks of equal length, replaced by the blocks received.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Alltoall` with `MPI_IN_PLACE`.
    @inlinable
    public func allToAll<C: MutableCollection>(inPlace buffer: inout C) throws(MPIError) where C.Element: MPIType {
        try Environment.checkActive()
        let size = try self.size
        guard buffer.count % size == 0 else {
            throw MPIError(.count, "allToAll needs a multiple of \(size) elements, got \(buffer.count)")
        }
        let count = try mpiCount(buffer.count / size)
        let datatype = C.Element.mpiDatatype.handle
        try withWritableStorage(&buffer) { MPI_Alltoall(cmpi_in_place(), 0, datatype, $0, count, datatype, handle) }
    }

    /// Returns the blocks every process addressed to the caller, in rank order.
    ///
    /// - Parameter elements: `size` blocks of equal length; block `j` goes to process `j`.
    /// - Returns: The blocks received, block `i` from process `i`.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``),
    ///   a count exceeds MPI's 32-bit range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Alltoall`.
    @inlinable
    public func allToAll<C: Collection>(_ elements: C) throws(MPIError) -> [C.Element] where C.Element: MPIType {
        var result: [C.Element] = try makeArray(count: elements.count) { _ in MPI_SUCCESS }
        try allToAll(elements, into: &result)
        return result
    }

    /// Sends `sendCounts[j]` elements from `sendDisplacements[j]` to process `j` and receives
    /// `receiveCounts[i]` elements at `receiveDisplacements[i]` from process `i`.
    ///
    /// Displacements default to the counts packed in rank order.
    ///
    /// - Parameters:
    ///   - elements: The data to send.
    ///   - sendCounts: The length of the block for each process.
    ///   - sendDisplacements: Where each block starts in `elements`; by default the blocks follow each other
    ///     in rank order.
    ///   - result: Where the received blocks go.
    ///   - receiveCounts: The length of the block from each process.
    ///   - receiveDisplacements: Where each received block starts in `result`; by default the blocks follow
    ///     each other in rank order.
    /// - Throws: ``MPIError`` when `counts` or `displacements` do not fit the buffers or the communicator
    ///   (class ``ErrorClass/count``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Alltoallv`.
    @inlinable
    public func allToAllv<S: Collection, R: MutableCollection>(
        _ elements: S, sendCounts: [Int], sendDisplacements: [Int]? = nil,
        into result: inout R, receiveCounts: [Int], receiveDisplacements: [Int]? = nil
    ) throws(MPIError) where S.Element: MPIType, R.Element == S.Element {
        try Environment.checkActive()
        let size = try self.size
        let datatype = S.Element.mpiDatatype.handle
        let send = try VariableLayout(counts: sendCounts, displacements: sendDisplacements, size: size,
                                      capacity: elements.count, "allToAllv send")
        let receive = try VariableLayout(counts: receiveCounts, displacements: receiveDisplacements, size: size,
                                         capacity: result.count, "allToAllv receive")
        try withStorage(elements, &result) {
            MPI_Alltoallv($0, send.counts, send.displacements, datatype,
                          $1, receive.counts, receive.displacements, datatype, handle)
        }
    }

    /// Checks a per-rank count list and converts it for MPI.
    @inlinable
    func checkedCounts(_ counts: [Int], size: Int, _ what: String) throws(MPIError) -> [Int32] {
        guard counts.count == size else {
            throw MPIError(.count, "\(what): \(counts.count) counts for \(size) processes")
        }
        return try counts.map { (count: Int) throws(MPIError) in try mpiCount(count) }
    }
}

/// Per-rank counts and displacements of a v-collective, checked against the buffer they index.
@usableFromInline
struct VariableLayout {
    @usableFromInline let counts: [Int32]
    @usableFromInline let displacements: [Int32]

    /// Validates `counts` (one per process) and `displacements` (default: packed in rank order) so that
    /// every block lies inside a buffer of `capacity` elements.
    @inlinable
    init(counts: [Int], displacements: [Int]?, size: Int, capacity: Int, _ what: String) throws(MPIError) {
        guard counts.count == size else {
            throw MPIError(.count, "\(what): \(counts.count) counts for \(size) processes")
        }
        var offsets = displacements ?? []
        if displacements == nil {
            var next = 0
            for count in counts {
                offsets.append(next)
                next += count
            }
        }
        guard offsets.count == size else {
            throw MPIError(.count, "\(what): \(offsets.count) displacements for \(size) processes")
        }
        for rank in 0..<size where counts[rank] < 0 || offsets[rank] < 0 || counts[rank] > capacity - offsets[rank] {
            throw MPIError(.count,
                "\(what): block \(rank) (\(counts[rank]) elements at \(offsets[rank])) does not fit a buffer of \(capacity)")
        }
        self.counts = try counts.map { (count: Int) throws(MPIError) in try mpiCount(count) }
        self.displacements = try offsets.map { (offset: Int) throws(MPIError) in try mpiCount(offset) }
    }
}
