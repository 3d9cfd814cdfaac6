import CMPI

// Process groups (MPI 3.1, sections 6.3 and 6.4.2): ordered sets of processes, built from a communicator's
// group by set operations, from which new communicators are created.

/// An ordered set of processes, each with a rank in the group from 0 to `size - 1`.
///
/// A group is a local object: building one never communicates. Use a communicator's ``Communicator/group()``
/// as the starting point, derive groups with ``including(_:)``, ``union(_:)`` and the other set operations,
/// and turn one into a communicator with ``Communicator/create(group:)`` or ``Communicator/create(group:tag:)``.
///
/// Copies share the same MPI group, which is freed with `MPI_Group_free` when the last copy goes away,
/// unless MPI has been finalised by then.
public struct Group: @unchecked Sendable {
    // Unchecked: `MPI_Group` is a pointer in Open MPI (not `Sendable`), but the handle is immutable and
    // groups are never modified after creation.

    /// The MPI handle, for passing to C or Fortran code.
    public let handle: GroupHandle

    /// Frees the handle when the last copy of this group goes away; `nil` for borrowed handles.
    let lifetime: GroupLifetime?

    /// Wraps a group handle that C or Fortran code owns; this library never frees it.
    ///
    /// - Parameter handle: A valid group handle, which must outlive every copy of this value.
    public init(borrowing handle: GroupHandle) {
        self.handle = handle
        self.lifetime = nil
    }

    /// Wraps a group handle and takes ownership: it is freed when the last copy goes away.
    ///
    /// - Parameter handle: A group handle the caller no longer frees.
    public init(adopting handle: GroupHandle) {
        self.handle = handle
        self.lifetime = GroupLifetime(handle)
    }

    /// The group with no processes (`MPI_GROUP_EMPTY`).
    public static var empty: Group { Group(borrowing: cmpi_group_empty()) }

    /// The number of processes in the group.
    ///
    /// The corresponding MPI function is `MPI_Group_size`.
    public var size: Int {
        get throws(MPIError) {
            try Environment.checkActive()
            var size: Int32 = 0
            try check(MPI_Group_size(handle, &size))
            return Int(size)
        }
    }

    /// The calling process's rank in the group, or `nil` when it is not a member.
    ///
    /// The corresponding MPI function is `MPI_Group_rank`.
    public var rank: Int? {
        get throws(MPIError) {
            try Environment.checkActive()
            var rank: Int32 = 0
            try check(MPI_Group_rank(handle, &rank))
            return rank == MPI_UNDEFINED ? nil : Int(rank)
        }
    }

    /// The group of the processes with the given ranks in this group, in that order: rank `i` of the new
    /// group is `ranks[i]` here.
    ///
    /// - Throws: An error of class ``ErrorClass/rank`` when a rank is outside the group or appears twice.
    /// - Parameter ranks: Ranks in this group, each at most once.
    /// - Returns: The new group.
    ///
    /// The corresponding MPI function is `MPI_Group_incl`.
    public func including(_ ranks: [Int]) throws(MPIError) -> Group {
        let ranks = try checkDistinctRanks(ranks)
        return try Group.make { (result: inout GroupHandle) throws(MPIError) in
            try check(MPI_Group_incl(handle, try mpiCount(ranks.count), ranks, &result))
        }
    }

    /// The group of the processes of this group other than those with the given ranks, in their order here.
    ///
    /// - Throws: An error of class ``ErrorClass/rank`` when a rank is outside the group or appears twice.
    /// - Parameter ranks: Ranks in this group, each at most once.
    /// - Returns: The new group.
    ///
    /// The corresponding MPI function is `MPI_Group_excl`.
    public func excluding(_ ranks: [Int]) throws(MPIError) -> Group {
        let ranks = try checkDistinctRanks(ranks)
        return try Group.make { (result: inout GroupHandle) throws(MPIError) in
            try check(MPI_Group_excl(handle, try mpiCount(ranks.count), ranks, &result))
        }
    }

    /// The processes of this group, in order, followed by those of `other` that are not in this group.
    ///
    /// - Parameter other: The group whose processes are added.
    /// - Returns: The union.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Group_union`.
    public func union(_ other: Group) throws(MPIError) -> Group {
        try Group.make { (result: inout GroupHandle) throws(MPIError) in
            try check(MPI_Group_union(handle, other.handle, &result))
        }
    }

    /// The processes of this group that are also in `other`, in their order here.
    ///
    /// - Parameter other: The group to intersect with.
    /// - Returns: The intersection.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Group_intersection`.
    public func intersection(_ other: Group) throws(MPIError) -> Group {
        try Group.make { (result: inout GroupHandle) throws(MPIError) in
            try check(MPI_Group_intersection(handle, other.handle, &result))
        }
    }

    /// The processes of this group that are not in `other`, in their order here.
    ///
    /// - Parameter other: The group whose processes are removed.
    /// - Returns: The difference.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Group_difference`.
    public func difference(_ other: Group) throws(MPIError) -> Group {
        try Group.make { (result: inout GroupHandle) throws(MPIError) in
            try check(MPI_Group_difference(handle, other.handle, &result))
        }
    }

