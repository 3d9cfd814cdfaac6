public import CMPI

// Point-to-point communication with derived datatypes (MPI 3.1, sections 3.2–3.7 with chapter 4's
// datatypes): a column of a matrix, a block of a grid, an array of structs, sent and received in place.
//
// MPI follows a derived datatype blindly, so each call first checks that `count` elements of the datatype
// touch only bytes inside the Swift buffer: a layout that does not fit throws an error of class
// ``ErrorClass/buffer`` instead of reading or writing outside it. The buffer's elements must be trivial
// values (no references), whatever their type. Statuses from these calls count in bytes, since a derived
// datatype may be freed before the status is read; use ``Status/count(of:)`` or divide by the datatype's
// ``Datatype/size()``.

extension Communicator {
    /// Sends `count` elements of a derived datatype laid over the storage of a contiguous collection.
    ///
    /// - Parameters:
    ///   - elements: The memory the datatype describes; MPI reads its storage in place.
    ///   - datatype: The layout of the data within `elements`' bytes, starting at the first element.
    ///   - count: The number of datatype elements, each one extent after the previous.
    ///   - destination: The receiving rank, or ``nullProcess``.
    ///   - tag: A non-negative tag the receiver can match on.
    ///   - mode: ``SendMode/standard`` (the default), ``SendMode/synchronous`` or ``SendMode/ready``.
    /// - Throws: An error of class ``ErrorClass/buffer`` when the datatype reaches outside `elements`, and
    ///   of class ``ErrorClass/type`` when the elements are not trivial values.
    ///
    /// The corresponding MPI functions are `MPI_Send`, `MPI_Ssend` and `MPI_Rsend`.
    @inlinable
    public func send<C: Collection>(
        _ elements: C, as datatype: Datatype, count: Int = 1,
        to destination: Int, tag: Int = 0, mode: SendMode = .standard
    ) throws(MPIError) {
        try Environment.checkActive()
        let mpiCount = try checkLayout(datatype, count: count, over: elements)
        let destination = try checkRank(destination)
        let tag = try checkTag(tag)
        let code = elements.withContiguousStorageIfAvailable { buffer in
            sendFunction(mode)(buffer.baseAddress, mpiCount, datatype.handle, destination, tag, handle)
        }
        guard let code else { throw nonContiguous(C.self) }
        try check(code)
    }

