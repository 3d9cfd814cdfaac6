public import CMPI

/// A communication set up once and started many times, which owns its buffer.
///
/// Persistent requests save MPI the argument processing of each iteration of a loop that sends or
/// receives the same buffer to the same peer. Between ``start()`` and ``wait()-8edhi`` the operation is active
/// and the buffer belongs to MPI; ``withElements(_:)`` gives access to it only while it is inactive.
public struct PersistentRequest<Buffer: RequestBuffer>: ~Copyable where Buffer.Element: MPIType {
    @usableFromInline var handle: RequestHandle
    @usableFromInline var buffer: Buffer
    @usableFromInline var isActive = false
    /// A receive from ``Communicator/nullProcess``, whose statuses this type completes itself.
    @usableFromInline let receivesFromNullProcess: Bool

    @usableFromInline
    init(handle: RequestHandle, buffer: consuming Buffer, receivesFromNullProcess: Bool = false) {
        self.handle = handle
        self.buffer = buffer
        self.receivesFromNullProcess = receivesFromNullProcess
    }

    /// The status of a completed operation, as the MPI standard defines it.
    ///
    /// A receive from the null process completes with source `MPI_PROC_NULL` and tag `MPI_ANY_TAG`;
    /// MPICH 4.0.2 reports `MPI_ANY_SOURCE` as the source of a persistent one.
    @inlinable
    func completedStatus(_ raw: MPI_Status) -> Status {
        var raw = raw
        if receivesFromNullProcess {
            raw.MPI_SOURCE = MPI_PROC_NULL
            raw.MPI_TAG = MPI_ANY_TAG
        }
        return Status(raw: raw, datatype: Buffer.Element.mpiDatatype.handle)
    }

    /// Starts the operation.
    ///
    /// - Throws: An error of class ``ErrorClass/request`` when it is already active.
    ///
    /// The corresponding MPI function is `MPI_Start`.
    @inlinable
    public mutating func start() throws(MPIError) {
        guard !isActive else { throw MPIError(.request, "persistent request started while still active") }
        try check(MPI_Start(&handle))
        isActive = true
    }

    /// Waits for the active operation to complete; when it is not active, returns MPI's empty status
    /// (source ``Communicator/anySource``, tag ``Communicator/anyTag``, count 0) at once.
    ///
    /// - Returns: The status of the operation.
    /// - Throws: ``MPIError`` when the operation failed; the request is inactive afterwards either way.
    ///
    /// The corresponding MPI function is `MPI_Wait`.
    @inlinable
    @discardableResult
    public mutating func wait() throws(MPIError) -> Status {
        var status = MPI_Status()
        let wasActive = isActive
        isActive = false
        try check(MPI_Wait(&handle, &status))
        return wasActive ? completedStatus(status) : Status(raw: status, datatype: Buffer.Element.mpiDatatype.handle)
    }

    /// Checks without waiting whether the active operation has completed.
    ///
    /// - Returns: The status once complete (MPI's empty status when not active), `nil` while still in
    ///   progress.
    /// - Throws: ``MPIError`` when the operation failed.
    ///
    /// The corresponding MPI function is `MPI_Test`.
    @inlinable
    public mutating func test() throws(MPIError) -> Status? {
        var status = MPI_Status()
        var flag: Int32 = 0
        try check(MPI_Test(&handle, &flag, &status))
        guard flag != 0 else { return nil }
        defer { isActive = false }
        return isActive ? completedStatus(status) : Status(raw: status, datatype: Buffer.Element.mpiDatatype.handle)
    }

    /// Reads or writes the buffer while the operation is inactive.
    ///
    /// The elements are lent as a `MutableSpan`, which cannot escape the closure nor change length, so
    /// the storage MPI was given stays where it is.
    ///
    /// - Throws: An error of class ``ErrorClass/pending`` while the operation is active.
    /// - Parameter body: Reads or writes the elements through a `MutableSpan`, which cannot escape it.
    /// - Returns: What `body` returns.
    @inlinable
    public mutating func withElements<R>(
        _ body: (inout MutableSpan<Buffer.Element>) throws(MPIError) -> R
    ) throws(MPIError) -> R {
        guard !isActive else { throw MPIError(.pending, "buffer of an active persistent request accessed") }
        var result: Result<R, MPIError>!
        _ = buffer.withContiguousMutableStorageIfAvailable { storage in
            var span = storage.mutableSpan
            result = Result { () throws(MPIError) -> R in try body(&span) }
        }
        return try result.get()
    }

    deinit {
        guard Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = self.handle
        if isActive { MPI_Wait(&handle, cmpi_status_ignore()) }
        MPI_Request_free(&handle)
    }
}

extension Communicator {
    /// Creates a persistent send of a buffer, which the request owns; start it with
    /// ``PersistentRequest/start()``.
    ///
    /// - Parameters:
    ///   - elements: The data to send; the request owns it for its whole life.
    ///   - destination: The receiving rank, or ``nullProcess``.
    ///   - tag: A non-negative tag the receiver can match on.
    ///   - mode: ``SendMode/standard`` (the default), ``SendMode/synchronous`` or ``SendMode/ready``.
    /// - Returns: The inactive request.
    /// - Throws: ``MPIError`` when `destination` or `tag` is out of range, the buffer has no contiguous
    ///   storage, or MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Send_init`, `MPI_Ssend_init` and `MPI_Rsend_init`.
    public func sendInit<B: RequestBuffer>(
        _ elements: consuming B, to destination: Int, tag: Int = 0, mode: SendMode = .standard
    ) throws(MPIError) -> PersistentRequest<B> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let destination = try checkRank(destination)
        let tag = try checkTag(tag)
        let function = switch mode {
        case .standard: MPI_Send_init
        case .synchronous: MPI_Ssend_init
        case .ready: MPI_Rsend_init
        }
        var request = cmpi_request_null()
        var elements = elements
        // Unique storage first: the request owns it and lends it only while inactive.
        let code = elements.withContiguousMutableStorageIfAvailable { buffer in
            function(buffer.baseAddress, count, B.Element.mpiDatatype.handle, destination, tag, handle, &request)
        }
        guard let code else { throw nonContiguous(B.self) }
        try check(code)
        return PersistentRequest(handle: request, buffer: elements)
    }

    /// Creates a persistent receive into a buffer, which the request owns; start it with
    /// ``PersistentRequest/start()``.
    ///
    /// - Parameters:
    ///   - buffer: Where each message goes; the request owns it for its whole life.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The inactive request.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range, the buffer has no contiguous storage,
    ///   or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Recv_init`.
    public func receiveInit<B: RequestBuffer>(
        into buffer: consuming B, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> PersistentRequest<B> where B.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var request = cmpi_request_null()
        var buffer = buffer
        let code = buffer.withContiguousMutableStorageIfAvailable { storage in
            MPI_Recv_init(storage.baseAddress, count, B.Element.mpiDatatype.handle, source, tag, handle, &request)
        }
        guard let code else { throw nonContiguous(B.self) }
        try check(code)
        return PersistentRequest(handle: request, buffer: buffer, receivesFromNullProcess: source == MPI_PROC_NULL)
    }
}
