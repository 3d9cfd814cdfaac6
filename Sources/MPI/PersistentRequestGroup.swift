public import CMPI

/// Persistent sends and receives on memory the caller manages, described by derived datatypes, started
/// and completed together without any allocation.
///
/// This is the building block of halo exchanges: set the plan up once, then ``startAll()`` and
/// ``waitAll()`` every iteration, which costs MPI's work only. It is unsafe in one respect, which its
/// name says: the memory behind every address must stay allocated, and must not be read (for receives)
/// or written (for sends) between ``startAll()`` and ``waitAll()``. Everything else — datatype lifetimes,
/// freeing the requests, waiting for active ones when the group goes away — it handles.
public struct UnsafePersistentRequestGroup: ~Copyable {
    @usableFromInline var handles: UnsafeMutablePointer<RequestHandle>
    @usableFromInline var count = 0
    @usableFromInline var isActive = false
    private var capacity: Int
    /// The derived datatypes the requests use, alive as long as the requests.
    private var datatypes: [Datatype] = []

    /// Creates an empty group with room for `capacity` requests before it grows.
    ///
    /// - Parameter capacity: How many requests to make room for; the group grows past it when needed.
    public init(capacity: Int = 8) {
        self.capacity = Swift.max(capacity, 1)
        handles = .allocate(capacity: self.capacity)
    }

    /// The number of requests in the group.
    public var requestCount: Int { count }

    /// Adds a persistent send of `count` elements of `datatype` starting at `address`.
    ///
    /// - Parameters:
    ///   - address: The first byte of the data; it must stay allocated, and unwritten while the request is
    ///     active.
    ///   - count: The number of `datatype` elements to send.
    ///   - datatype: The layout of one element; the group keeps it alive.
    ///   - destination: The receiving rank in `communicator`.
    ///   - tag: A non-negative tag.
    ///   - communicator: The communicator of the send.
    /// - Throws: ``MPIError`` when the group is active (class ``ErrorClass/request``), `count`, `destination`
    ///   or `tag` is out of range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Send_init`.
    public mutating func appendSend(
        from address: UnsafeRawPointer, count: Int, datatype: Datatype,
        to destination: Int, tag: Int, communicator: Communicator
    ) throws(MPIError) {
        try Environment.checkActive()
        let count = try mpiCount(count)
        let destination = try communicator.checkRank(destination)
        let tag = try communicator.checkTag(tag)
        try append(datatype) { request in
            MPI_Send_init(address, count, datatype.handle, destination, tag, communicator.handle, request)
        }
    }

    /// Adds a persistent receive of `count` elements of `datatype` into memory starting at `address`.
    ///
    /// - Parameters:
    ///   - address: The first byte of the storage; it must stay allocated, and unread while the request is
    ///     active.
    ///   - count: The number of `datatype` elements to receive.
    ///   - datatype: The layout of one element; the group keeps it alive.
    ///   - source: The sending rank in `communicator`.
    ///   - tag: A non-negative tag.
    ///   - communicator: The communicator of the receive.
    /// - Throws: ``MPIError`` when the group is active (class ``ErrorClass/request``), `count`, `source` or
    ///   `tag` is out of range, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Recv_init`.
    public mutating func appendReceive(
        into address: UnsafeMutableRawPointer, count: Int, datatype: Datatype,
        from source: Int, tag: Int, communicator: Communicator
    ) throws(MPIError) {
        try Environment.checkActive()
        let count = try mpiCount(count)
        let source = try communicator.checkRank(source, allowWildcard: true)
        let tag = try communicator.checkTag(tag, allowWildcard: true)
        try append(datatype) { request in
            MPI_Recv_init(address, count, datatype.handle, source, tag, communicator.handle, request)
        }
    }

    /// Starts every request of the group.
    ///
    /// - Throws: ``MPIError`` when the requests are already active (class ``ErrorClass/request``) or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Startall`.
    @inlinable
    public mutating func startAll() throws(MPIError) {
        guard !isActive else { throw MPIError(.request, "persistent request group started while still active") }
        try check(MPI_Startall(Int32(count), handles))
        isActive = true
    }

    /// Waits for every started request of the group; returns at once when none is active.
    ///
    /// - Throws: ``MPIError`` when an operation failed; every request is inactive afterwards.
    ///
    /// The corresponding MPI function is `MPI_Waitall`.
    @inlinable
    public mutating func waitAll() throws(MPIError) {
        guard isActive else { return }
        isActive = false
        try check(MPI_Waitall(Int32(count), handles, cmpi_statuses_ignore()))
    }

    private mutating func append(
        _ datatype: Datatype, _ create: (UnsafeMutablePointer<RequestHandle>) -> Int32
    ) throws(MPIError) {
        guard !isActive else { throw MPIError(.request, "cannot add to an active persistent request group") }
        if count == capacity {
            let grown = UnsafeMutablePointer<RequestHandle>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: handles, count: count)
            handles.deallocate()
            handles = grown
            capacity *= 2
        }
        (handles + count).initialize(to: cmpi_request_null())
        try check(create(handles + count))
        count += 1
        datatypes.append(datatype)
    }

    deinit {
        if Environment.isInitialized && !Environment.isFinalized {
            if isActive { MPI_Waitall(Int32(count), handles, cmpi_statuses_ignore()) }
            for index in 0..<count { MPI_Request_free(handles + index) }
        }
        handles.deinitialize(count: count)
        handles.deallocate()
    }
}
