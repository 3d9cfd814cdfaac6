// Turning a failure that one process sees into the same error on every process.
//
// A collective whose input is checked on one process only (the root's buffer, the values a root
// distributes, one rank's encoding of its object) must not let that process throw alone: the others
// would wait forever for data that never comes, or, worse, return normally with data that was never
// sent. The process that failed broadcasts its error, and every process throws it.

extension Communicator {
    /// Returns the error that `root` passes on every process, or `nil` on every process when it passes
    /// none: the way to make a failure that only one process can see collective.
    ///
    /// Call it after work that only the root does, such as validating an input only the root holds or
    /// reading a file, and before the collective that would use the result; then throw what it returns.
    /// Every process gets an equal ``MPIError``: the root's class, code and message.
    ///
    /// ```swift
    /// let problem = try world.rank == 0 ? validate(input) : nil
    /// if let error = try world.broadcastError(problem, root: 0) { throw error }
    /// ```
    ///
    /// It costs one broadcast of three integers when nothing failed, and a second one carrying the
    /// message when something did. Every process of the communicator must call it with the same `root`.
    ///
    /// - Parameters:
    ///   - rootError: On the root, the error its own work met, or `nil`; ignored on the other processes.
    ///   - root: The rank whose outcome counts.
    /// - Returns: The root's error, or `nil` when the root passed none.
    /// - Throws: ``MPIError`` when `root` is not a valid rank (class ``ErrorClass/rank``) or MPI reports an
    ///   error; the root's error itself is returned, not thrown.
    ///
    /// The corresponding MPI function is `MPI_Bcast` (the error's class, code and message length, then,
    /// after a failure, its message).
    public func broadcastError(_ rootError: MPIError?, root: Int) throws(MPIError) -> MPIError? {
        let isRoot = try rank == root
        let shared = isRoot ? rootError : nil
        let message = shared.map { Array($0.message.utf8) } ?? []
        // No MPI error class is 0 (MPI_SUCCESS), so class 0 says that the root passed no error.
        var header = [Int64(shared?.errorClass.rawValue ?? 0), Int64(shared?.code ?? 0), Int64(message.count)]
        try broadcast(&header, root: root)
        guard header[0] != 0 else { return nil }
        var bytes = isRoot ? message : [UInt8](repeating: 0, count: Int(header[2]))
        try broadcast(&bytes, root: root)
        return MPIError(ErrorClass(rawValue: Int32(header[0])), code: Int32(header[1]),
                        message: String(decoding: bytes, as: UTF8.self))
    }
}
