public import CMPI

// Parallel file I/O (MPI 3.1, chapter 13): files opened collectively, views that map each process's
// data onto its part of the file, and independent or collective reads and writes at explicit offsets.
//
// Buffers follow the rules of point-to-point communication: any collection with contiguous storage,
// read or written in place; a collection without contiguous storage is refused, never silently copied.

/// A file opened by every process of a communicator, for parallel reads and writes.
///
/// `File` is noncopyable: it owns the MPI file handle, and the file is closed exactly once, either by
/// ``close()`` or, when a `File` goes away still open, by its `deinit` (unless MPI has been finalised by
/// then). Closing is collective, so every process must let its `File` go at the same point of the
/// program; prefer an explicit ``close()``, which also reports errors.
///
/// Offsets of reads and writes count elementary types (etypes) of the current view, starting at the
/// view's displacement; with the default view (set by ``open(_:mode:communicator:)``) they count bytes.
/// Every error is thrown as an ``MPIError``: MPI's error handler on the file and on `MPI_FILE_NULL` (used
/// for errors of ``open(_:mode:communicator:)`` and ``delete(_:)``) is `MPI_ERRORS_RETURN`.
public struct File: ~Copyable {
    /// The MPI handle, for passing to C or Fortran code; `MPI_FILE_NULL` once closed.
    public private(set) var handle: MPIFileHandle

    /// The processes that opened the file.
    public let communicator: Communicator

    @usableFromInline
    init(handle: MPIFileHandle, communicator: Communicator) {
        self.handle = handle
        self.communicator = communicator
    }

    /// Opens a file collectively: every process of `communicator` must call it with the same `path`
    /// and `mode`.
    ///
    /// - Parameters:
    ///   - path: The file name; interpreted by MPI, which may accept prefixes such as `ufs:`.
    ///   - mode: The access mode; exactly one of ``AccessMode/readOnly``, ``AccessMode/writeOnly`` and
    ///     ``AccessMode/readWrite``, plus any other flags.
    ///   - communicator: The processes that share the file.
    /// - Returns: The open file, with the default view: bytes, starting at offset 0.
    /// - Throws: ``MPIError``, e.g. of class ``ErrorClass/noSuchFile`` when a file opened without
    ///   ``AccessMode/create`` does not exist, ``ErrorClass/fileExists`` for ``AccessMode/exclusive``,
    ///   ``ErrorClass/access`` when permission is denied, or ``ErrorClass/accessMode``.
    ///
    /// The corresponding MPI function is `MPI_File_open`.
    public static func open(
        _ path: String, mode: AccessMode, communicator: Communicator = .world
    ) throws(MPIError) -> File {
        try Environment.checkActive()
        try checkPath(path)
        // Errors of MPI_File_open go to the handler of MPI_FILE_NULL. MPI's default there is already
        // MPI_ERRORS_RETURN, but a host program may have changed it, and this API reports by throwing.
        try check(MPI_File_set_errhandler(cmpi_file_null(), cmpi_errors_return()))
        var handle = cmpi_file_null()
        try check(MPI_File_open(communicator.handle, path, mode.rawValue, cmpi_info_null(), &handle))
        let file = File(handle: handle, communicator: communicator)
        try check(MPI_File_set_errhandler(handle, cmpi_errors_return()))
        return file
    }

    /// Deletes a file that no process has open.
    ///
    /// Not collective: call it from one process (for example rank 0, followed by a barrier).
    ///
    /// - Throws: ``MPIError`` of class ``ErrorClass/noSuchFile`` when the file does not exist, or
    ///   ``ErrorClass/access`` / ``ErrorClass/io`` when it cannot be deleted.
    /// - Parameter path: The file to delete.
    ///
    /// The corresponding MPI function is `MPI_File_delete`.
    public static func delete(_ path: String) throws(MPIError) {
        try Environment.checkActive()
        try checkPath(path)
        try check(MPI_File_set_errhandler(cmpi_file_null(), cmpi_errors_return()))
        try check(MPI_File_delete(path, cmpi_info_null()))
    }

