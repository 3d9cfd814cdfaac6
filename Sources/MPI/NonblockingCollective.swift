public import CMPI

// Nonblocking collective communication (MPI 3.1, section 5.12).
//
// Each call starts the collective and returns a ``Request`` that owns every buffer MPI uses: the
// caller's input is moved into it and the result array is allocated by the call, so nothing can be read
// or reused before completion. ``Request/wait()`` hands back the result.

extension Communicator {
    /// Starts a barrier; the request completes once every process has started it.
    ///
    /// - Returns: A request that completes once every process has started the barrier.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Ibarrier`.
    public func ibarrier() throws(MPIError) -> Request<Void> {
        try Environment.checkActive()
        var request = cmpi_request_null()
        try check(MPI_Ibarrier(handle, &request))
        return Request(handle: request, buffer: (), datatype: Datatype.byte.handle)
    }

    /// Starts broadcasting the root's buffer into the buffer of every other process.
    ///
    /// - Parameters:
    ///   - buffer: On the root, the data to send; on the other processes, the storage to receive into. The
    ///     request owns it until it completes.
    ///   - root: The rank whose buffer is copied.
    /// - Returns: A request that owns `buffer`; its ``Request/wait()-4v2ab`` hands the buffer back, holding
    ///   the root's data.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error; the
    ///   operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Ibcast`.
    @inlinable
    public func ibroadcast<B: RequestBuffer>(_ buffer: consuming B, root: Int) throws(MPIError) -> Request<B>
    where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let root = try checkRank(root)
        return try startCollective(into: buffer) { storage, request in
            MPI_Ibcast(storage, count, B.Element.mpiDatatype.handle, root, handle, request)
        }
    }

    /// Starts combining the elements of every process element-wise; the result goes to the root, whose
    /// request hands back an array of `elements.count` elements (an empty array elsewhere).
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; the request keeps it until it completes.
    ///   - operation: How to combine elements.
    ///   - root: The rank that receives the result.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back the combination on the root, and an
    ///   empty array elsewhere.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a user-defined
    ///   `operation` was created for another element type (class ``ErrorClass/operation``), or MPI reports an
    ///   error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Ireduce`.
    @inlinable
    public func ireduce<B: RequestBuffer>(
        _ elements: B, _ operation: Operation, root: Int
    ) throws(MPIError) -> Request<[B.Element]> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = B.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let root = try checkRank(root)
        let result = try zeroed(B.Element.self, count: try rank == Int(root) ? elements.count : 0)
        return try startCollective(elements, into: result, keepAlive: operation) { send, receive, request in
            MPI_Ireduce(send, receive, count, datatype, operation.handle, root, handle, request)
        }
    }

    /// Starts combining the elements of every process element-wise, the result going to every process.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; the request keeps it until it completes.
    ///   - operation: How to combine elements.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back the element-wise combination over every
    ///   process.
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another element type (class
    ///   ``ErrorClass/operation``) or MPI reports an error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Iallreduce`.
    @inlinable
    public func iallReduce<B: RequestBuffer>(
        _ elements: B, _ operation: Operation
    ) throws(MPIError) -> Request<[B.Element]> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = B.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let result = try zeroed(B.Element.self, count: elements.count)
        return try startCollective(elements, into: result, keepAlive: operation) { send, receive, request in
            MPI_Iallreduce(send, receive, count, datatype, operation.handle, handle, request)
        }
    }

    /// Starts combining every process's buffer element-wise, leaving the result in each buffer.
    ///
    /// - Parameters:
    ///   - buffer: This process's contribution, which the request owns and replaces with the combination.
    ///   - operation: How to combine elements.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands `buffer` back holding the combination.
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another element type (class
    ///   ``ErrorClass/operation``) or MPI reports an error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Iallreduce` with `MPI_IN_PLACE`.
    @inlinable
    public func iallReduce<B: RequestBuffer>(
        inPlace buffer: consuming B, _ operation: Operation
    ) throws(MPIError) -> Request<B> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let datatype = B.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        return try startCollective(into: buffer, keepAlive: operation) { storage, request in
            MPI_Iallreduce(cmpi_in_place(), storage, count, datatype, operation.handle, handle, request)
        }
    }

    /// Starts an inclusive prefix reduction: rank `r` receives the combination of ranks 0 through `r`.
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; the request keeps it until it completes.
    ///   - operation: How to combine elements.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back the combination over ranks 0 through
    ///   the caller.
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another element type (class
    ///   ``ErrorClass/operation``) or MPI reports an error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Iscan`.
    @inlinable
    public func iscan<B: RequestBuffer>(
        _ elements: B, _ operation: Operation
    ) throws(MPIError) -> Request<[B.Element]> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = B.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let result = try zeroed(B.Element.self, count: elements.count)
        return try startCollective(elements, into: result, keepAlive: operation) { send, receive, request in
            MPI_Iscan(send, receive, count, datatype, operation.handle, handle, request)
        }
    }

    /// Starts an exclusive prefix reduction: rank `r` receives the combination of ranks 0 through
    /// `r - 1`; the result on rank 0 is undefined by MPI (here: zero-filled or left as MPI wrote it).
    ///
    /// - Parameters:
    ///   - elements: This process's contribution; the request keeps it until it completes.
    ///   - operation: How to combine elements.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back the combination over ranks 0 through
    ///   the caller's predecessor (undefined on rank 0, as above).
    /// - Throws: ``MPIError`` when a user-defined `operation` was created for another element type (class
    ///   ``ErrorClass/operation``) or MPI reports an error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Iexscan`.
    @inlinable
    public func iexclusiveScan<B: RequestBuffer>(
        _ elements: B, _ operation: Operation
    ) throws(MPIError) -> Request<[B.Element]> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = B.Element.mpiDatatype.handle
        try operation.checkApplies(to: datatype)
        let result = try zeroed(B.Element.self, count: elements.count)
        return try startCollective(elements, into: result, keepAlive: operation) { send, receive, request in
            MPI_Iexscan(send, receive, count, datatype, operation.handle, handle, request)
        }
    }

    /// Starts collecting the elements of every process on the root, whose request hands back their
    /// concatenation in rank order (an empty array elsewhere).
    ///
    /// - Parameters:
    ///   - elements: This process's block; every process passes the same count.
    ///   - root: The rank that collects the blocks.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back every block in rank order on the root,
    ///   and an empty array elsewhere.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error; the
    ///   operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Igather`.
    @inlinable
    public func igather<B: RequestBuffer>(_ elements: B, root: Int) throws(MPIError) -> Request<[B.Element]>
    where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = B.Element.mpiDatatype.handle
        let root = try checkRank(root)
        let result = try zeroed(B.Element.self, count: try rank == Int(root) ? elements.count * (try size) : 0)
        return try startCollective(elements, into: result) { send, receive, request in
            MPI_Igather(send, count, datatype, receive, count, datatype, root, handle, request)
        }
    }

    /// Starts collecting the elements of every process on every process, in rank order.
    ///
    /// - Parameter elements: This process's block; every process passes the same count.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back every process's block in rank order.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``)
    ///   or MPI reports an error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Iallgather`.
    @inlinable
    public func iallGather<B: RequestBuffer>(_ elements: B) throws(MPIError) -> Request<[B.Element]>
    where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let datatype = B.Element.mpiDatatype.handle
        let result = try zeroed(B.Element.self, count: elements.count * (try size))
        return try startCollective(elements, into: result) { send, receive, request in
            MPI_Iallgather(send, count, datatype, receive, count, datatype, handle, request)
        }
    }

    /// Starts sending block `i` (of `count` elements) of the root's `elements` to process `i`; each
    /// request hands back the caller's block. `elements` matters only on the root.
    ///
    /// - Parameters:
    ///   - elements: On the root, `size × count` elements; ignored elsewhere.
    ///   - count: The length of each block.
    ///   - root: The rank that holds the blocks.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back this process's block.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``), a buffer is
    ///   shorter than the operation needs (class ``ErrorClass/count``), or MPI reports an error; the
    ///   operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Iscatter`.
    @inlinable
    public func iscatter<B: RequestBuffer>(
        _ elements: B, count: Int, root: Int
    ) throws(MPIError) -> Request<[B.Element]> where B.Element: MPIType {
        try Environment.checkActive()
        let mpiCount = try mpiCount(count)
        let datatype = B.Element.mpiDatatype.handle
        let root = try checkRank(root)
        if try rank == Int(root) {
            try checkCapacity(elements.count, holds: count * (try size), "iscatter send buffer")
        }
        let result = try zeroed(B.Element.self, count: count)
        return try startCollective(elements, into: result) { send, receive, request in
            MPI_Iscatter(send, mpiCount, datatype, receive, mpiCount, datatype, root, handle, request)
        }
    }

    /// Starts sending block `j` of `elements` to process `j`; the request hands back the blocks every
    /// process addressed to the caller, in rank order.
    ///
    /// - Parameter elements: `size` blocks of equal length; block `j` goes to process `j`.
    /// - Returns: A request whose ``Request/wait()-4v2ab`` hands back the blocks received, block `i` from
    ///   process `i`.
    /// - Throws: ``MPIError`` when a buffer is shorter than the operation needs (class ``ErrorClass/count``)
    ///   or MPI reports an error; the operation is then not started.
    ///
    /// The corresponding MPI function is `MPI_Ialltoall`.
    @inlinable
    public func iallToAll<B: RequestBuffer>(_ elements: B) throws(MPIError) -> Request<[B.Element]>
    where B.Element: MPIType {
        try Environment.checkActive()
        let size = try self.size
        guard elements.count % size == 0 else {
            throw MPIError(.count, "iallToAll needs a multiple of \(size) elements to send, got \(elements.count)")
        }
        let count = try mpiCount(elements.count / size)
        let datatype = B.Element.mpiDatatype.handle
        let result = try zeroed(B.Element.self, count: elements.count)
        return try startCollective(elements, into: result) { send, receive, request in
            MPI_Ialltoall(send, count, datatype, receive, count, datatype, handle, request)
        }
    }

    /// Starts a collective that writes into `buffer`, which the returned request owns.
    @inlinable
    func startCollective<B: RequestBuffer>(
        into buffer: consuming B, keepAlive: Any? = nil,
        _ start: (UnsafeMutableRawPointer?, UnsafeMutablePointer<RequestHandle>) -> Int32
    ) throws(MPIError) -> Request<B> where B.Element: MPIType {
        var buffer = buffer
        var request = cmpi_request_null()
        // Storage made unique before MPI sees it; the request then holds the only reference.
        try withWritableStorage(&buffer) { start($0, &request) }
        return Request(handle: request, buffer: buffer, datatype: B.Element.mpiDatatype.handle, keepAlive: keepAlive)
    }

    /// Starts a collective that reads `elements` and writes `result`; the request owns both.
    @inlinable
    func startCollective<B: RequestBuffer>(
        _ elements: B, into result: consuming [B.Element], keepAlive: Any? = nil,
        _ start: (UnsafeRawPointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<RequestHandle>) -> Int32
    ) throws(MPIError) -> Request<[B.Element]> where B.Element: MPIType {
        var result = result
        var request = cmpi_request_null()
        try withStorage(elements, &result) { start($0, $1, &request) }
        return Request(handle: request, buffer: result, datatype: B.Element.mpiDatatype.handle,
                       keepAlive: (elements, keepAlive))
    }
}

/// A zero-filled array of `count` elements, for results MPI fills later.
@inlinable
func zeroed<T: MPIType>(_ type: T.Type, count: Int) throws(MPIError) -> [T] {
    _ = try mpiCount(count)
    try checkAllocation(count, of: T.self)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
        initialized = count
    }
}
