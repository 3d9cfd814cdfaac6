public import CMPI

/// A reduction operation: how ``Communicator/reduce(_:into:_:root:)`` and friends combine values.
///
/// The predefined operations are static properties (``sum``, ``max``, ``minLocation``, …). A user-defined
/// operation is created from a Swift closure with ``init(of:commutative:_:)`` and freed (`MPI_Op_free`)
/// when the last copy goes away.
public struct Operation: @unchecked Sendable {
    // Unchecked: the handle is immutable, and a user operation's closure is required to be `Sendable`.

    /// The MPI handle, for passing to C or Fortran code.
    public let handle: OperationHandle

    /// The registration of a user-defined operation; `nil` for predefined ones.
    @usableFromInline
    let userOperation: UserOperation?

    @inlinable
    init(predefined handle: OperationHandle) {
        self.handle = handle
        self.userOperation = nil
    }

    /// Sum (`MPI_SUM`).
    @inlinable public static var sum: Operation { .init(predefined: cmpi_op_sum()) }
    /// Product (`MPI_PROD`).
    @inlinable public static var product: Operation { .init(predefined: cmpi_op_prod()) }
    /// Minimum (`MPI_MIN`).
    @inlinable public static var min: Operation { .init(predefined: cmpi_op_min()) }
    /// Maximum (`MPI_MAX`).
    @inlinable public static var max: Operation { .init(predefined: cmpi_op_max()) }
    /// Logical and of `Bool` or integers (`MPI_LAND`).
    @inlinable public static var logicalAnd: Operation { .init(predefined: cmpi_op_land()) }
    /// Logical or (`MPI_LOR`).
    @inlinable public static var logicalOr: Operation { .init(predefined: cmpi_op_lor()) }
    /// Logical exclusive or (`MPI_LXOR`).
    @inlinable public static var logicalXor: Operation { .init(predefined: cmpi_op_lxor()) }
    /// Bitwise and of integers (`MPI_BAND`).
    @inlinable public static var bitwiseAnd: Operation { .init(predefined: cmpi_op_band()) }
    /// Bitwise or (`MPI_BOR`).
    @inlinable public static var bitwiseOr: Operation { .init(predefined: cmpi_op_bor()) }
    /// Bitwise exclusive or (`MPI_BXOR`).
    @inlinable public static var bitwiseXor: Operation { .init(predefined: cmpi_op_bxor()) }
    /// Minimum value and the smallest index holding it, on ``ValueIndex`` pairs (`MPI_MINLOC`).
    @inlinable public static var minLocation: Operation { .init(predefined: cmpi_op_minloc()) }
    /// Maximum value and the smallest index holding it, on ``ValueIndex`` pairs (`MPI_MAXLOC`).
    @inlinable public static var maxLocation: Operation { .init(predefined: cmpi_op_maxloc()) }
    /// Keeps the incoming value: for one-sided accumulate (`MPI_REPLACE`).
    @inlinable public static var replace: Operation { .init(predefined: cmpi_op_replace()) }
    /// Leaves the target unchanged: for one-sided fetch operations (`MPI_NO_OP`).
    @inlinable public static var noOp: Operation { .init(predefined: cmpi_op_no_op()) }

    /// Creates a reduction operation from a closure that combines two values of `T`.
    ///
    /// MPI combines in rank order: the result is `combine(combine(x₀, x₁), x₂)…`, so a non-commutative
    /// closure gets the serial left fold. Declaring `commutative: true` lets MPI reorder the operands.
    ///
    /// At most ``userDefinedLimit`` user operations can be alive at once; creating one more throws
    /// instead of crashing. An operation is released when its last copy goes away.
    ///
    /// - Parameters:
    ///   - type: The element type the operation combines; using it with another type throws.
    ///   - commutative: Whether `combine(a, b) == combine(b, a)` for all values.
    ///   - combine: Returns the combination of an earlier-rank value and a later-rank value.
    /// - Throws: ``MPIError`` when ``userDefinedLimit`` user operations are already alive (class
    ///   ``ErrorClass/other``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Op_create`.
    public init<T: MPIType>(
        of type: T.Type, commutative: Bool, _ combine: @escaping @Sendable (T, T) -> T
    ) throws(MPIError) {
        try self.init(of: type, commutative: commutative) { incoming, accumulated in
            for index in accumulated.indices {
                accumulated[index] = combine(incoming[index], accumulated[index])
            }
        }
    }

