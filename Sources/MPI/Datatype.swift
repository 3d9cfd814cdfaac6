public import CMPI

/// An MPI datatype handle: describes the layout of the elements a message carries.
///
/// The predefined datatypes are available as static properties (``double``, ``int32``, …). A Swift type
/// names its datatype by conforming to ``MPIType``. Derived datatypes are committed when created and
/// freed with `MPI_Type_free` when the last copy goes away (never after `MPI_Finalize`).
public struct Datatype: @unchecked Sendable {
    // Unchecked: the handle is immutable and MPI datatypes are shareable between threads.

    /// The MPI handle, for passing to C or Fortran code.
    public let handle: DatatypeHandle

    /// Frees a derived datatype when the last copy goes away; `nil` for predefined or borrowed ones.
    @usableFromInline
    let lifetime: DatatypeLifetime?

    /// Wraps a datatype handle that someone else owns and frees.
    ///
    /// - Parameter handle: A committed datatype handle that stays valid as long as this value is used.
    @inlinable
    public init(borrowing handle: DatatypeHandle) {
        self.handle = handle
        self.lifetime = nil
    }

    /// Wraps a committed datatype handle and takes ownership: it is freed when the last copy goes away.
    ///
    /// - Parameter handle: A committed datatype handle the caller no longer frees.
    public init(adopting handle: DatatypeHandle) {
        self.handle = handle
        self.lifetime = DatatypeLifetime(handle)
    }

    /// The size in bytes of the data one element of this datatype describes.
    ///
    /// - Returns: The bytes of data, without gaps or padding.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Type_size_x`, which, unlike `MPI_Type_size`, reports
    /// sizes of 2 GiB and more.
    public func size() throws(MPIError) -> Int {
        try Environment.checkActive()
        var size: MPI_Count = 0
        try check(MPI_Type_size_x(handle, &size))
        return Int(size)
    }

    /// Raw bytes (`MPI_BYTE`).
    @inlinable public static var byte: Datatype { .init(borrowing: cmpi_datatype_byte()) }
    /// `Int8` (`MPI_INT8_T`).
    @inlinable public static var int8: Datatype { .init(borrowing: cmpi_datatype_int8_t()) }
    /// `Int16` (`MPI_INT16_T`).
    @inlinable public static var int16: Datatype { .init(borrowing: cmpi_datatype_int16_t()) }
    /// `Int32` (`MPI_INT32_T`).
    @inlinable public static var int32: Datatype { .init(borrowing: cmpi_datatype_int32_t()) }
    /// `Int64` (`MPI_INT64_T`).
    @inlinable public static var int64: Datatype { .init(borrowing: cmpi_datatype_int64_t()) }
    /// `UInt8` (`MPI_UINT8_T`).
    @inlinable public static var uint8: Datatype { .init(borrowing: cmpi_datatype_uint8_t()) }
    /// `UInt16` (`MPI_UINT16_T`).
    @inlinable public static var uint16: Datatype { .init(borrowing: cmpi_datatype_uint16_t()) }
    /// `UInt32` (`MPI_UINT32_T`).
    @inlinable public static var uint32: Datatype { .init(borrowing: cmpi_datatype_uint32_t()) }
    /// `UInt64` (`MPI_UINT64_T`).
    @inlinable public static var uint64: Datatype { .init(borrowing: cmpi_datatype_uint64_t()) }
    /// `Float` (`MPI_FLOAT`).
    @inlinable public static var float: Datatype { .init(borrowing: cmpi_datatype_float()) }
    /// `Double` (`MPI_DOUBLE`).
    @inlinable public static var double: Datatype { .init(borrowing: cmpi_datatype_double()) }
    /// `Bool` (`MPI_C_BOOL`).
    @inlinable public static var bool: Datatype { .init(borrowing: cmpi_datatype_c_bool()) }
    /// `Complex<Float>` (`MPI_C_FLOAT_COMPLEX`).
    @inlinable public static var floatComplex: Datatype { .init(borrowing: cmpi_datatype_c_float_complex()) }
    /// `Complex<Double>` (`MPI_C_DOUBLE_COMPLEX`).
    @inlinable public static var doubleComplex: Datatype { .init(borrowing: cmpi_datatype_c_double_complex()) }
    /// C `char` (`MPI_CHAR`).
    @inlinable public static var char: Datatype { .init(borrowing: cmpi_datatype_char()) }
    /// C `int` (`MPI_INT`).
    @inlinable public static var int: Datatype { .init(borrowing: cmpi_datatype_int()) }
    /// C `long` (`MPI_LONG`).
    @inlinable public static var long: Datatype { .init(borrowing: cmpi_datatype_long()) }
    /// C `long long` (`MPI_LONG_LONG`).
    @inlinable public static var longLong: Datatype { .init(borrowing: cmpi_datatype_long_long()) }
    /// Packed data (`MPI_PACKED`).
    @inlinable public static var packed: Datatype { .init(borrowing: cmpi_datatype_packed()) }
}

