public import CMPI

/// A pending nonblocking operation that owns the buffer MPI reads from or writes to.
///
/// Returned by ``Communicator/isend(_:to:tag:mode:)`` and ``Communicator/ireceive(into:from:tag:)``.
/// Noncopyable, and the buffer is inside it: code that reuses or frees the buffer before the operation
/// completes cannot be written. ``wait()-4v2ab`` consumes the request and hands the buffer back; a request
/// dropped without waiting waits in its `deinit`, so MPI never touches freed memory.
@frozen
public struct Request<Buffer>: ~Copyable {
    @usableFromInline
    var handle: RequestHandle

    /// The memory MPI uses; released only after the operation completes, `nil` once handed back.
    @usableFromInline
    var buffer: Buffer?

    /// The datatype of the buffer's elements, for counting received elements.
    @usableFromInline
    let datatype: DatatypeHandle

    /// The status of a completion already observed by ``test()``.
    @usableFromInline
    var status: MPI_Status?

    /// Other objects MPI uses until completion and the caller does not get back: a collective's send
    /// buffer, a derived datatype, a user-defined operation.
    @usableFromInline
    var keepAlive: Any?

    @inlinable
    init(handle: RequestHandle, buffer: consuming Buffer, datatype: DatatypeHandle, keepAlive: Any? = nil) {
        self.handle = handle
        self.buffer = buffer
        self.datatype = datatype
        self.status = nil
        self.keepAlive = keepAlive
    }

    /// Waits for the operation to complete and returns the buffer with the status.
    ///
    /// For a receive, the buffer holds the message; for a send, it is the data sent, ready for reuse.
    ///
    /// - Returns: The buffer — for a receive, holding the message — and the status of the operation.
    /// - Throws: ``MPIError`` when the operation failed; the buffer is released either way.
    ///
    /// The corresponding MPI function is `MPI_Wait`.
    @inlinable
    @discardableResult
    public consuming func wait() throws(MPIError) -> (buffer: Buffer, status: Status) {
        var status = self.status ?? MPI_Status()
        let code = self.status == nil ? MPI_Wait(&handle, &status) : MPI_SUCCESS
        let datatype = self.datatype
        let buffer = take()
        try check(code)
        return (buffer, Status(raw: status, datatype: datatype))
    }

    /// Checks whether the operation has completed, without waiting.
    ///
    /// Once it returns `true`, ``wait()-4v2ab`` returns at once.
    ///
    /// - Returns: `true` once the operation has completed.
    /// - Throws: ``MPIError`` when the operation failed.
    ///
    /// The corresponding MPI function is `MPI_Test`.
    @inlinable
    public mutating func test() throws(MPIError) -> Bool {
        if status != nil { return true }
        var flag: Int32 = 0
        var status = MPI_Status()
        try check(MPI_Test(&handle, &flag, &status))
        if flag != 0 { self.status = status }
        return flag != 0
    }

