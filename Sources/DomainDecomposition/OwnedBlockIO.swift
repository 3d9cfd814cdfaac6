import MPI

// The building blocks of raw and VTK output, public for file formats of their own: a solver's checkpoint
// writes its header, then the array with these, collectively, in global row-major order.

extension DistributedArray {
    /// Writes this process's owned cells at their place in a global row-major array that starts at byte
    /// `displacement` of `file`. Collective over the grid; leaves the file's view set to this process's
    /// block, so write any header (at byte offsets) before calling it.
    ///
    /// - Parameters:
    ///   - file: A file open on the grid's communicator.
    ///   - displacement: The byte offset of the global array's first element.
    /// - Throws: ``/MPI/MPIError`` when the view cannot be set or a write fails (for example class
    ///   ``/MPI/ErrorClass/noSpace``).
    ///
    /// The corresponding MPI functions are `MPI_File_set_view` and `MPI_File_write_at` (independent: see
    /// `writeBlock` for why not `MPI_File_write_at_all`).
    public func writeOwnedBlock(to file: borrowing File, atByteOffset displacement: Int) throws(MPIError) {
        try writeBlock(to: file, at: displacement)
    }

    /// Reads this process's owned cells from a global row-major array that starts at byte `displacement`
    /// of `file`, by any number of processes. Collective over the grid; ghost cells are left as they were.
    ///
    /// - Parameters:
    ///   - file: A file open on the grid's communicator.
    ///   - displacement: The byte offset of the global array's first element.
    /// - Throws: ``/MPI/MPIError`` when the view cannot be set or a read fails.
    ///
    /// The corresponding MPI functions are `MPI_File_set_view` and `MPI_File_read_at_all`.
    public func readOwnedBlock(from file: borrowing File, atByteOffset displacement: Int) throws(MPIError) {
        try readBlock(from: file, at: displacement)
    }
}
