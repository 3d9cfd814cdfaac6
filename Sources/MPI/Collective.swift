public import CMPI

// Collective communication (MPI 3.1, chapter 5).

extension Communicator {
    /// Blocks until every process of the communicator has called it.
    ///
    /// The corresponding MPI function is `MPI_Barrier`.
    @inlinable
    public func barrier() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Barrier(handle))
    }
}