/// A Swift type whose values MPI can transfer directly from memory, as elements of a typed buffer.
///
/// A conforming type must be trivial (no references, no resilient fields: what Swift calls
/// `BitwiseCopyable`), and its ``mpiDatatype`` must describe it exactly as Swift lays it out: the
/// datatype's extent equals `MemoryLayout<Self>.stride` and it touches only bytes inside
/// `MemoryLayout<Self>.size` (for the predefined types, `MPI_Type_size` equals `MemoryLayout.size`; a
/// padded struct's datatype skips the padding). The standard integer, floating-point and `Bool` types
/// conform, and so does `Complex` of `Float` or `Double`; ``Datatype/layout(of:_:)`` builds and checks the
/// datatype of a struct.
///
/// - Important: ``mpiDatatype`` must return the same committed datatype every time — a `static let` for
///   a derived datatype — because calls pass its handle to MPI without holding the `Datatype` value.
public protocol MPIType: SendableMetatype {
    /// The MPI datatype that describes one value of this type.
    static var mpiDatatype: Datatype { get }
}

/// `Int8` values travel as `MPI_INT8_T`.
extension Int8: MPIType { @inlinable public static var mpiDatatype: Datatype { .int8 } }
/// `Int16` values travel as `MPI_INT16_T`.
extension Int16: MPIType { @inlinable public static var mpiDatatype: Datatype { .int16 } }
/// `Int32` values travel as `MPI_INT32_T`.
extension Int32: MPIType { @inlinable public static var mpiDatatype: Datatype { .int32 } }
/// `Int64` values travel as `MPI_INT64_T`.
extension Int64: MPIType { @inlinable public static var mpiDatatype: Datatype { .int64 } }
/// `UInt8` values travel as `MPI_UINT8_T`.
extension UInt8: MPIType { @inlinable public static var mpiDatatype: Datatype { .uint8 } }
/// `UInt16` values travel as `MPI_UINT16_T`.
extension UInt16: MPIType { @inlinable public static var mpiDatatype: Datatype { .uint16 } }
/// `UInt32` values travel as `MPI_UINT32_T`.
extension UInt32: MPIType { @inlinable public static var mpiDatatype: Datatype { .uint32 } }
/// `UInt64` values travel as `MPI_UINT64_T`.
extension UInt64: MPIType { @inlinable public static var mpiDatatype: Datatype { .uint64 } }
/// `Float` values travel as `MPI_FLOAT`.
extension Float: MPIType { @inlinable public static var mpiDatatype: Datatype { .float } }
/// `Double` values travel as `MPI_DOUBLE`.
extension Double: MPIType { @inlinable public static var mpiDatatype: Datatype { .double } }
/// `Bool` values travel as `MPI_C_BOOL`.
extension Bool: MPIType { @inlinable public static var mpiDatatype: Datatype { .bool } }

/// `Int` values travel as MPI's fixed-width integer of the same size.
extension Int: MPIType {
    /// `MPI_INT64_T` on 64-bit platforms, `MPI_INT32_T` on 32-bit ones.
    @inlinable public static var mpiDatatype: Datatype {
        MemoryLayout<Int>.size == 8 ? .int64 : .int32
    }
}

/// `UInt` values travel as MPI's fixed-width unsigned integer of the same size.
extension UInt: MPIType {
    /// `MPI_UINT64_T` on 64-bit platforms, `MPI_UINT32_T` on 32-bit ones.
    @inlinable public static var mpiDatatype: Datatype {
        MemoryLayout<UInt>.size == 8 ? .uint64 : .uint32
    }
}

/// Frees a derived datatype this library owns when the last `Datatype` copy referring to it goes away.
@usableFromInline
final class DatatypeLifetime: @unchecked Sendable {
    // Unchecked: the handle is immutable; `MPI_Type_free` runs once, from `deinit`.
    let handle: DatatypeHandle

    init(_ handle: DatatypeHandle) { self.handle = handle }

    deinit {
        guard Environment.isInitialized, !Environment.isFinalized else { return }
        var handle = self.handle
        MPI_Type_free(&handle)
    }
}
