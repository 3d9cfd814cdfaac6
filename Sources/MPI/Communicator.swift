public import CMPI

/// A group of processes that communicate: the handle every point-to-point and collective call goes through.
///
/// A communicator is a small value (a handle and a reference that keeps a derived communicator alive).
/// Copies share the same MPI communicator; a communicator this library created (by ``duplicate()`` or
/// ``split(color:key:)``) or adopted is freed with `MPI_Comm_free` when its last copy goes away, unless MPI
/// has been finalised by then, so releasing one is safe at any time.
public struct Communicator: @unchecked Sendable {
    // Unchecked: `MPI_Comm` is a pointer in Open MPI (not `Sendable`), but the handle is immutable and
    // MPI communicators may be used from any thread the provided thread level allows.

    /// The MPI handle, for passing to C or Fortran code.
    public let handle: CommunicatorHandle

    /// Frees the handle when the last copy of this communicator goes away; `nil` for borrowed handles.
    @usableFromInline
    let lifetime: CommunicatorLifetime?

    @inlinable
    init(handle: CommunicatorHandle, lifetime: CommunicatorLifetime?) {
        self.handle = handle
        self.lifetime = lifetime
    }

    /// Wraps a communicator handle that C or Fortran code owns; this library never frees it.
    ///
    /// - Parameter handle: A valid communicator handle, which must outlive every copy of this value.
    public init(borrowing handle: CommunicatorHandle) {
        self.init(handle: handle, lifetime: nil)
    }

    /// Wraps a communicator handle and takes ownership: it is freed when the last copy goes away.
    ///
    /// - Parameter handle: A communicator handle the caller no longer frees.
    public init(adopting handle: CommunicatorHandle) {
        self.init(handle: handle, lifetime: CommunicatorLifetime(handle))
    }

    /// All processes of the job (`MPI_COMM_WORLD`).
    @inlinable
    public static var world: Communicator { Communicator(handle: cmpi_comm_world(), lifetime: nil) }

    /// Only the calling process (`MPI_COMM_SELF`).
    @inlinable
    public static var selfOnly: Communicator { Communicator(handle: cmpi_comm_self(), lifetime: nil) }

    /// A wildcard source rank that matches a message from any process (`MPI_ANY_SOURCE`).
    @inlinable
    public static var anySource: Int { Int(MPI_ANY_SOURCE) }

    /// A wildcard tag that matches a message with any tag (`MPI_ANY_TAG`).
    @inlinable
    public static var anyTag: Int { Int(MPI_ANY_TAG) }

    /// The null process: sending to or receiving from it succeeds at once and transfers nothing
    /// (`MPI_PROC_NULL`).
    @inlinable
    public static var nullProcess: Int { Int(MPI_PROC_NULL) }

    /// The largest tag value MPI guarantees on every communicator (at least 32767).
    ///
    /// - Returns: The value of the `MPI_TAG_UB` attribute of `MPI_COMM_WORLD`.
    /// - Throws: ``MPIError`` when MPI is not initialised, already finalised, or reports an error.
    ///
    /// The corresponding MPI attribute is `MPI_TAG_UB`.
    public static func tagUpperBound() throws(MPIError) -> Int {
        try Environment.checkActive()
        var value: UnsafeMutablePointer<Int32>? = nil
        var flag: Int32 = 0
        try check(MPI_Comm_get_attr(cmpi_comm_world(), Int32(MPI_TAG_UB), &value, &flag))
        return flag != 0 ? Int(value!.pointee) : 32767
    }

    /// The rank of the calling process in this communicator, from 0 to `size - 1`.
    ///
    /// The corresponding MPI function is `MPI_Comm_rank`.
    @inlinable
    public var rank: Int {
        get throws(MPIError) {
            try Environment.checkActive()
            var rank: Int32 = 0
            try check(MPI_Comm_rank(handle, &rank))
            return Int(rank)
        }
    }

    /// The number of processes in this communicator.
    ///
    /// The corresponding MPI function is `MPI_Comm_size`.
    @inlinable
    public var size: Int {
        get throws(MPIError) {
            try Environment.checkActive()
            var size: Int32 = 0
            try check(MPI_Comm_size(handle, &size))
            return Int(size)
        }
    }

    /// Creates a new communicator with the same processes and a separate message space.
    ///
    /// Libraries duplicate the communicator they are given so their messages never match the caller's.
    /// Collective: every process of this communicator must call it.
    ///
    /// - Returns: The new communicator, freed when its last copy goes away.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_dup`.
    public func duplicate() throws(MPIError) -> Communicator {
        try Environment.checkActive()
        var newHandle = cmpi_comm_null()
        try check(MPI_Comm_dup(handle, &newHandle))
        return Communicator(adopting: newHandle)
    }

