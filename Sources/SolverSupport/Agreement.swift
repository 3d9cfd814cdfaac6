public import MPI

extension Communicator {
    /// Makes every rank fail together when the root failed: the root passes the error it met (or
    /// `nil`), and every rank then throws it as a ``ValidationError`` with the same message, or returns.
    ///
    /// Use it after work only the root does — reading an input file, writing a snapshot — so that the
    /// other ranks do not go on into a collective that the root will never join. Collective.
    ///
    /// - Parameters:
    ///   - rootError: On the root, the error its own work threw, if any; ignored on other ranks.
    ///   - root: The rank whose outcome counts.
    public func shareOutcome(_ rootError: (any Error)?, root: Int = 0) throws {
        let isRoot = try rank == root
        let message: [UInt8]? = isRoot ? rootError.map { Array(String(describing: $0).utf8) } : nil
        let length = try broadcast(Int64(message?.count ?? -1), root: root)
        guard length >= 0 else { return }
        var bytes = message ?? [UInt8](repeating: 0, count: Int(length))
        try broadcast(&bytes, root: root)
        throw ValidationError(String(decoding: bytes, as: UTF8.self))
    }
}