    /// The ranks in `other` of the processes with the given ranks in this group.
    ///
    /// - Parameters:
    ///   - ranks: Ranks in this group; ``Communicator/nullProcess`` translates to itself.
    ///   - other: The group to translate to.
    /// - Returns: One entry per rank: the process's rank in `other`, or `nil` when it is not a member.
    /// - Throws: ``MPIError`` when a rank is outside this group (class ``ErrorClass/rank``) or MPI reports an
    ///   error.
    ///
    /// The corresponding MPI function is `MPI_Group_translate_ranks`.
    public func translateRanks(_ ranks: [Int], to other: Group) throws(MPIError) -> [Int?] {
        try Environment.checkActive()
        let size = try self.size
        let ranks32 = try ranks.map { (rank: Int) throws(MPIError) -> Int32 in
            guard (0..<size).contains(rank) || rank == Communicator.nullProcess else {
                throw MPIError(.rank, "rank \(rank) is not in a group of size \(size)")
            }
            return Int32(truncatingIfNeeded: rank)
        }
        var translated = [Int32](repeating: 0, count: ranks.count)
        try check(MPI_Group_translate_ranks(handle, try mpiCount(ranks.count), ranks32, other.handle, &translated))
        return translated.map { $0 == MPI_UNDEFINED ? nil : Int($0) }
    }

    /// How two groups relate.
    public enum Comparison: Sendable, Hashable {
        /// The same processes in the same order (`MPI_IDENT`).
        case identical
        /// The same processes in a different order (`MPI_SIMILAR`).
        case similar
        /// Different processes (`MPI_UNEQUAL`).
        case unequal
    }

    /// Compares this group with another.
    ///
    /// - Parameter other: The group to compare with.
    /// - Returns: ``Comparison/identical`` for the same processes in the same order, ``Comparison/similar``
    ///   for the same processes in another order, ``Comparison/unequal`` otherwise.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Group_compare`.
    public func compare(_ other: Group) throws(MPIError) -> Comparison {
        try Environment.checkActive()
        var result: Int32 = 0
        try check(MPI_Group_compare(handle, other.handle, &result))
        switch result {
        case Int32(MPI_IDENT): return .identical
        case Int32(MPI_SIMILAR): return .similar
        default: return .unequal
        }
    }

    /// Converts ranks of this group for `MPI_Group_incl`/`MPI_Group_excl`, which require each to be a
    /// member's rank and to appear once.
    private func checkDistinctRanks(_ ranks: [Int]) throws(MPIError) -> [Int32] {
        try Environment.checkActive()
        let size = try self.size
        var seen = Set<Int>()
        return try ranks.map { (rank: Int) throws(MPIError) -> Int32 in
            guard (0..<size).contains(rank) else {
                throw MPIError(.rank, "rank \(rank) is not in a group of size \(size)")
            }
            guard seen.insert(rank).inserted else {
                throw MPIError(.rank, "rank \(rank) appears more than once")
            }
            return Int32(truncatingIfNeeded: rank)
        }
    }

    /// Creates a group with `build` and takes ownership of it.
    static func make(_ build: (inout GroupHandle) throws(MPIError) -> Void) throws(MPIError) -> Group {
        try Environment.checkActive()
        var handle = cmpi_group_null()
        try build(&handle)
        return Group(adopting: handle)
    }
}

extension Communicator {
    /// The group of this communicator's processes, ranked as in the communicator.
    ///
    /// - Returns: The group, owned by the returned value.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_group`.
    public func group() throws(MPIError) -> Group {
        try Group.make { (result: inout GroupHandle) throws(MPIError) in
            try check(MPI_Comm_group(handle, &result))
        }
    }

    /// Creates a communicator of the processes of `group`, which must be a subset of this communicator's.
    ///
    /// Collective over this communicator: every process calls it with the same group, including those
    /// outside it.
    ///
    /// - Returns: The new communicator, or `nil` on processes outside `group`.
    /// - Parameter group: The processes of the new communicator, a subset of this communicator's; the same
    ///   group on every process.
    /// - Throws: ``MPIError`` when `group` is not a subset of this communicator's processes (class
    ///   ``ErrorClass/group``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_create`.
    public func create(group: Group) throws(MPIError) -> Communicator? {
        try Environment.checkActive()
        var newHandle = cmpi_comm_null()
        try check(MPI_Comm_create(handle, group.handle, &newHandle))
        return newHandle == cmpi_comm_null() ? nil : Communicator(adopting: newHandle)
    }

    /// Creates a communicator of the processes of `group`, calling on those processes only.
    ///
    /// Collective over `group` alone, so disjoint groups can create their communicators independently;
    /// `tag` tells apart concurrent creations that involve the same processes.
    ///
    /// - Returns: The new communicator, or `nil` on a process outside `group` (for which the call does not
    ///   communicate).
    /// - Parameters:
    ///   - group: The processes of the new communicator, a subset of this communicator's; the same group on
    ///     every process that calls.
    ///   - tag: A tag that tells apart concurrent creations on overlapping groups.
    /// - Throws: ``MPIError`` when `group` is not a subset of this communicator's processes (class
    ///   ``ErrorClass/group``), `tag` is negative, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Comm_create_group`.
    public func create(group: Group, tag: Int) throws(MPIError) -> Communicator? {
        try Environment.checkActive()
        let tag = try checkTag(tag)
        var newHandle = cmpi_comm_null()
        try check(MPI_Comm_create_group(handle, group.handle, tag, &newHandle))
        return newHandle == cmpi_comm_null() ? nil : Communicator(adopting: newHandle)
    }
}

/// Frees a group this library owns when the last `Group` copy referring to it goes away.
final class GroupLifetime: @unchecked Sendable {
    // Unchecked: the handle is immutable; `MPI_Group_free` runs once, from `deinit`.
    let handle: GroupHandle

    init(_ handle: GroupHandle) { self.handle = handle }

    deinit {
        // `MPI_GROUP_EMPTY` is predefined: MPI returns it for empty results and it is never freed here.
        guard handle != cmpi_group_empty(), handle != cmpi_group_null(),
              Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = self.handle
        MPI_Group_free(&handle)
    }
}