    /// Asks MPI to cancel the operation; ``wait()-4v2ab`` still has to complete it.
    ///
    /// ``Status/isCancelled`` tells whether the cancellation succeeded.
    ///
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Cancel`.
    public mutating func cancel() throws(MPIError) {
        guard status == nil, handle != cmpi_request_null() else { return }
        try check(MPI_Cancel(&handle))
    }

    /// Moves the buffer out of a completed request, leaving nothing for `deinit` to wait on.
    @inlinable
    consuming func take() -> Buffer {
        handle = cmpi_request_null()
        return buffer.take()!
    }

    /// Moves the handle and buffers out without waiting: request collections take over from here.
    @usableFromInline
    consuming func release() -> (handle: RequestHandle, buffer: Buffer, status: MPI_Status?, keepAlive: Any?) {
        let handle = self.handle
        self.handle = cmpi_request_null()
        return (handle, buffer.take()!, status, keepAlive.take())
    }

    deinit {
        Request<Buffer>.complete(handle, datatype: datatype)
    }

    /// Waits for a request whose owner is going away, unless MPI is already finalised.
    @usableFromInline
    static func complete(_ handle: RequestHandle, datatype: DatatypeHandle) {
        guard handle != cmpi_request_null(), Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = handle
        MPI_Wait(&handle, cmpi_status_ignore())
    }
}

extension Communicator {
    /// Starts sending the elements of a buffer and returns at once.
    ///
    /// The request owns `elements` until it completes: ``Request/wait()-4v2ab`` hands them back.
    ///
    /// - Parameters:
    ///   - elements: The data to send; the request owns it until it completes.
    ///   - destination: The receiving rank, or ``nullProcess``.
    ///   - tag: A non-negative tag the receiver can match on.
    ///   - mode: ``SendMode/standard`` (the default), ``SendMode/synchronous`` or ``SendMode/ready``.
    /// - Returns: The request, which owns `elements`.
    /// - Throws: ``MPIError`` when `destination` or `tag` is out of range (classes ``ErrorClass/rank``,
    ///   ``ErrorClass/tag``), the collection has no contiguous storage (class ``ErrorClass/buffer``), or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Isend`, `MPI_Issend` and `MPI_Irsend`.
    @inlinable
    public func isend<B: RequestBuffer>(
        _ elements: consuming B, to destination: Int, tag: Int = 0, mode: SendMode = .standard
    ) throws(MPIError) -> Request<B> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let destination = try checkRank(destination)
        let tag = try checkTag(tag)
        let datatype = B.Element.mpiDatatype.handle
        var request = cmpi_request_null()
        // The pointer outlives the closure: sound because the request holds `elements`, whose storage
        // stays put while it is held and not mutated.
        let code = elements.withContiguousStorageIfAvailable { buffer in
            isendFunction(mode)(buffer.baseAddress, count, datatype, destination, tag, handle, &request)
        }
        guard let code else { throw nonContiguous(B.self) }
        try check(code)
        return Request(handle: request, buffer: elements, datatype: datatype)
    }

    /// Starts receiving a message into a buffer and returns at once.
    ///
    /// The request owns the buffer until it completes; ``Request/wait()-4v2ab`` hands it back holding the
    /// message. Pass the buffer with `consume` to avoid a copy when the caller's storage is shared.
    ///
    /// - Parameters:
    ///   - buffer: Where the message goes; its length is the most that can be received.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The request, which owns `buffer`.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range, the buffer has no contiguous storage,
    ///   or MPI reports an error; nothing is then received.
    ///
    /// The corresponding MPI function is `MPI_Irecv`.
    @inlinable
    public func ireceive<B: RequestBuffer>(
        into buffer: consuming B, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> Request<B> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        let datatype = B.Element.mpiDatatype.handle
        var request = cmpi_request_null()
        var buffer = buffer
        // Making the storage unique happens here, before MPI gets the pointer; the request then holds
        // the only reference, so the storage neither moves nor changes under MPI.
        let code = buffer.withContiguousMutableStorageIfAvailable { storage in
            MPI_Irecv(storage.baseAddress, count, datatype, source, tag, handle, &request)
        }
        guard let code else { throw nonContiguous(B.self) }
        try check(code)
        return Request(handle: request, buffer: buffer, datatype: datatype)
    }

    /// Starts receiving at most `count` elements into a new zero-filled array and returns at once.
    ///
    /// - Parameters:
    ///   - count: The most elements the message may hold.
    ///   - type: The element type.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The request, whose ``Request/wait()-4v2ab`` hands back the `count`-element array;
    ///   ``Status/count`` says how many elements arrived.
    /// - Throws: ``MPIError`` when `count`, `source` or `tag` is out of range or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Irecv`.
    @inlinable
    public func ireceive<T: MPIType>(
        count: Int, of type: T.Type = T.self, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> Request<[T]> {
        let buffer = try zeroed(T.self, count: count)
        return try ireceive(into: buffer, from: source, tag: tag)
    }
}

/// The nonblocking send function for a mode.
@inlinable @inline(__always)
func isendFunction(
    _ mode: SendMode
) -> @convention(c) (
    UnsafeRawPointer?, Int32, DatatypeHandle, Int32, Int32, CommunicatorHandle, UnsafeMutablePointer<RequestHandle>?
) -> Int32 {
    switch mode {
    case .standard: MPI_Isend
    case .synchronous: MPI_Issend
    case .ready: MPI_Irsend
    }
}
