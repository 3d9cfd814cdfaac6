import CMPI

// Derived datatypes (MPI 3.1, section 4.1): layouts of strided, indexed and structured data, so that
// MPI moves a column, a block or a struct without the program packing it first.

extension Datatype {
    /// `count` consecutive copies of `element`.
    ///
    /// - Parameters:
    ///   - count: The number of copies.
    ///   - element: The type repeated.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when an argument is negative or out of MPI's range (classes
    ///   ``ErrorClass/count``, ``ErrorClass/argument``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_contiguous`.
    public static func contiguous(count: Int, of element: Datatype) throws(MPIError) -> Datatype {
        try commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_contiguous(try mpiCount(count), element.handle, &result))
        }
    }

    /// `count` blocks of `blockLength` elements, each block `stride` elements after the previous one:
    /// a column of a row-major matrix is `vector(count: rows, blockLength: 1, stride: columns, of: .double)`.
    ///
    /// - Parameters:
    ///   - count: The number of blocks.
    ///   - blockLength: The number of elements in each block.
    ///   - stride: The distance between the starts of consecutive blocks, in elements.
    ///   - element: The element type.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when an argument is negative or out of MPI's range (classes
    ///   ``ErrorClass/count``, ``ErrorClass/argument``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_vector`.
    public static func vector(
        count: Int, blockLength: Int, stride: Int, of element: Datatype
    ) throws(MPIError) -> Datatype {
        try commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_vector(
                try mpiCount(count), try mpiCount(blockLength), try mpiInt(stride, "vector stride"),
                element.handle, &result))
        }
    }

    /// Like ``vector(count:blockLength:stride:of:)`` with the stride in bytes.
    ///
    /// - Parameters:
    ///   - count: The number of blocks.
    ///   - blockLength: The number of elements in each block.
    ///   - byteStride: The distance between the starts of consecutive blocks, in bytes.
    ///   - element: The element type.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when an argument is negative or out of MPI's range (classes
    ///   ``ErrorClass/count``, ``ErrorClass/argument``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_create_hvector`.
    public static func hvector(
        count: Int, blockLength: Int, byteStride: Int, of element: Datatype
    ) throws(MPIError) -> Datatype {
        try commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_create_hvector(
                try mpiCount(count), try mpiCount(blockLength), MPI_Aint(byteStride), element.handle, &result))
        }
    }

    /// Blocks of elements at arbitrary displacements, both counted in elements.
    ///
    /// - Parameters:
    ///   - blockLengths: The number of elements in each block.
    ///   - displacements: Where each block starts, in elements; as many as `blockLengths`.
    ///   - element: The element type.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when an argument is negative or out of MPI's range (classes
    ///   ``ErrorClass/count``, ``ErrorClass/argument``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_indexed`.
    public static func indexed(
        blockLengths: [Int], displacements: [Int], of element: Datatype
    ) throws(MPIError) -> Datatype {
        guard blockLengths.count == displacements.count else {
            throw MPIError(.argument, "indexed: \(blockLengths.count) block lengths but \(displacements.count) displacements")
        }
        let lengths = try blockLengths.map { (length: Int) throws(MPIError) in try mpiCount(length) }
        let offsets = try displacements.map { (offset: Int) throws(MPIError) in try mpiInt(offset, "displacement") }
        return try commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_indexed(try mpiCount(lengths.count), lengths, offsets, element.handle, &result))
        }
    }

    /// A block of an n-dimensional array stored in C (row-major) order.
    ///
    /// - Parameters:
    ///   - sizes: The extent of the whole array along each dimension, slowest-varying first.
    ///   - subsizes: The extent of the block.
    ///   - starts: Where the block starts along each dimension.
    ///   - element: The array's element type.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when the arrays differ in length or the block does not fit in the array (class
    ///   ``ErrorClass/argument``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_create_subarray` with `MPI_ORDER_C`.
    public static func subarray(
        sizes: [Int], subsizes: [Int], starts: [Int], of element: Datatype
    ) throws(MPIError) -> Datatype {
        guard sizes.count == subsizes.count, sizes.count == starts.count, !sizes.isEmpty else {
            throw MPIError(.argument, "subarray: sizes, subsizes and starts must have the same non-zero length")
        }
        for axis in sizes.indices where subsizes[axis] < 1 || starts[axis] < 0 || starts[axis] + subsizes[axis] > sizes[axis] {
            throw MPIError(.argument,
                "subarray: block \(starts[axis])..<\(starts[axis] + subsizes[axis]) does not fit axis \(axis) of size \(sizes[axis])")
        }
        let sizes32 = try sizes.map { (value: Int) throws(MPIError) in try mpiCount(value) }
        let subsizes32 = try subsizes.map { (value: Int) throws(MPIError) in try mpiCount(value) }
        let starts32 = try starts.map { (value: Int) throws(MPIError) in try mpiCount(value) }
        return try commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_create_subarray(
                Int32(sizes32.count), sizes32, subsizes32, starts32, Int32(MPI_ORDER_C), element.handle, &result))
        }
    }

    /// Fields of possibly different types at byte offsets: the layout of a struct.
    ///
    /// Prefer ``layout(of:_:)``, which takes the offsets from `MemoryLayout` and checks them.
    ///
    /// - Parameters:
    ///   - blockLengths: The number of elements of each field.
    ///   - byteDisplacements: The byte offset of each field.
    ///   - types: The type of each field's elements.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when the three arrays differ in length (class ``ErrorClass/argument``) or MPI
    ///   reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_create_struct`.
    public static func structure(
        blockLengths: [Int], byteDisplacements: [Int], types: [Datatype]
    ) throws(MPIError) -> Datatype {
        guard blockLengths.count == byteDisplacements.count, blockLengths.count == types.count else {
            throw MPIError(.argument, "structure: block lengths, displacements and types must have the same length")
        }
        let lengths = try blockLengths.map { (length: Int) throws(MPIError) in try mpiCount(length) }
        let offsets = byteDisplacements.map { MPI_Aint($0) }
        var handles = types.map(\.handle)
        return try commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_create_struct(try mpiCount(lengths.count), lengths, offsets, &handles, &result))
        }
    }

    /// The same type map with a new lower bound and extent (the spacing of consecutive elements).
    ///
    /// - Parameters:
    ///   - lowerBound: The new lower bound, in bytes.
    ///   - extent: The new extent in bytes: the distance between consecutive elements.
    /// - Returns: The new committed datatype.
    /// - Throws: ``MPIError`` when an argument is negative or out of MPI's range (classes
    ///   ``ErrorClass/count``, ``ErrorClass/argument``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_create_resized`.
    public func resized(lowerBound: Int, extent: Int) throws(MPIError) -> Datatype {
        try Datatype.commit { (result: inout DatatypeHandle) throws(MPIError) in
            try check(MPI_Type_create_resized(handle, MPI_Aint(lowerBound), MPI_Aint(extent), &result))
        }
    }

    /// The lower bound and extent: where the type starts and how far apart consecutive elements are.
    ///
    /// - Returns: The lower bound and the extent, in bytes.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_get_extent`.
    public func extent() throws(MPIError) -> (lowerBound: Int, extent: Int) {
        try Environment.checkActive()
        var lowerBound: MPI_Aint = 0
        var extent: MPI_Aint = 0
        try check(MPI_Type_get_extent(handle, &lowerBound, &extent))
        return (Int(lowerBound), Int(extent))
    }

    /// The span from the first to the last byte the type actually touches.
    ///
    /// - Returns: The lower bound of the first byte touched and the span to the last one, in bytes.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_get_true_extent`.
    public func trueExtent() throws(MPIError) -> (lowerBound: Int, extent: Int) {
        try Environment.checkActive()
        var lowerBound: MPI_Aint = 0
        var extent: MPI_Aint = 0
        try check(MPI_Type_get_true_extent(handle, &lowerBound, &extent))
        return (Int(lowerBound), Int(extent))
    }

    /// Creates a datatype with `build`, commits it and takes ownership of it.
    static func commit(
        _ build: (inout DatatypeHandle) throws(MPIError) -> Void
    ) throws(MPIError) -> Datatype {
        try Environment.checkActive()
        var handle: DatatypeHandle = cmpi_datatype_null()
        try build(&handle)
        if let error = Result(catching: { () throws(MPIError) in try check(MPI_Type_commit(&handle)) }).failure {
            MPI_Type_free(&handle)
            throw error
        }
        return Datatype(adopting: handle)
    }

    /// Checks that `count` elements of this type, starting at the beginning of a buffer of `byteCount`
    /// bytes, touch only bytes inside it: MPI trusts the layout blindly, so a wrong one would read or
    /// write outside Swift's memory. A span too large to compute (a huge count of a huge extent)
    /// cannot fit any buffer either.
    @usableFromInline
    func checkFits(count: Int, inBufferOf byteCount: Int) throws(MPIError) {
        guard count > 0 else { return }
        let extent = try self.extent().extent
        let (trueLowerBound, trueExtent) = try self.trueExtent()
        let (stride, overflow) = (count - 1).multipliedReportingOverflow(by: extent)
        let (first, firstOverflow) = trueLowerBound.addingReportingOverflow(min(0, stride))
        let (end, endOverflow) = trueLowerBound.addingReportingOverflow(trueExtent)
        let (last, lastOverflow) = end.addingReportingOverflow(max(0, stride))
        guard !overflow, !firstOverflow, !endOverflow, !lastOverflow else {
            throw MPIError(.buffer, "\(count) elements of a datatype with an extent of \(extent) bytes span more bytes than memory has")
        }
        guard first >= 0, last <= byteCount else {
            throw MPIError(.buffer,
                "\(count) element(s) of this datatype span bytes \(first)..<\(last), outside the \(byteCount)-byte buffer")
        }
    }
}

extension Datatype {
    /// Throws unless the entries of one element of this datatype are disjoint, as far as its size and
    /// true extent can tell: more bytes of data than the span they lie in must overlap. Receiving into
    /// overlapping entries is erroneous in MPI (3.1, section 4.1.1), and such a type can describe far
    /// more data than its span — a vector of 2³¹ blocks with stride 0 spans 16 bytes and holds 32 GiB.
    @usableFromInline
    func checkNoOverlap() throws(MPIError) {
        let size = try self.size()
        let trueExtent = try self.trueExtent().extent
        guard size <= trueExtent else {
            throw MPIError(.type, "this datatype's entries overlap (\(size) bytes of data within \(trueExtent) bytes); "
                + "MPI cannot receive into it")
        }
    }
}

extension Result {
    /// The error of a failed result, or `nil`.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