    /// Creates a reduction operation from a closure that combines whole buffers, which is faster than
    /// one call per element: `accumulated[i] = incoming[i] ∘ accumulated[i]` for every `i`.
    ///
    /// - Parameters:
    ///   - type: The element type the operation combines; using it with another type throws.
    ///   - commutative: Whether the combination is the same in either order.
    ///   - combine: Combines the incoming buffer into the accumulated one, element by element.
    /// - Throws: ``MPIError`` when ``userDefinedLimit`` user operations are already alive (class
    ///   ``ErrorClass/other``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Op_create`.
    public init<T: MPIType>(
        of type: T.Type, commutative: Bool,
        combiningBuffers combine: @escaping @Sendable (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void
    ) throws(MPIError) {
        try Environment.checkActive()
        let operation = try UserOperation(datatype: T.mpiDatatype, commutative: commutative) { incoming, accumulated, count in
            combine(
                UnsafeBufferPointer(start: incoming.assumingMemoryBound(to: T.self), count: count),
                UnsafeMutableBufferPointer(start: accumulated.assumingMemoryBound(to: T.self), count: count))
        }
        self.handle = operation.handle
        self.userOperation = operation
    }

    /// How many user-defined operations can be alive at once.
    public static var userDefinedLimit: Int { UserOperation.capacity }

    /// Whether MPI may reorder the operands.
    ///
    /// - Returns: `true` when the operation is commutative; the predefined operations all are.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Op_commutative`.
    public func isCommutative() throws(MPIError) -> Bool {
        try Environment.checkActive()
        var flag: Int32 = 0
        try check(MPI_Op_commutative(handle, &flag))
        return flag != 0
    }

    /// Throws unless this operation can combine elements of `datatype`: a user operation is written for
    /// one Swift type and would misread any other.
    @inlinable
    func checkApplies(to datatype: DatatypeHandle) throws(MPIError) {
        if let userOperation, userOperation.datatype.handle != datatype {
            throw MPIError(.operation, "user-defined operation used with a datatype it was not created for")
        }
    }
}

/// A value paired with an index, for ``Operation/minLocation`` and ``Operation/maxLocation``.
///
/// The layouts match MPI's pair types: `ValueIndex<Double>` is `MPI_DOUBLE_INT`, `ValueIndex<Float>` is
/// `MPI_FLOAT_INT`, `ValueIndex<Int32>` is `MPI_2INT`, `ValueIndex<Int16>` is `MPI_SHORT_INT` and
/// `ValueIndex<Int>` is `MPI_LONG_INT`.
@frozen
public struct ValueIndex<Value: MPIType & Comparable>: MPIType {
    /// The value compared.
    public var value: Value
    /// The index reported with the extreme value, usually a rank or a position.
    public var index: Int32

    /// Pairs a value with an index.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - index: Its index, usually a rank or a position in a buffer.
    @inlinable
    public init(_ value: Value, index: Int32) {
        self.value = value
        self.index = index
    }

    /// The MPI pair datatype for `Value`.
    @inlinable
    public static var mpiDatatype: Datatype {
        if Value.self == Double.self { return Datatype(borrowing: cmpi_datatype_double_int()) }
        if Value.self == Float.self { return Datatype(borrowing: cmpi_datatype_float_int()) }
        if Value.self == Int32.self { return Datatype(borrowing: cmpi_datatype_2int()) }
        if Value.self == Int16.self { return Datatype(borrowing: cmpi_datatype_short_int()) }
        if Value.self == Int.self && MemoryLayout<Int>.size == MemoryLayout<CLong>.size {
            return Datatype(borrowing: cmpi_datatype_long_int())
        }
        preconditionFailure("ValueIndex<\(Value.self)> has no MPI pair datatype")
    }
}

extension ValueIndex: Equatable {}
extension ValueIndex: Sendable where Value: Sendable {}