    /// Receives `count` elements of a derived datatype into the storage of an existing collection.
    ///
    /// Only the bytes the datatype describes are written; the rest of the buffer is left untouched.
    ///
    /// - Returns: The status of the receive; its ``Status/count`` is in bytes.
    /// - Throws: An error of class ``ErrorClass/buffer`` when the datatype reaches outside `buffer`, of
    ///   class ``ErrorClass/type`` when the elements are not trivial values, and of class
    ///   ``ErrorClass/truncate`` when the message is longer than `count` datatype elements.
    /// - Parameters:
    ///   - buffer: The memory the datatype describes.
    ///   - datatype: The layout of one received element within `buffer`.
    ///   - count: The most `datatype` elements to receive.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    ///
    /// The corresponding MPI function is `MPI_Recv`.
    @inlinable
    @discardableResult
    public func receive<C: MutableCollection>(
        into buffer: inout C, as datatype: Datatype, count: Int = 1,
        from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> Status {
        try Environment.checkActive()
        let mpiCount = try checkLayout(datatype, count: count, over: buffer, receiving: true)
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var status = MPI_Status()
        let code = buffer.withContiguousMutableStorageIfAvailable { buffer in
            MPI_Recv(buffer.baseAddress, mpiCount, datatype.handle, source, tag, handle, &status)
        }
        guard let code else { throw nonContiguous(C.self) }
        try check(code)
        return Status(raw: status, datatype: Datatype.byte.handle)
    }

    /// Sends a message and receives one in a single call, each described by a derived datatype.
    ///
    /// Both counts are required: with two parameters labelled `count`, a default for the first would
    /// capture the second's argument.
    ///
    /// - Parameters:
    ///   - elements: The memory the send datatype describes.
    ///   - sendType: The layout of the outgoing data within `elements`.
    ///   - sendCount: The number of `sendType` elements to send.
    ///   - destination: The rank to send to, or ``nullProcess``.
    ///   - sendTag: The tag of the outgoing message.
    ///   - buffer: The memory the receive datatype describes.
    ///   - receiveType: The layout of the incoming data within `buffer`.
    ///   - receiveCount: The most `receiveType` elements to receive.
    ///   - source: The rank to receive from, ``anySource`` or ``nullProcess``.
    ///   - receiveTag: The tag to match, or ``anyTag``.
    /// - Returns: The status of the receive; its ``Status/count`` is in bytes.
    /// - Throws: ``MPIError`` when a datatype reaches outside its buffer (class ``ErrorClass/buffer``), a
    ///   rank, tag or count is out of range, the incoming message is longer than the receive (class
    ///   ``ErrorClass/truncate``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Sendrecv`.
    @inlinable
    @discardableResult
    public func sendReceive<S: Collection, R: MutableCollection>(
        _ elements: S, as sendType: Datatype, count sendCount: Int, to destination: Int, sendTag: Int = 0,
        into buffer: inout R, as receiveType: Datatype, count receiveCount: Int,
        from source: Int, receiveTag: Int = anyTag
    ) throws(MPIError) -> Status {
        try Environment.checkActive()
        let sendCount = try checkLayout(sendType, count: sendCount, over: elements)
        let receiveCount = try checkLayout(receiveType, count: receiveCount, over: buffer, receiving: true)
        let destination = try checkRank(destination)
        let source = try checkRank(source, allowWildcard: true)
        let sendTag = try checkTag(sendTag)
        let receiveTag = try checkTag(receiveTag, allowWildcard: true)
        var status = MPI_Status()
        let code = elements.withContiguousStorageIfAvailable { sendBuffer in
            buffer.withContiguousMutableStorageIfAvailable { receiveBuffer in
                MPI_Sendrecv(
                    sendBuffer.baseAddress, sendCount, sendType.handle, destination, sendTag,
                    receiveBuffer.baseAddress, receiveCount, receiveType.handle, source, receiveTag, handle, &status)
            }
        }
        guard let outer = code else { throw nonContiguous(S.self) }
        guard let code = outer else { throw nonContiguous(R.self) }
        try check(code)
        return Status(raw: status, datatype: Datatype.byte.handle)
    }

    /// Starts sending `count` elements of a derived datatype laid over a buffer, and returns at once.
    ///
    /// The request owns `elements` and keeps `datatype` alive until it completes; ``Request/wait()-4v2ab``
    /// hands the buffer back, with a status that counts in bytes.
    ///
    /// - Parameters:
    ///   - elements: The memory the datatype describes; the request owns it until it completes.
    ///   - datatype: The layout of one element within `elements`.
    ///   - count: The number of `datatype` elements to send.
    ///   - destination: The receiving rank, or ``nullProcess``.
    ///   - tag: A non-negative tag the receiver can match on.
    ///   - mode: ``SendMode/standard`` (the default), ``SendMode/synchronous`` or ``SendMode/ready``.
    /// - Returns: The request, which owns `elements` and `datatype` until it completes.
    /// - Throws: ``MPIError`` when the datatype reaches outside `elements` (class ``ErrorClass/buffer``),
    ///   `destination`, `tag` or `count` is out of range, or MPI reports an error; nothing is then sent.
    ///
    /// The corresponding MPI functions are `MPI_Isend`, `MPI_Issend` and `MPI_Irsend`.
    @inlinable
    public func isend<B: RequestBuffer>(
        _ elements: consuming B, as datatype: Datatype, count: Int = 1,
        to destination: Int, tag: Int = 0, mode: SendMode = .standard
    ) throws(MPIError) -> Request<B> {
        try Environment.checkActive()
        let mpiCount = try checkLayout(datatype, count: count, over: elements)
        let destination = try checkRank(destination)
        let tag = try checkTag(tag)
        var request = cmpi_request_null()
        // The pointer outlives the closure: sound because the request holds `elements`, whose storage
        // stays put while it is held and not mutated.
        let code = elements.withContiguousStorageIfAvailable { buffer in
            isendFunction(mode)(buffer.baseAddress, mpiCount, datatype.handle, destination, tag, handle, &request)
        }
        guard let code else { throw nonContiguous(B.self) }
        try check(code)
        return Request(handle: request, buffer: elements, datatype: Datatype.byte.handle, keepAlive: datatype)
    }

    /// Starts receiving `count` elements of a derived datatype into a buffer, and returns at once.
    ///
    /// The request owns the buffer and keeps `datatype` alive until it completes; ``Request/wait()-4v2ab`` hands
    /// the buffer back holding the message, with a status that counts in bytes. Pass the buffer with
    /// `consume` to avoid a copy when the caller's storage is shared.
    ///
    /// - Parameters:
    ///   - buffer: The memory the datatype describes; the request owns it until it completes.
    ///   - datatype: The layout of one received element within `buffer`.
    ///   - count: The most `datatype` elements to receive.
    ///   - source: The sending rank, ``anySource`` or ``nullProcess``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The request, which owns `buffer` and `datatype` until it completes.
    /// - Throws: ``MPIError`` when the datatype reaches outside `buffer` (class ``ErrorClass/buffer``),
    ///   `source`, `tag` or `count` is out of range, or MPI reports an error; nothing is then received.
    ///
    /// The corresponding MPI function is `MPI_Irecv`.
    @inlinable
    public func ireceive<B: RequestBuffer>(
        into buffer: consuming B, as datatype: Datatype, count: Int = 1,
        from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> Request<B> {
        try Environment.checkActive()
        let mpiCount = try checkLayout(datatype, count: count, over: buffer, receiving: true)
        let source = try checkRank(source, allowWildcard: true)
        let tag = try checkTag(tag, allowWildcard: true)
        var request = cmpi_request_null()
        var buffer = buffer
        // Making the storage unique happens here, before MPI gets the pointer; the request then holds
        // the only reference, so the storage neither moves nor changes under MPI.
        let code = buffer.withContiguousMutableStorageIfAvailable { storage in
            MPI_Irecv(storage.baseAddress, mpiCount, datatype.handle, source, tag, handle, &request)
        }
        guard let code else { throw nonContiguous(B.self) }
        try check(code)
        return Request(handle: request, buffer: buffer, datatype: Datatype.byte.handle, keepAlive: datatype)
    }
}

/// Checks that the elements of a buffer are trivial values and that `count` elements of `datatype` lie
/// inside its bytes, and converts the count for MPI. A datatype to receive into must not have
/// overlapping entries.
@inlinable
func checkLayout<C: Collection>(
    _ datatype: Datatype, count: Int, over buffer: C, receiving: Bool = false
) throws(MPIError) -> Int32 {
    guard _isPOD(C.Element.self) else {
        throw MPIError(.type, "\(C.Element.self) holds references or other non-trivial values; MPI can only move plain data")
    }
    let mpiCount = try mpiCount(count)
    try datatype.checkFits(count: count, inBufferOf: buffer.count * MemoryLayout<C.Element>.stride)
    if receiving && count > 0 { try datatype.checkNoOverlap() }
    return mpiCount
}