    /// Closes the file; collective over the communicator that opened it.
    ///
    /// A file opened with ``AccessMode/deleteOnClose`` is deleted. After a failed close the handle is
    /// abandoned rather than closed again.
    ///
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_close`.
    public consuming func close() throws(MPIError) {
        var handle = self.handle
        self.handle = cmpi_file_null()
        try Environment.checkActive()
        try check(MPI_File_close(&handle))
    }

    deinit {
        // Never call MPI after MPI_Finalize: a file still open at exit goes with the process.
        guard handle != cmpi_file_null(), Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = self.handle
        MPI_File_close(&handle)
    }

    // MARK: Views

    /// Sets which parts of the file this process sees, and in what units offsets count; collective.
    ///
    /// The view starts `displacement` bytes into the file and repeats `fileType` from there: this
    /// process sees only the elements `fileType` covers, and offsets of reads and writes count
    /// `elementType`s within them. A subarray file type (``Datatype/subarray(sizes:subsizes:starts:of:)``)
    /// gives each process its block of a global array, so it can write its local data as one contiguous
    /// buffer. The data representation is `"native"`: bytes in the file are exactly as in memory.
    ///
    /// - Parameters:
    ///   - displacement: The start of the view, in bytes from the beginning of the file.
    ///   - elementType: The unit of offsets and of data access (the etype), usually the element type.
    ///   - fileType: The pattern of visible elements, built from `elementType`; `nil` for every element.
    /// - Throws: ``MPIError`` when the datatypes do not fit each other (class ``ErrorClass/type``) or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_File_set_view`.
    public func setView(displacement: Int = 0, elementType: Datatype, fileType: Datatype? = nil) throws(MPIError) {
        try Environment.checkActive()
        guard displacement >= 0 else {
            throw MPIError(.argument, "negative view displacement \(displacement)")
        }
        try check(MPI_File_set_view(
            handle, MPI_Offset(displacement), elementType.handle, (fileType ?? elementType).handle,
            "native", cmpi_info_null()))
    }

    // MARK: Independent access at explicit offsets

    /// Writes the elements of a contiguous collection at an offset, independently of other processes.
    ///
    /// - Parameters:
    ///   - elements: The data; MPI reads its storage in place.
    ///   - offset: Where to write, in etypes of the current view (bytes by default).
    /// - Returns: The status; its ``Status/count`` is the number of elements written.
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_write_at`.
    @inlinable
    @discardableResult
    public func write<C: Collection>(_ elements: C, at offset: Int) throws(MPIError) -> Status
    where C.Element: MPIType {
        try transfer(elements, at: offset, using: MPI_File_write_at)
    }

    /// Reads elements at an offset into the storage of an existing collection, independently of other
    /// processes.
    ///
    /// Reads at most `buffer.count` elements; fewer arrive at the end of the file, and elements past
    /// them are left untouched.
    ///
    /// - Important: Reading into an `Array` whose storage is shared with another copy first copies it
    ///   (copy-on-write); keep the buffer uniquely referenced, or use ``read(count:of:at:)``.
    /// - Returns: The status; its ``Status/count`` is the number of elements read.
    /// - Parameters:
    ///   - buffer: Where the elements go; its length is the most that is read.
    ///   - offset: Where to read, in etypes of the current view (bytes by default).
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_read_at`.
    @inlinable
    @discardableResult
    public func read<C: MutableCollection>(into buffer: inout C, at offset: Int) throws(MPIError) -> Status
    where C.Element: MPIType {
        try transfer(into: &buffer, at: offset, using: MPI_File_read_at)
    }

    /// Reads at most `count` elements at an offset into a new array, sized to what was read (shorter
    /// at the end of the file), independently of other processes.
    ///
    /// - Parameters:
    ///   - count: The most elements to read.
    ///   - type: The element type.
    ///   - offset: Where to read, in etypes of the current view (bytes by default).
    /// - Returns: The elements read; shorter than `count` at the end of the file.
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_read_at`.
    @inlinable
    public func read<T: MPIType>(count: Int, of type: T.Type = T.self, at offset: Int) throws(MPIError) -> [T] {
        try transfer(count: count, at: offset, using: MPI_File_read_at)
    }

    // MARK: Collective access at explicit offsets

    /// Writes the elements of a contiguous collection at an offset, collectively: every process of the
    /// file's communicator calls it (with its own data and offset, possibly empty).
    ///
    /// Collective access lets MPI merge the processes' pieces into large contiguous file accesses
    /// (two-phase I/O), which is much faster than independent writes of interleaved pieces.
    ///
    /// - Returns: The status; its ``Status/count`` is the number of elements written.
    /// - Parameters:
    ///   - elements: This process's data; MPI reads its storage in place.
    ///   - offset: Where this process writes, in etypes of the current view (bytes by default).
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_write_at_all`.
    @inlinable
    @discardableResult
    public func writeAll<C: Collection>(_ elements: C, at offset: Int) throws(MPIError) -> Status
    where C.Element: MPIType {
        try transfer(elements, at: offset, using: MPI_File_write_at_all)
    }

