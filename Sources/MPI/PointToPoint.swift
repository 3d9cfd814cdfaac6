public import CMPI

// Blocking point-to-point communication (MPI 3.1, chapter 3).
//
// Buffers are any collection with contiguous storage (`Array`, `ContiguousArray`, `ArraySlice`,
// `UnsafeBufferPointer`, …): MPI reads and writes their storage directly, without a copy. A collection
// without contiguous storage is refused with an error rather than silently copied.

extension Communicator {
    /// Sends the elements of a contiguous collection to a process.
    ///
    /// - Parameters:
    ///   - elements: The data; MPI reads its storage in place.
    ///   - destination: The receiving rank, or ``nullProcess`` (the send then does nothing).
    ///   - tag: A non-negative tag the receiver can match on.
    ///   - mode: ``SendMode/standard`` (the default), ``SendMode/synchronous`` or ``SendMode/ready``.
    /// - Throws: ``MPIError`` when `destination` or `tag` is out of range (classes ``ErrorClass/rank``,
    ///   ``ErrorClass/tag``), the collection has no contiguous storage (class ``ErrorClass/buffer``), or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Send`, `MPI_Ssend` and `MPI_Rsend`.
    @inlinable
    public func send<C: Collection>(
        _ elements: C, to destination: Int, tag: Int = 0, mode: SendMode = .standard
    ) throws(MPIError) where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(elements.count)
        let destination = try checkRank(destination)
        let tag = try checkTag(tag)
        let code = elements.withContiguousStorageIfAvailable { buffer in
            sendFunction(mode)(buffer.baseAddress, count, C.Element.mpiDatatype.handle, destination, tag, handle)
        }
        guard let code else { throw nonContiguous(C.self) }
        try check(code)
    }

    /// Sends one value to a process.
    ///
    /// - Parameters:
    ///   - value: The value to send.
    ///   - destination: The receiving rank, or ``nullProcess`` (the send then does nothing).
    ///   - tag: A non-negative tag the receiver can match on.
    ///   - mode: ``SendMode/standard`` (the default), ``SendMode/synchronous`` or ``SendMode/ready``.
    /// - Throws: ``MPIError`` when `destination` or `tag` is out of range (classes ``ErrorClass/rank``,
    ///   ``ErrorClass/tag``) or MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Send`, `MPI_Ssend` and `MPI_Rsend`.
    @inlinable
    public func send<T: MPIType>(
        _ value: T, to destination: Int, tag: Int = 0, mode: SendMode = .standard
    ) throws(MPIError) {
        try Environment.checkActive()
        let destination = try checkRank(destination)
        let tag = try checkTag(tag)
        let code = withUnsafePointer(to: value) { value in
            sendFunction(mode)(value, 1, T.mpiDatatype.handle, destination, tag, handle)
        }
        try check(code)
    }

    /// Receives a message into the storage of an existing collection.
    ///
    /// The message may be shorter than the buffer (``Status/count`` says how many elements arrived); a
    /// longer one throws an error of class ``ErrorClass/truncate``. Elements past the received ones are
    /// left untouched.
    ///
    /// - Important: Receiving into an `Array` whose storage is shared with another copy first copies it
    ///   (copy-on-write); keep the buffer uniquely referenced, or use ``receive(count:of:from:tag:)``.
    /// - Parameters:
    ///   - buffer: Where the message goes; its length is the most that can be received.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The status: the actual source, tag and number of elements received.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range (classes ``ErrorClass/rank``,
    ///   ``ErrorClass/tag``), the message is longer than the buffer (class ``ErrorClass/truncate``), or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Recv`.
    @inlinable
    @discardableResult
    public func receive<C: MutableCollection>(
        into buffer: inout C, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> Status where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        let datatype = C.Element.mpiDatatype.handle
        var status = MPI_Status()
        let code = buffer.withContiguousMutableStorageIfAvailable { buffer in
            MPI_Recv(buffer.baseAddress, count, datatype, source, tag, handle, &status)
        }
        guard let code else { throw nonContiguous(C.self) }
        try check(code)
        return Status(raw: status, datatype: datatype)
    }

    /// Receives a message into memory the caller manages.
    ///
    /// - Parameters:
    ///   - buffer: Where the message goes; its length is the most that can be received.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The status: the actual source, tag and number of elements received.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range (classes ``ErrorClass/rank``,
    ///   ``ErrorClass/tag``), the message is longer than the buffer (class ``ErrorClass/truncate``), or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Recv`.
    @inlinable
    @discardableResult
    public func receive<T: MPIType>(
        into buffer: UnsafeMutableBufferPointer<T>, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> Status {
        var buffer = buffer
        return try receive(into: &buffer, from: source, tag: tag)
    }

    /// Receives one value.
    ///
    /// - Throws: An error of class ``ErrorClass/count`` when no value arrives: an empty message, or a
    ///   receive from ``nullProcess``.
    /// - Parameters:
    ///   - type: The type of the value.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The value received.
    ///
    /// The corresponding MPI function is `MPI_Recv`.
    @inlinable
    public func receive<T: MPIType>(
        _ type: T.Type = T.self, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> T {
        try Environment.checkActive()
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        return try withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { value throws(MPIError) in
            var status = MPI_Status()
            var received: Int32 = 0
            try check(MPI_Recv(value.baseAddress, 1, T.mpiDatatype.handle, source, tag, handle, &status))
            try check(MPI_Get_count(&status, T.mpiDatatype.handle, &received))
            guard received == 1 else {
                throw MPIError(.count, "no \(T.self) received: the message was empty or came from the null process")
            }
            return value[0]
        }
    }

    /// Receives at most `count` elements into a new array, sized to what arrived.
    ///
    /// A small capacity is allocated uninitialised and filled by MPI directly: no copy, no zeroing. A
    /// capacity over 64 KiB is only a bound: the message is matched and measured first, and the array is
    /// as long as the message, so a generous bound (even one that would not fit in memory) costs nothing.
    ///
    /// - Parameters:
    ///   - count: The most elements the message may hold.
    ///   - type: The element type.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The elements received, as many as the message held.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range (classes ``ErrorClass/rank``,
    ///   ``ErrorClass/tag``), the message holds more than `count` elements (class ``ErrorClass/truncate``;
    ///   the message is consumed, as `MPI_Recv` does), it is not a whole number of `T` (class
    ///   ``ErrorClass/type``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Recv`; for a large capacity, `MPI_Mprobe` and `MPI_Mrecv`.
    @inlinable
    public func receive<T: MPIType>(
        count: Int, of type: T.Type = T.self, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> [T] {
        try Environment.checkActive()
        let mpiCount = try mpiCount(count)
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        if count > Self.directReceiveBytes / MemoryLayout<T>.stride {
            return try receiveMeasured(atMost: count, of: T.self, from: Int(source), tag: Int(tag))
        }
        var code = MPI_SUCCESS
        var received: Int32 = 0
        let elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            var status = MPI_Status()
            code = MPI_Recv(buffer.baseAddress, mpiCount, T.mpiDatatype.handle, source, tag, handle, &status)
            if code == MPI_SUCCESS { code = MPI_Get_count(&status, T.mpiDatatype.handle, &received) }
            // MPI_UNDEFINED, a negative number, when the message is not a whole number of elements.
            initialized = code == MPI_SUCCESS && received >= 0 ? Int(received) : 0
        }
        try check(code)
        guard received >= 0 else { throw MPIError(.type, "the message received is not a whole number of \(T.self)") }
        return elements
    }

    /// The largest receive capacity, in bytes, that ``receive(count:of:from:tag:)`` allocates up front.
    @usableFromInline
    static var directReceiveBytes: Int { 1 << 16 }

    /// Receives a message of at most `count` elements into an array as long as the message, learning
    /// its length with a matched probe first.
    @usableFromInline
    func receiveMeasured<T: MPIType>(atMost count: Int, of type: T.Type, from source: Int, tag: Int) throws(MPIError) -> [T] {
        let message = try mprobe(from: source, tag: tag)
        if let arrived = message.status.count(of: T.self), arrived > count {
            // Leaving scope, the message receives and discards the message, as a truncating MPI_Recv does.
            throw MPIError(.truncate, "a message of \(arrived) \(T.self) elements is longer than the \(count) asked for")
        }
        return try message.receive(T.self)
    }

    /// Receives a message of any length into a new array.
    ///
    /// Uses a matched probe (`MPI_Mprobe` then `MPI_Mrecv`) to learn the length and receive exactly that
    /// message, so another thread receiving from the same source cannot steal it in between.
    ///
    /// - Parameters:
    ///   - type: The array type to receive.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The whole message.
    /// - Throws: ``MPIError`` when `source` or `tag` is out of range, the message is not a whole number of
    ///   elements (class ``ErrorClass/type``), or MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Mprobe` and `MPI_Mrecv`.
    @inlinable
    public func receive<T: MPIType>(
        _ type: [T].Type = [T].self, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> [T] {
        try mprobe(from: source, tag: tag).receive(T.self)
    }

    /// Sends a message and receives one in a single call, which cannot deadlock however the pairs are
    /// arranged (a ring shift, an exchange with a neighbour).
    ///
    /// - Parameters:
    ///   - elements: The data to send.
    ///   - destination: The rank to send to, or ``nullProcess``.
    ///   - sendTag: The tag of the outgoing message.
    ///   - buffer: Where the incoming message goes; it may be longer than the message.
    ///   - source: The rank to receive from, ``anySource`` or ``nullProcess``.
    ///   - receiveTag: The tag to match, or ``anyTag``.
    /// - Returns: The status of the receive.
    /// - Throws: ``MPIError`` when a rank or tag is out of range, the incoming message is longer than
    ///   `buffer` (class ``ErrorClass/truncate``), a collection has no contiguous storage, or MPI reports an
    ///   error.
    ///
    /// The corresponding MPI function is `MPI_Sendrecv`.
    @inlinable
    @discardableResult
    public func sendReceive<S: Collection, R: MutableCollection>(
        _ elements: S, to destination: Int, sendTag: Int = 0,
        into buffer: inout R, from source: Int, receiveTag: Int = anyTag
    ) throws(MPIError) -> Status where S.Element: MPIType, R.Element: MPIType {
        try Environment.checkActive()
        let sendCount = try mpiCount(elements.count)
        let receiveCount = try mpiCount(buffer.count)
        let destination = try checkRank(destination)
        let source = try checkRank(source, allowWildcard: true)
        let sendTag = try checkTag(sendTag)
        let receiveTag = try checkTag(receiveTag, allowWildcard: true)
        let receiveType = R.Element.mpiDatatype.handle
        var status = MPI_Status()
        let code = elements.withContiguousStorageIfAvailable { sendBuffer in
            buffer.withContiguousMutableStorageIfAvailable { receiveBuffer in
                MPI_Sendrecv(
                    sendBuffer.baseAddress, sendCount, S.Element.mpiDatatype.handle, destination, sendTag,
                    receiveBuffer.baseAddress, receiveCount, receiveType, source, receiveTag, handle, &status)
            }
        }
        guard let outer = code else { throw nonContiguous(S.self) }
        guard let code = outer else { throw nonContiguous(R.self) }
        try check(code)
        return Status(raw: status, datatype: receiveType)
    }

    /// Sends the contents of a buffer and replaces them with a received message of the same length.
    ///
    /// - Parameters:
    ///   - buffer: The data to send, replaced by the message received; the message must not be longer.
    ///   - destination: The rank to send to, or ``nullProcess``.
    ///   - sendTag: The tag of the outgoing message.
    ///   - source: The rank to receive from, ``anySource`` or ``nullProcess``.
    ///   - receiveTag: The tag to match, or ``anyTag``.
    /// - Returns: The status of the receive.
    /// - Throws: ``MPIError`` when a rank or tag is out of range, the incoming message is longer than
    ///   `buffer` (class ``ErrorClass/truncate``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Sendrecv_replace`.
    @inlinable
    @discardableResult
    public func sendReceiveReplacing<C: MutableCollection>(
        _ buffer: inout C, to destination: Int, sendTag: Int = 0,
        from source: Int, receiveTag: Int = anyTag
    ) throws(MPIError) -> Status where C.Element: MPIType {
        try Environment.checkActive()
        let count = try mpiCount(buffer.count)
        let destination = try checkRank(destination)
        let source = try checkRank(source, allowWildcard: true)
        let sendTag = try checkTag(sendTag)
        let receiveTag = try checkTag(receiveTag, allowWildcard: true)
        let datatype = C.Element.mpiDatatype.handle
        var status = MPI_Status()
        let code = buffer.withContiguousMutableStorageIfAvailable { buffer in
            MPI_Sendrecv_replace(
                buffer.baseAddress, count, datatype, destination, sendTag, source, receiveTag, handle, &status)
        }
        guard let code else { throw nonContiguous(C.self) }
        try check(code)
        return Status(raw: status, datatype: datatype)
    }
}

/// The blocking send function for a mode.
@inlinable @inline(__always)
func sendFunction(
    _ mode: SendMode
) -> @convention(c) (UnsafeRawPointer?, Int32, DatatypeHandle, Int32, Int32, CommunicatorHandle) -> Int32 {
    switch mode {
    case .standard: MPI_Send
    case .synchronous: MPI_Ssend
    case .ready: MPI_Rsend
    }
}

/// The error for a collection whose elements MPI cannot address as one block of memory.
@usableFromInline
func nonContiguous(_ type: Any.Type) -> MPIError {
    MPIError(.buffer, "\(type) has no contiguous storage; copy it into an Array first")
}
