import CMPI

// Collectives on `Codable` values: mpi4py's lowercase `bcast`, `gather`, `allgather`, `scatter`,
// `reduce` and `allreduce`. Each value is encoded with `BinaryEncoder`; the byte lengths travel first,
// then the bytes in one v-collective. A rank that cannot encode its value contributes the length -1, so
// that every rank that needs the value throws instead of waiting for bytes that will never come.

extension Communicator {
    /// Returns the root's value on every process.
    ///
    /// - Parameters:
    ///   - value: The value to share; read on the root only (other ranks may pass `nil`).
    ///   - root: The rank whose value is shared.
    /// - Throws: On every rank, when the root passes `nil` or cannot encode its value.
    /// - Returns: The root's value.
    ///
    /// The corresponding MPI function is `MPI_Bcast` (twice: length, then bytes).
    public func broadcastObject<T: Codable>(_ value: T?, root: Int) throws(MPIError) -> T {
        let isRoot = try rank == root
        var bytes: [UInt8] = []
        var failure: MPIError?
        if isRoot {
            if let value {
                do { bytes = try encodeObject(value) } catch { failure = error }
            } else {
                failure = MPIError(.argument, "broadcastObject: the root passed no value")
            }
        }
        let length = try broadcast(failure == nil ? bytes.count : -1, root: root)
        if let failure { throw failure }
        guard length >= 0 else { throw MPIError(.other, "broadcastObject: the root could not provide a value") }
        if !isRoot { bytes = [UInt8](repeating: 0, count: length) }
        try broadcast(&bytes, root: root)
        return try decodeObject(T.self, from: bytes, source: root)
    }

    /// Collects one value from every process on the root; returns them in rank order there, `nil`
    /// elsewhere.
    ///
    /// - Parameters:
    ///   - value: This process's value.
    ///   - root: The rank that collects the values.
    /// - Returns: Every process's value in rank order on the root, `nil` on the other processes.
    /// - Throws: ``MPIError`` on a process that cannot encode its value, and on the root when any value
    ///   cannot be encoded or decoded; or when MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Gather` (lengths) and `MPI_Gatherv` (bytes).
    public func gatherObjects<T: Codable>(_ value: T, root: Int) throws(MPIError) -> [T]? {
        let (bytes, failure) = encodeOrFail(value)
        let lengths = try gather(failure == nil ? bytes.count : -1, root: root)
        var gathered = [UInt8]()
        if let lengths {
            gathered = [UInt8](repeating: 0, count: lengths.reduce(0) { $0 + max($1, 0) })
        }
        try gatherv(bytes, into: &gathered, counts: lengths?.map { max($0, 0) } ?? [], root: root)
        if let failure { throw failure }
        guard let lengths else { return nil }
        return try decodeEach(T.self, lengths: lengths, from: gathered)
    }

    /// Returns one value from every process, in rank order, on every process.
    ///
    /// - Parameter value: This process's value.
    /// - Returns: Every process's value, in rank order.
    /// - Throws: ``MPIError`` on every process when a process cannot encode its value, when a value cannot be
    ///   decoded, or when MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Allgather` (lengths) and `MPI_Allgatherv` (bytes).
    public func allGatherObjects<T: Codable>(_ value: T) throws(MPIError) -> [T] {
        let (bytes, failure) = encodeOrFail(value)
        let lengths = try allGather(failure == nil ? bytes.count : -1)
        if let failure { throw failure }
        if let failed = lengths.firstIndex(of: -1) {
            throw MPIError(.other, "allGatherObjects: rank \(failed) could not encode its value")
        }
        var gathered = [UInt8](repeating: 0, count: lengths.reduce(0, +))
        try allGatherv(bytes, into: &gathered, counts: lengths)
        return try decodeEach(T.self, lengths: lengths, from: gathered)
    }