    /// Reads elements at an offset into the storage of an existing collection, collectively.
    ///
    /// - Important: Keep an `Array` buffer uniquely referenced, or use ``readAll(count:of:at:)``.
    /// - Returns: The status; its ``Status/count`` is the number of elements read.
    /// - Parameters:
    ///   - buffer: Where the elements go; its length is the most that is read.
    ///   - offset: Where this process reads, in etypes of the current view (bytes by default).
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_read_at_all`.
    @inlinable
    @discardableResult
    public func readAll<C: MutableCollection>(into buffer: inout C, at offset: Int) throws(MPIError) -> Status
    where C.Element: MPIType {
        try transfer(into: &buffer, at: offset, using: MPI_File_read_at_all)
    }

    /// Reads at most `count` elements at an offset into a new array, sized to what was read,
    /// collectively.
    ///
    /// - Parameters:
    ///   - count: The most elements to read.
    ///   - type: The element type.
    ///   - offset: Where this process reads, in etypes of the current view (bytes by default).
    /// - Returns: The elements read; shorter than `count` at the end of the file.
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_read_at_all`.
    @inlinable
    public func readAll<T: MPIType>(count: Int, of type: T.Type = T.self, at offset: Int) throws(MPIError) -> [T] {
        try transfer(count: count, at: offset, using: MPI_File_read_at_all)
    }

    // MARK: Size and consistency

    /// The current size of the file in bytes.
    ///
    /// The corresponding MPI function is `MPI_File_get_size`.
    public var size: Int {
        get throws(MPIError) {
            try Environment.checkActive()
            var size: MPI_Offset = 0
            try check(MPI_File_get_size(handle, &size))
            return Int(size)
        }
    }

    /// Resizes the file to `size` bytes, truncating it or extending it; collective, with the same size
    /// on every process.
    ///
    /// Bytes added by extending read as zero on common file systems, but MPI leaves them undefined.
    ///
    /// - Parameter size: The new size in bytes; the same on every process.
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_set_size`.
    public func setSize(_ size: Int) throws(MPIError) {
        try Environment.checkActive()
        guard size >= 0 else { throw MPIError(.argument, "negative file size \(size)") }
        try check(MPI_File_set_size(handle, MPI_Offset(size)))
    }

    /// Ensures storage for the first `size` bytes of the file, extending it if needed and never
    /// shrinking it; collective, with the same size on every process.
    ///
    /// Ends with a barrier over ``communicator``. Open MPI 4.1's OMPIO lets each process decide on its
    /// own, from the file size it sees, whether `MPI_File_preallocate` takes part in a second broadcast;
    /// a process that left early and changed the size (with ``setSize(_:)``, say) could make a slower
    /// one decide differently and deadlock the job. The barrier keeps every process in this call until
    /// all have decided.
    ///
    /// - Parameter size: The number of bytes to make sure of; the same on every process.
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_preallocate`.
    public func preallocate(size: Int) throws(MPIError) {
        try Environment.checkActive()
        guard size >= 0 else { throw MPIError(.argument, "negative preallocation size \(size)") }
        try check(MPI_File_preallocate(handle, MPI_Offset(size)))
        try check(MPI_Barrier(communicator.handle))
    }

