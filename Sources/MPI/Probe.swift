public import CMPI

// Probing for messages before receiving them (MPI 3.1, sections 3.8.1 and 3.8.2).

extension Communicator {
    /// Waits for a matching message and describes it without receiving it.
    ///
    /// The returned status counts in bytes; use ``Status/count(of:)`` for elements. When another thread
    /// may receive from the same source, use ``mprobe(from:tag:)`` instead, which reserves the message.
    ///
    /// - Parameters:
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The status of the matching message.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Probe`.
    public func probe(from source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> Status {
        try Environment.checkActive()
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var status = MPI_Status()
        try check(MPI_Probe(source, tag, handle, &status))
        return Status(raw: status, datatype: Datatype.byte.handle)
    }

    /// Describes a matching message if one has arrived, without waiting and without receiving it.
    ///
    /// - Returns: The message's status, or `nil` when no matching message is available yet.
    /// - Parameters:
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Iprobe`.
    public func iprobe(from source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> Status? {
        try Environment.checkActive()
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var status = MPI_Status()
        var flag: Int32 = 0
        try check(MPI_Iprobe(source, tag, handle, &flag, &status))
        return flag != 0 ? Status(raw: status, datatype: Datatype.byte.handle) : nil
    }

    /// Waits for a matching message and reserves it: only the returned ``Message`` can receive it.
    ///
    /// - Parameters:
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The reserved message, to receive with ``Message/receive(_:)`` or
    ///   ``Message/receive(into:)``.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Mprobe`.
    @inlinable
    public func mprobe(from source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> Message {
        try Environment.checkActive()
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var message = cmpi_message_null()
        var status = MPI_Status()
        try check(MPI_Mprobe(source, tag, handle, &message, &status))
        return Message(handle: message, status: Status(raw: status, datatype: Datatype.byte.handle))
    }

    /// Reserves a matching message if one has arrived, without waiting.
    ///
    /// - Returns: The message, or `nil` when no matching message is available yet.
    /// - Parameters:
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Improbe`.
    public func improbe(from source: Int = anySource, tag: Int = anyTag) throws(MPIError) -> Message? {
        try Environment.checkActive()
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var message = cmpi_message_null()
        var status = MPI_Status()
        var flag: Int32 = 0
        try check(MPI_Improbe(source, tag, handle, &flag, &message, &status))
        guard flag != 0 else { return nil }
        return Message(handle: message, status: Status(raw: status, datatype: Datatype.byte.handle))
    }
}

/// A message reserved by a matched probe, waiting to be received.
///
/// Noncopyable: a matched message can be received exactly once. A message dropped without being
/// received is received into a scratch buffer and discarded, so it never stays pending in MPI.
@frozen
public struct Message: ~Copyable {
    @usableFromInline
    var handle: MessageHandle

    /// The source, tag and size of the message; ``Status/count(of:)`` gives its length in elements.
    public let status: Status

    @inlinable
    init(handle: MessageHandle, status: Status) {
        self.handle = handle
        self.status = status
    }

    /// Receives the message into a new array of exactly its length.
    ///
    /// - Throws: An error of class ``ErrorClass/type`` when the message is not a whole number of `T`.
    /// - Parameter type: The element type.
    /// - Returns: The whole message.
    ///
    /// The corresponding MPI function is `MPI_Mrecv`.
    @inlinable
    public consuming func receive<T: MPIType>(_ type: T.Type = T.self) throws(MPIError) -> [T] {
        var handle = self.handle
        let status = self.status
        discard self
        guard let count = status.count(of: T.self) else {
            Message.drain(handle, bytes: status.count)
            throw MPIError(.type, "message of \(status.count) bytes is not a whole number of \(T.self)")
        }
        let mpiCount = Int32(truncatingIfNeeded: count)
        var code = MPI_SUCCESS
        let elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            code = MPI_Mrecv(buffer.baseAddress, mpiCount, T.mpiDatatype.handle, &handle, cmpi_status_ignore())
            initialized = code == MPI_SUCCESS ? count : 0
        }
        try check(code)
        return elements
    }

    /// Receives the message into the storage of an existing collection, which must be long enough.
    ///
    /// - Parameter buffer: Where the message goes; at least as long as the message.
    /// - Returns: The status of the receive.
    /// - Throws: ``MPIError`` when the message is longer than `buffer` (class ``ErrorClass/truncate``), the
    ///   collection has no contiguous storage, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Mrecv`.
    @inlinable
    @discardableResult
    public consuming func receive<C: MutableCollection>(
        into buffer: inout C
    ) throws(MPIError) -> Status where C.Element: MPIType {
        var handle = self.handle
        let bytes = self.status.count
        discard self
        let count: Int32
        do {
            count = try mpiCount(buffer.count)
        } catch {
            Message.drain(handle, bytes: bytes)
            throw error
        }
        let datatype = C.Element.mpiDatatype.handle
        var status = MPI_Status()
        let code = buffer.withContiguousMutableStorageIfAvailable { buffer in
            MPI_Mrecv(buffer.baseAddress, count, datatype, &handle, &status)
        }
        guard let code else {
            Message.drain(handle, bytes: bytes)
            throw nonContiguous(C.self)
        }
        try check(code)
        return Status(raw: status, datatype: datatype)
    }

    /// Receives the message into scratch memory and lends its bytes to `body`: object messages decode
    /// straight from there, without an intermediate array.
    ///
    /// The corresponding MPI function is `MPI_Mrecv`.
    consuming func withReceivedBytes<R>(
        _ body: (UnsafeRawBufferPointer) throws(MPIError) -> R
    ) throws(MPIError) -> R {
        let bytes = status.count
        var handle = self.handle
        discard self
        return try withUnsafeTemporaryAllocation(byteCount: max(bytes, 1), alignment: 16) { scratch throws(MPIError) in
            try check(MPI_Mrecv(scratch.baseAddress, Int32(clamping: bytes), cmpi_datatype_byte(), &handle,
                                cmpi_status_ignore()))
            return try body(UnsafeRawBufferPointer(rebasing: scratch[..<bytes]))
        }
    }

    deinit {
        Message.drain(handle, bytes: status.count)
    }

    /// Receives and drops a message nobody received, so it does not stay matched forever.
    @usableFromInline
    static func drain(_ handle: MessageHandle, bytes: Int) {
        guard handle != cmpi_message_null(), handle != cmpi_message_no_proc(),
              Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = handle
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 16)
        defer { scratch.deallocate() }
        MPI_Mrecv(scratch, Int32(clamping: bytes), cmpi_datatype_byte(), &handle, cmpi_status_ignore())
    }
}
