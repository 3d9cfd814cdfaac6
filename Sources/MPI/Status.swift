public import CMPI

/// What a receive or probe learned about a message: its source, its tag and its length.
public struct Status: @unchecked Sendable {
    // Unchecked: holds a datatype handle (a pointer in Open MPI), which is immutable and shareable.

    /// The MPI status, for passing to C code.
    public var raw: MPI_Status

    /// The datatype the message was received or probed with, used to count its elements.
    @usableFromInline
    let datatype: DatatypeHandle

    @inlinable
    init(raw: MPI_Status, datatype: DatatypeHandle) {
        self.raw = raw
        self.datatype = datatype
    }

    /// The rank that sent the message (`MPI_SOURCE`); ``Communicator/nullProcess`` for a receive from it.
    @inlinable
    public var source: Int { Int(raw.MPI_SOURCE) }

    /// The tag the message was sent with (`MPI_TAG`).
    @inlinable
    public var tag: Int { Int(raw.MPI_TAG) }

    /// The number of elements received, counted in the datatype of the receive or probe.
    ///
    /// The corresponding MPI function is `MPI_Get_count`.
    public var count: Int { count(in: datatype) }

    /// The number of elements of `type` the message holds: use it after a probe, before allocating.
    ///
    /// Returns `nil` when the message's size is not a whole number of elements.
    ///
    /// - Parameter type: The element type to count in.
    /// - Returns: The number of whole `type` elements, or `nil` when the message's size is not a multiple of
    ///   `type`'s size.
    ///
    /// The corresponding MPI function is `MPI_Get_count`.
    public func count<T: MPIType>(of type: T.Type) -> Int? {
        let count = self.count(in: T.mpiDatatype.handle)
        return count < 0 ? nil : count
    }

    private func count(in datatype: DatatypeHandle) -> Int {
        var status = raw
        var count: Int32 = 0
        guard MPI_Get_count(&status, datatype, &count) == MPI_SUCCESS, count != MPI_UNDEFINED else { return -1 }
        return Int(count)
    }

    /// Whether the operation was cancelled.
    ///
    /// The corresponding MPI function is `MPI_Test_cancelled`.
    public var isCancelled: Bool {
        var status = raw
        var flag: Int32 = 0
        MPI_Test_cancelled(&status, &flag)
        return flag != 0
    }
}