    /// Sends value `i` of the root's `values` to process `i` and returns the caller's value.
    ///
    /// - Parameters:
    ///   - values: One value per process; read on the root only (other ranks may pass `nil`).
    ///   - root: The rank whose `values` are distributed.
    /// - Returns: Value `rank` of the root's `values`.
    /// - Throws: ``MPIError`` on every process when the root's `values` is `nil` or does not hold one value
    ///   per process (class ``ErrorClass/count``) or a value fails to encode; on the receiving process when
    ///   its value fails to decode; or when MPI reports an error.
    ///
    /// The corresponding MPI functions are `MPI_Scatter` (lengths) and `MPI_Scatterv` (bytes).
    public func scatterObjects<T: Codable>(_ values: [T]?, root: Int) throws(MPIError) -> T {
        let size = try self.size
        var lengths = [Int](repeating: -1, count: size)
        var bytes = [UInt8]()
        var failure: MPIError?
        if try rank == root {
            if let values, values.count == size {
                do {
                    let encoded = try values.map { (value: T) throws(MPIError) in try encodeObject(value) }
                    lengths = encoded.map(\.count)
                    bytes = encoded.flatMap { $0 }
                } catch {
                    failure = error
                }
            } else {
                failure = MPIError(.count, "scatterObjects: the root needs one value per process (\(size))")
            }
        }
        let length = try scatter(lengths, root: root)
        if let failure { throw failure }
        guard length >= 0 else { throw MPIError(.other, "scatterObjects: the root could not provide the values") }
        var mine = [UInt8](repeating: 0, count: length)
        try scatterv(bytes, counts: lengths.map { max($0, 0) }, into: &mine, root: root)
        return try decodeObject(T.self, from: mine, source: root)
    }

    /// Combines one value from every process with `combine`, in rank order (a left fold), and returns
    /// the result on the root, `nil` elsewhere.
    ///
    /// - Parameters:
    ///   - value: This process's value.
    ///   - root: The rank that receives the result.
    ///   - combine: Combines an accumulated value with the next rank's value.
    /// - Returns: The left fold of every process's value on the root, `nil` on the other processes.
    /// - Throws: ``MPIError`` when a value cannot be encoded or decoded, `combine` throws on the root (class
    ///   ``ErrorClass/other``), or MPI reports an error.
    ///
    /// The corresponding MPI functions are those of ``gatherObjects(_:root:)``.
    public func reduceObjects<T: Codable>(
        _ value: T, root: Int, _ combine: (T, T) throws -> T
    ) throws(MPIError) -> T? {
        guard let values = try gatherObjects(value, root: root) else { return nil }
        return try fold(values, combine)
    }

    /// Combines one value from every process with `combine`, in rank order (a left fold), and returns
    /// the result on every process. Every process folds the same values in the same order, so all get
    /// bitwise the same result.
    ///
    /// - Parameters:
    ///   - value: This process's value.
    ///   - combine: Combines an accumulated value with the next rank's value.
    /// - Returns: The left fold of every process's value.
    /// - Throws: ``MPIError`` when a value cannot be encoded or decoded, `combine` throws (class
    ///   ``ErrorClass/other``), or MPI reports an error.
    ///
    /// The corresponding MPI functions are those of ``allGatherObjects(_:)``.
    public func allReduceObjects<T: Codable>(_ value: T, _ combine: (T, T) throws -> T) throws(MPIError) -> T {
        try fold(try allGatherObjects(value), combine)
    }

    private func encodeOrFail<T: Encodable>(_ value: T) -> (bytes: [UInt8], failure: MPIError?) {
        do {
            return (try encodeObject(value), nil)
        } catch {
            return ([], error)
        }
    }

    private func decodeEach<T: Decodable>(_ type: T.Type, lengths: [Int], from bytes: [UInt8]) throws(MPIError) -> [T] {
        if let failed = lengths.firstIndex(of: -1) {
            throw MPIError(.other, "rank \(failed) could not encode its value")
        }
        var values = [T]()
        values.reserveCapacity(lengths.count)
        var offset = 0
        for (rank, length) in lengths.enumerated() {
            values.append(try decodeObject(T.self, from: bytes[offset..<offset + length], source: rank))
            offset += length
        }
        return values
    }

    private func fold<T>(_ values: [T], _ combine: (T, T) throws -> T) throws(MPIError) -> T {
        do {
            return try values.dropFirst().reduce(values[0], combine)
        } catch let error as MPIError {
            throw error
        } catch {
            throw MPIError(.other, "object reduction closure failed: \(error)")
        }
    }
}
