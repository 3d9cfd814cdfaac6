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
        // MPI's broadcastError carries the message; only its text matters here, whatever the error's type.
        let shared = rootError.map { MPIError(.other, String(describing: $0)) }
        if let agreed = try broadcastError(shared, root: root) { throw ValidationError(agreed.message) }
    }
}
