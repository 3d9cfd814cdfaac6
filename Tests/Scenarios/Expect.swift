import MPI

/// A check that failed on one rank. `Environment.run` prints it and aborts the whole job, so one failing
/// rank fails the launch even while the others wait in a collective.
struct ScenarioFailure: Error, CustomStringConvertible {
    /// The rank that failed; `nil` when MPI is not active, so the rank cannot be asked.
    let rank: Int?
    let message: String

    init(_ message: String) {
        self.rank = try? Communicator.world.rank
        self.message = message
    }

    var description: String { "check failed on rank \(rank.map(String.init) ?? "?"): \(message)" }
}

/// Throws a ``ScenarioFailure`` with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ScenarioFailure(message()) }
}

/// Runs `body`, which must throw an `MPIError`, and returns that error for further checks; any other
/// error propagates.
///
/// `body` is untyped-throwing because Swift does not infer a closure's typed `throws` from context.
@discardableResult
func expectError(_ message: @autoclosure () -> String, _ body: () throws -> Void) throws -> MPIError {
    do {
        try body()
    } catch let error as MPIError {
        return error
    }
    throw ScenarioFailure("\(message()): expected an MPIError, but nothing was thrown")
}

/// Runs `body`, which must throw an `MPIError` of class `expected`.
func expectError(
    _ expected: ErrorClass, _ message: @autoclosure () -> String, _ body: () throws -> Void
) throws {
    let error = try expectError(message(), body)
    try expect(error.errorClass == expected, "\(message()): expected an error of class \(expected), got \(error)")
}

/// Checks that every rank of `communicator` met an equal error (class, code and message): a failure that
/// one rank saw was made collective, not thrown on that rank alone.
func expectSameError(_ error: MPIError, on communicator: Communicator, _ context: @autoclosure () -> String) throws {
    let everyone = try communicator.allGatherObjects("\(error.errorClass.rawValue) \(error.code) \(error.message)")
    try expect(Set(everyone).count == 1, "\(context()): the ranks threw different errors: \(everyone)")
}
