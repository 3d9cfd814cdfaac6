public import CMPI

/// A collection of pending requests that complete together or one at a time.
///
/// Appending a ``Request`` moves it (and its buffer) into the set. A slot whose request has completed
/// and been handed back holds `MPI_REQUEST_NULL`, so every call is safe on sets that contain completed
/// or null requests: ``waitAll()-4zl1v`` then returns at once and ``waitAny()`` returns `nil`.
@frozen
public struct RequestSet<Buffer>: ~Copyable {
    @usableFromInline var handles: [RequestHandle] = []
    @usableFromInline var buffers: [Buffer?] = []
    @usableFromInline var datatypes: [DatatypeHandle] = []
    /// Statuses of completions already observed (by ``Request/test()`` before appending).
    @usableFromInline var statuses: [MPI_Status?] = []
    /// What each request keeps alive besides its buffer (see ``Request``).
    @usableFromInline var keepAlives: [Any?] = []

    /// Creates an empty set.
    @inlinable
    public init() {}

    /// The number of slots, completed ones included.
    @inlinable
    public var count: Int { handles.count }

    /// Whether no slot holds an operation that is still pending.
    @inlinable
    public var isEmpty: Bool { buffers.allSatisfy { $0 == nil } }

    /// Moves a request into the set.
    ///
    /// - Returns: The slot index, which ``waitAny()`` and ``testAny()`` report.
    /// - Parameter request: The request; the set owns it, and its buffer, from now on.
    @inlinable
    @discardableResult
    public mutating func append(_ request: consuming Request<Buffer>) -> Int {
        let datatype = request.datatype
        let (handle, buffer, status, keepAlive) = request.release()
        keepAlives.append(keepAlive)
        handles.append(handle)
        buffers.append(buffer)
        datatypes.append(datatype)
        statuses.append(status)
        return handles.count - 1
    }

    /// Waits for every request and hands back the buffers not yet handed back, in slot order.
    ///
    /// - Returns: The slots not yet handed back, in slot order, each with its buffer and status.
    /// - Throws: ``MPIError`` with the first failing request's error.
    ///
    /// The corresponding MPI function is `MPI_Waitall`.
    @inlinable
    public mutating func waitAll() throws(MPIError) -> [(index: Int, buffer: Buffer, status: Status)] {
        var raw = [MPI_Status](repeating: MPI_Status(), count: handles.count)
        let code = MPI_Waitall(Int32(handles.count), &handles, &raw)
        try checkMultiple(code, raw)
        return collect { raw[$0] }
    }

    /// Checks without waiting whether every request has completed; if so, hands back the buffers as
    /// ``waitAll()-4zl1v`` does, otherwise returns `nil` and leaves every request pending.
    ///
    /// - Returns: The slots not yet handed back when every request has completed, as ``waitAll()-4zl1v``
    ///   returns them; `nil` otherwise.
    /// - Throws: ``MPIError`` with the first failing request's error.
    ///
    /// The corresponding MPI function is `MPI_Testall`.
    @inlinable
    public mutating func testAll() throws(MPIError) -> [(index: Int, buffer: Buffer, status: Status)]? {
        var raw = [MPI_Status](repeating: MPI_Status(), count: handles.count)
        var flag: Int32 = 0
        let code = MPI_Testall(Int32(handles.count), &handles, &flag, &raw)
        try checkMultiple(code, raw)
        return flag != 0 ? collect { raw[$0] } : nil
    }

    /// Waits until one request completes and hands back its buffer.
    ///
    /// - Returns: The completed slot, or `nil` at once when no slot holds a pending request.
    /// - Throws: ``MPIError`` when the completed request failed.
    ///
    /// The corresponding MPI function is `MPI_Waitany`.
    @inlinable
    public mutating func waitAny() throws(MPIError) -> (index: Int, buffer: Buffer, status: Status)? {
        if let ready = takeObserved() { return ready }
        var index: Int32 = 0
        var status = MPI_Status()
        try check(MPI_Waitany(Int32(handles.count), &handles, &index, &status))
        return index == MPI_UNDEFINED ? nil : handBack(Int(index), status)
    }

    /// Checks without waiting whether some request has completed and hands back its buffer.
    ///
    /// - Returns: A completed slot, or `nil` when none has completed yet or none is pending.
    /// - Throws: ``MPIError`` when the completed request failed.
    ///
    /// The corresponding MPI function is `MPI_Testany`.
    @inlinable
    public mutating func testAny() throws(MPIError) -> (index: Int, buffer: Buffer, status: Status)? {
        if let ready = takeObserved() { return ready }
        var index: Int32 = 0
        var flag: Int32 = 0
        var status = MPI_Status()
        try check(MPI_Testany(Int32(handles.count), &handles, &index, &flag, &status))
        return flag != 0 && index != MPI_UNDEFINED ? handBack(Int(index), status) : nil
    }

    /// Hands back a request whose completion ``Request/test()`` observed before it joined the set.
    @usableFromInline
    mutating func takeObserved() -> (index: Int, buffer: Buffer, status: Status)? {
        guard let index = statuses.indices.first(where: { statuses[$0] != nil && buffers[$0] != nil })
        else { return nil }
        return handBack(index, statuses[index]!)
    }

    @usableFromInline
    mutating func handBack(_ index: Int, _ status: MPI_Status) -> (index: Int, buffer: Buffer, status: Status) {
        handles[index] = cmpi_request_null()
        statuses[index] = nil
        keepAlives[index] = nil
        return (index, buffers[index].take()!, Status(raw: status, datatype: datatypes[index]))
    }

    @usableFromInline
    mutating func collect(
        _ status: (Int) -> MPI_Status
    ) -> [(index: Int, buffer: Buffer, status: Status)] {
        buffers.indices.compactMap { index in
            guard buffers[index] != nil else { return nil }
            return handBack(index, statuses[index] ?? status(index))
        }
    }

    /// Turns `MPI_ERR_IN_STATUS` into the first failing request's own error.
    @usableFromInline
    func checkMultiple(_ code: Int32, _ statuses: [MPI_Status]) throws(MPIError) {
        guard code == MPI_ERR_IN_STATUS else { return try check(code) }
        for status in statuses where status.MPI_ERROR != MPI_SUCCESS && status.MPI_ERROR != MPI_ERR_PENDING {
            throw MPIError(code: status.MPI_ERROR)
        }
        try check(code)
    }

    deinit {
        for index in handles.indices where buffers[index] != nil {
            Request<Buffer>.complete(handles[index], datatype: datatypes[index])
        }
    }
}
