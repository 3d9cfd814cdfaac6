import MPI

// One file holding a whole distributed array, written and read collectively with MPI-IO: a small
// self-describing header, then the array in global row-major order. Readable back by any number of
// processes (for restart) and by any program that skips the header (e.g. numpy.fromfile(offset=64)).
//
// Header, 64 bytes, little-endian:
//   0   8  magic "SWMPIARR"
//   8   4  format version (1)
//  12   4  number of axes (2 or 3)
//  16   4  element size in bytes
//  20   4  element type code (1 Float64, 2 Float32, 3 Int64, 4 Int32, 5 Int16, 6 Int8, 7–10 UInt64…UInt8,
//          0 other)
//  24  24  cells along each axis, UInt64, slowest first (a third axis of a 2-D array is 1)
//  48  16  reserved, zero

/// The layout of a raw array file's header.
public enum RawArrayFile {
    /// The size of the header; the data starts at this offset.
    public static let headerSize = 64
    static let magic = Array("SWMPIARR".utf8)
    static let version: UInt32 = 1

    /// Encodes the header of an array of `extent` cells of `Element`.
    static func header<Element: MPIType>(_ type: Element.Type, extent: [Int]) -> [UInt8] {
        var bytes = magic
        append(version, to: &bytes)
        append(UInt32(extent.count), to: &bytes)
        append(UInt32(MemoryLayout<Element>.size), to: &bytes)
        append(ElementKind(Element.self).code, to: &bytes)
        for axis in 0..<3 { append(UInt64(axis < extent.count ? extent[axis] : 1), to: &bytes) }
        bytes += [UInt8](repeating: 0, count: headerSize - bytes.count)
        return bytes
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

extension DistributedArray {
    /// Writes the whole array to one file, every process writing its block in one call.
    ///
    /// Collective over the grid. An existing file is replaced.
    ///
    /// - Parameter path: The file to write; replaced if it exists.
    /// - Throws: ``/MPI/MPIError`` when the file cannot be created or written.
    ///
    /// The corresponding MPI functions are `MPI_File_open`, `MPI_File_set_view` and
    /// `MPI_File_write_at`.
    public func write(toRawFile path: String) throws(MPIError) {
        let file = try openTruncated(path)
        if grid.rank == 0 {
            try file.write(RawArrayFile.header(Element.self, extent: globalExtent), at: 0)
        }
        try writeBlock(to: file, at: RawArrayFile.headerSize)
        try closeForReaders(file)
    }

    /// Opens `path` for writing by every process and empties it.
    ///
    /// MPI does not order one process's truncation before another's writes: without the barrier, a rank
    /// still truncating could erase the header rank 0 has just written.
    func openTruncated(_ path: String) throws(MPIError) -> File {
        let file = try File.open(path, mode: [.create, .writeOnly], communicator: grid.communicator)
        try file.setSize(0)
        try grid.communicator.barrier()
        return file
    }

    /// Closes a file every process wrote, returning only once every process has closed it, so that any
    /// process may read the complete file as soon as the writing call returns.
    func closeForReaders(_ file: consuming File) throws(MPIError) {
        try file.close()
        try grid.communicator.barrier()
    }

    /// Reads the whole array from a file written by ``write(toRawFile:)``, by any number of processes.
    ///
    /// Ghost cells are left as they were.
    ///
    /// - Throws: ``/MPI/MPIError`` when the file is missing, its header does not describe this array's extent
    ///   and element type, or it is shorter than the header says — on every process alike.
    /// - Parameter path: A file written by ``write(toRawFile:)`` for an array of this extent and element
    ///   type.
    public func read(fromRawFile path: String) throws(MPIError) {
        let file = try File.open(path, mode: .readOnly, communicator: grid.communicator)
        let header = try file.read(count: RawArrayFile.headerSize, of: UInt8.self, at: 0)
        let expected = RawArrayFile.header(Element.self, extent: globalExtent)
        guard header.count == RawArrayFile.headerSize, header.starts(with: RawArrayFile.magic) else {
            throw MPIError(.badFile, "\(path) is not a raw array file (bad magic)")
        }
        guard header == expected else {
            throw MPIError(.badFile, "\(path) holds a different array: header \(header.prefix(48)) vs expected \(expected.prefix(48))")
        }
        let dataBytes = globalExtent.reduce(1, *) * MemoryLayout<Element>.size
        let size = try file.size
        guard size == RawArrayFile.headerSize + dataBytes else {
            throw MPIError(.badFile, "\(path) has \(size) bytes, expected \(RawArrayFile.headerSize + dataBytes)")
        }
        try readBlock(from: file, at: RawArrayFile.headerSize)
        try file.close()
    }

    /// Writes this process's block at its place in a global row-major array that starts at byte
    /// `displacement` of `file`. Collective (the view); the data goes with an independent write.
    ///
    /// Not `writeAll`: Open MPI 4.1's default collective-write algorithm (OMPIO's fcoll/vulcan,
    /// open-mpi/ompi#12718, fixed in later releases) now and then leaves a whole block of the file as
    /// zeros when processes are descheduled, as on oversubscribed cores: a C program doing
    /// `MPI_File_write_at_all` through this subarray view lost a block in about 3% of writes at 7 ranks
    /// on 2 cores, barriers around truncation and close or not, and none in 900 writes with
    /// `MPI_File_write_at`, with ROMIO, or with the other fcoll components.
    func writeBlock(to file: borrowing File, at displacement: Int) throws(MPIError) {
        try file.setView(displacement: displacement, elementType: Element.mpiDatatype,
                         fileType: try globalBlockDatatype(of: grid.rank))
        try file.write(packOwned(), at: 0)
    }

    /// Reads this process's block from a global row-major array that starts at byte `displacement`.
    /// Collective.
    func readBlock(from file: borrowing File, at displacement: Int) throws(MPIError) {
        try file.setView(displacement: displacement, elementType: Element.mpiDatatype,
                         fileType: try globalBlockDatatype(of: grid.rank))
        unpackOwned(try file.readAll(count: ownedExtent.reduce(1, *), of: Element.self, at: 0))
    }
}
