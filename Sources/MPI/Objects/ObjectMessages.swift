import CMPI

// Point-to-point messages carrying any `Codable` value: the convenience level of mpi4py's lowercase
// `send`/`recv`. A value travels as ONE message of bytes in a compact binary encoding; the receiver
// learns its length with a matched probe, so concurrent senders to the same receiver never interleave.

extension Communicator {
    /// Sends any `Encodable` value as one message.
    ///
    /// The value is encoded with ``BinaryEncoder`` (compact, not self-describing): receive it with
    /// ``receiveObject(_:from:tag:)`` and the same type.
    ///
    /// - Parameters:
    ///   - value: The value to send.
    ///   - destination: The receiving rank.
    ///   - tag: A non-negative tag the receiver can match on.
    /// - Throws: ``MPIError`` when `value` cannot be encoded, `destination` or `tag` is out of range, or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Send` on the encoded bytes.
    public func sendObject<T: Encodable>(_ value: T, to destination: Int, tag: Int = 0) throws(MPIError) {
        try send(try encodeObject(value), to: destination, tag: tag)
    }

    /// Starts sending any `Encodable` value as one message and returns at once.
    ///
    /// The request owns the encoded bytes until it completes. Unlike ``sendObject(_:to:tag:)``, it
    /// cannot block until the receiver is ready, so a process may send to itself before it receives.
    ///
    /// - Parameters:
    ///   - value: The value to encode and send.
    ///   - destination: The receiving rank.
    ///   - tag: The message tag.
    /// - Returns: The request; wait on it before the program ends.
    /// - Throws: ``MPIError`` when `value` cannot be encoded, `destination` or `tag` is out of range, or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Isend` on the encoded bytes.
    public func isendObject<T: Encodable>(_ value: T, to destination: Int, tag: Int = 0) throws(MPIError)
        -> Request<[UInt8]>
    {
        try isend(try encodeObject(value), to: destination, tag: tag)
    }

    /// Receives a value sent with ``sendObject(_:to:tag:)`` or ``isendObject(_:to:tag:)``.
    ///
    /// - Throws: ``MPIError`` when the message cannot be decoded as `T` (class ``ErrorClass/type``).
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - source: The sending rank or ``anySource``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The value sent.
    ///
    /// The corresponding MPI functions are `MPI_Mprobe` and `MPI_Mrecv`.
    public func receiveObject<T: Decodable>(
        _ type: T.Type = T.self, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> T {
        try receiveObjectWithStatus(type, from: source, tag: tag).value
    }

    /// Receives a value sent with ``sendObject(_:to:tag:)`` together with the message's status, which
    /// tells its source and tag when receiving from ``anySource`` or with ``anyTag``.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - source: The sending rank or ``anySource``.
    ///   - tag: The tag to match, or ``anyTag``.
    /// - Returns: The value and the status of its message (source, tag, length in bytes).
    /// - Throws: ``MPIError`` when the message cannot be decoded as `T` (class ``ErrorClass/type``), `source`
    ///   or `tag` is out of range, or MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Mprobe` and `MPI_Mrecv`.
    public func receiveObjectWithStatus<T: Decodable>(
        _ type: T.Type = T.self, from source: Int = anySource, tag: Int = anyTag
    ) throws(MPIError) -> (value: T, status: Status) {
        let message = try mprobe(from: source, tag: tag)
        let status = message.status
        let value = try message.withReceivedBytes { bytes throws(MPIError) in
            try decodeObject(T.self, from: bytes, source: status.source)
        }
        return (value, status)
    }
}

/// Encodes a value for an object message, turning an encoding failure into an ``MPIError``.
func encodeObject<T: Encodable>(_ value: T) throws(MPIError) -> [UInt8] {
    do {
        return try BinaryEncoder().encode(value)
    } catch {
        throw MPIError(.argument, "cannot encode \(T.self) for an object message: \(error)")
    }
}

/// Decodes an object received into an array, turning a decoding failure into an ``MPIError``.
func decodeObject<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>, source: Int) throws(MPIError) -> T {
    let result = bytes.withContiguousStorageIfAvailable { buffer in
        Result { () throws(MPIError) -> T in
            try decodeObject(T.self, from: UnsafeRawBufferPointer(buffer), source: source)
        }
    }
    guard let result else { throw nonContiguous(Swift.type(of: bytes)) }
    return try result.get()
}

/// Decodes the bytes of an object message, turning a decoding failure into an ``MPIError``.
func decodeObject<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, source: Int) throws(MPIError) -> T {
    do {
        return try BinaryDecoder().decode(T.self, from: bytes)
    } catch {
        throw MPIError(.type, "cannot decode \(T.self) from the object message of rank \(source): \(error)")
    }
}