    /// Partitions the processes into disjoint communicators, one per colour, ordered by key.
    ///
    /// Processes passing the same `color` end up in the same new communicator, ranked by `key` and then
    /// by their rank in this communicator. Collective.
    ///
    /// - Parameters:
    ///   - color: A non-negative colour, or `nil` to take part in no new communicator.
    ///   - key: Orders the ranks within the new communicator.
    /// - Returns: The calling process's new communicator, or `nil` when `color` is `nil`.
    /// - Throws: ``MPIError`` when `color` is negative or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_split`.
    public func split(color: Int?, key: Int = 0) throws(MPIError) -> Communicator? {
        try Environment.checkActive()
        let colorValue: Int32
        if let color {
            guard color >= 0, let value = Int32(exactly: color) else {
                throw MPIError(.argument, "split color must be a non-negative 32-bit integer, got \(color)")
            }
            colorValue = value
        } else {
            colorValue = MPI_UNDEFINED
        }
        var newHandle = cmpi_comm_null()
        try check(MPI_Comm_split(handle, colorValue, try mpiInt(key, "split key"), &newHandle))
        return newHandle == cmpi_comm_null() ? nil : Communicator(adopting: newHandle)
    }

    /// How two communicators relate.
    public enum Comparison: Sendable, Hashable {
        /// The same communicator (`MPI_IDENT`).
        case identical
        /// The same processes in the same order, but a different context (`MPI_CONGRUENT`).
        case congruent
        /// The same processes in a different order (`MPI_SIMILAR`).
        case similar
        /// Different processes (`MPI_UNEQUAL`).
        case unequal
    }

    /// Compares this communicator with another.
    ///
    /// - Parameter other: The communicator to compare with.
    /// - Returns: ``Comparison/identical`` for the same communicator, ``Comparison/congruent`` for the same
    ///   processes in the same order, ``Comparison/similar`` for the same processes in another order,
    ///   ``Comparison/unequal`` otherwise.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_compare`.
    public func compare(_ other: Communicator) throws(MPIError) -> Comparison {
        try Environment.checkActive()
        var result: Int32 = 0
        try check(MPI_Comm_compare(handle, other.handle, &result))
        switch result {
        case Int32(MPI_IDENT): return .identical
        case Int32(MPI_CONGRUENT): return .congruent
        case Int32(MPI_SIMILAR): return .similar
        default: return .unequal
        }
    }

    /// Throws an ``MPIError`` of class ``ErrorClass/rank`` unless `rank` names a process of this
    /// communicator (or is the null process).
    @inlinable
    func checkRank(_ rank: Int, allowWildcard: Bool = false) throws(MPIError) -> Int32 {
        if _fastPath(rank >= 0 && rank < Int(Int32.max)) {
            return Int32(truncatingIfNeeded: rank)
        }
        if rank == Communicator.nullProcess || (allowWildcard && rank == Communicator.anySource) {
            return Int32(truncatingIfNeeded: rank)
        }
        throw MPIError(.rank, "invalid rank \(rank)")
    }

    /// Converts a tag, which must be non-negative (or ``anyTag`` where receiving allows it).
    @inlinable
    func checkTag(_ tag: Int, allowWildcard: Bool = false) throws(MPIError) -> Int32 {
        if _fastPath(tag >= 0 && tag <= Int(Int32.max)) {
            return Int32(truncatingIfNeeded: tag)
        }
        if allowWildcard && tag == Communicator.anyTag { return Int32(truncatingIfNeeded: tag) }
        throw MPIError(.tag, "invalid tag \(tag): tags are non-negative")
    }
}

/// Frees a communicator this library owns when the last `Communicator` copy referring to it goes away.
@usableFromInline
final class CommunicatorLifetime: @unchecked Sendable {
    // Unchecked: the handle is immutable; `MPI_Comm_free` runs once, from `deinit`.
    let handle: CommunicatorHandle

    init(_ handle: CommunicatorHandle) { self.handle = handle }

    deinit {
        // Never call MPI after MPI_Finalize: a communicator released at exit simply goes with the process.
        guard Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = self.handle
        MPI_Comm_free(&handle)
    }
}

/// Converts an integer argument to MPI's `int`, throwing a clear error when it does not fit.
@inlinable
func mpiInt(_ value: Int, _ what: @autoclosure () -> String) throws(MPIError) -> Int32 {
    guard let converted = Int32(exactly: value) else {
        throw MPIError(.argument, "\(what()) \(value) does not fit in MPI's 32-bit int")
    }
    return converted
}

/// Converts an element count to MPI's `int`: negative counts and counts of 2³¹ or more throw.
@inlinable @inline(__always)
func mpiCount(_ count: Int) throws(MPIError) -> Int32 {
    if _fastPath(count >= 0 && count <= Int(Int32.max)) { return Int32(truncatingIfNeeded: count) }
    throw MPIError(.count, count < 0
        ? "negative count \(count)"
        : "count \(count) exceeds MPI's limit of 2^31 - 1 elements per message")
}

extension Communicator {
    /// Partitions the processes into communicators of processes that can share memory (one per node),
    /// ordered by key and then by their rank in this communicator. Collective.
    ///
    /// - Parameter key: Orders the ranks within each new communicator.
    /// - Returns: The communicator of the processes on the caller's node.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`.
    public func splitShared(key: Int = 0) throws(MPIError) -> Communicator {
        try Environment.checkActive()
        var newHandle = cmpi_comm_null()
        try check(MPI_Comm_split_type(
            handle, Int32(MPI_COMM_TYPE_SHARED), try mpiInt(key, "split key"), cmpi_info_null(), &newHandle))
        return Communicator(adopting: newHandle)
    }
}