    /// Transfers the data this process wrote to the storage device, and makes writes by other processes
    /// that called it visible to this one; collective.
    ///
    /// Between a write on one process and a read of the same bytes on another, MPI's default
    /// (non-atomic) consistency needs `sync()` on both, a barrier, and `sync()` again — or closing and
    /// reopening the file.
    ///
    /// - Throws: ``MPIError`` when the file operation fails (classes such as ``ErrorClass/io``,
    ///   ``ErrorClass/access`` or ``ErrorClass/noSpace``), a buffer has no contiguous storage, or MPI reports
    ///   another error.
    ///
    /// The corresponding MPI function is `MPI_File_sync`.
    public func sync() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_File_sync(handle))
    }

    /// The access mode the file was opened with.
    ///
    /// The corresponding MPI function is `MPI_File_get_amode`.
    public var accessMode: AccessMode {
        get throws(MPIError) {
            try Environment.checkActive()
            var mode: Int32 = 0
            try check(MPI_File_get_amode(handle, &mode))
            return AccessMode(rawValue: mode)
        }
    }

    // MARK: Implementation

    /// Writes the storage of `elements` with one of MPI's explicit-offset write functions.
    @inlinable
    func transfer<C: Collection>(
        _ elements: C, at offset: Int, using function: FileWriteFunction
    ) throws(MPIError) -> Status where C.Element: MPIType {
        try Environment.checkActive()
        let offset = try File.checkOffset(offset)
        let count = try mpiCount(elements.count)
        let datatype = C.Element.mpiDatatype.handle
        let handle = self.handle
        var status = MPI_Status()
        try withReadableStorage(elements) { function(handle, offset, $0, count, datatype, &status) }
        return Status(raw: status, datatype: datatype)
    }

    /// Reads into the storage of `buffer` with one of MPI's explicit-offset read functions.
    @inlinable
    func transfer<C: MutableCollection>(
        into buffer: inout C, at offset: Int, using function: FileReadFunction
    ) throws(MPIError) -> Status where C.Element: MPIType {
        try Environment.checkActive()
        let offset = try File.checkOffset(offset)
        let count = try mpiCount(buffer.count)
        let datatype = C.Element.mpiDatatype.handle
        let handle = self.handle
        var status = MPI_Status()
        try withWritableStorage(&buffer) { function(handle, offset, $0, count, datatype, &status) }
        return Status(raw: status, datatype: datatype)
    }

    /// Reads at most `count` elements into a new array with one of MPI's explicit-offset read functions.
    @inlinable
    func transfer<T: MPIType>(
        count: Int, at offset: Int, using function: FileReadFunction
    ) throws(MPIError) -> [T] {
        try Environment.checkActive()
        let offset = try File.checkOffset(offset)
        let mpiCount = try mpiCount(count)
        let datatype = T.mpiDatatype.handle
        let handle = self.handle
        var code = MPI_SUCCESS
        let elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            var status = MPI_Status()
            code = function(handle, offset, UnsafeMutableRawPointer(buffer.baseAddress), mpiCount, datatype, &status)
            var read: Int32 = 0
            if code == MPI_SUCCESS { code = MPI_Get_count(&status, datatype, &read) }
            // A partial element at the end of the file counts as none (MPI_UNDEFINED).
            initialized = code == MPI_SUCCESS && read > 0 ? Int(read) : 0
        }
        try check(code)
        return elements
    }

    /// Converts an offset to `MPI_Offset`; negative offsets throw.
    @inlinable
    static func checkOffset(_ offset: Int) throws(MPIError) -> MPI_Offset {
        guard offset >= 0 else { throw MPIError(.argument, "negative file offset \(offset)") }
        return MPI_Offset(offset)
    }

    /// Throws unless `path` can be passed to C: a NUL character would silently cut it short.
    static func checkPath(_ path: String) throws(MPIError) {
        if path.utf8.contains(0) {
            throw MPIError(.badFile, "file name contains a NUL character: \(path.debugDescription)")
        }
    }
}

/// The shape of `MPI_File_write_at` and `MPI_File_write_at_all`.
@usableFromInline
typealias FileWriteFunction = @convention(c) (
    MPIFileHandle, MPI_Offset, UnsafeRawPointer?, Int32, DatatypeHandle, UnsafeMutablePointer<MPI_Status>?
) -> Int32

/// The shape of `MPI_File_read_at` and `MPI_File_read_at_all`.
@usableFromInline
typealias FileReadFunction = @convention(c) (
    MPIFileHandle, MPI_Offset, UnsafeMutableRawPointer?, Int32, DatatypeHandle, UnsafeMutablePointer<MPI_Status>?
) -> Int32
