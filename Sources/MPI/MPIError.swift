public import CMPI

/// An error reported by MPI, or a misuse of the MPI API caught before it reached MPI.
///
/// Every MPI return code is checked; a code other than `MPI_SUCCESS` becomes an `MPIError` carrying the
/// error class (`MPI_Error_class`) and MPI's own message (`MPI_Error_string`).
public struct MPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The MPI error class: the portable category of the error.
    public let errorClass: ErrorClass
    /// The implementation-specific error code that MPI returned; equal to the class for errors raised
    /// by the Swift layer.
    public let code: Int32
    /// A one-line human-readable message.
    public let message: String

    /// Creates an error of the given class with a message.
    ///
    /// - Parameters:
    ///   - errorClass: The MPI error class that best describes the problem.
    ///   - message: What went wrong, for a person to read.
    public init(_ errorClass: ErrorClass, _ message: String) {
        self.errorClass = errorClass
        self.code = errorClass.rawValue
        self.message = message
    }

    /// Recreates an error from its parts, as another process met it (see
    /// ``Communicator/broadcastError(_:root:)``), so that it compares equal to the original.
    init(_ errorClass: ErrorClass, code: Int32, message: String) {
        self.errorClass = errorClass
        self.code = code
        self.message = message
    }

    /// Creates an error from a code that an MPI function returned, asking MPI for its class and message.
    ///
    /// - Parameter code: A return code other than `MPI_SUCCESS`.
    ///
    /// The corresponding MPI functions are `MPI_Error_class` and `MPI_Error_string`.
    public init(code: Int32) {
        self.code = code
        var errorClass: Int32 = 0
        if MPI_Error_class(code, &errorClass) != MPI_SUCCESS { errorClass = MPI_ERR_UNKNOWN }
        self.errorClass = ErrorClass(rawValue: errorClass)
        var length: Int32 = 0
        let text = [CChar](unsafeUninitializedCapacity: Int(MPI_MAX_ERROR_STRING) + 1) { buffer, initialized in
            if MPI_Error_string(code, buffer.baseAddress, &length) != MPI_SUCCESS { length = 0 }
            buffer[Int(length)] = 0
            initialized = Int(length) + 1
        }
        self.message = length > 0
            ? text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            : "MPI error code \(code)"
    }

    /// The error class and MPI's message on one line, as printed when a program stops on the error.
    public var description: String { "MPI error (\(errorClass)): \(message)" }
}

/// Throws an ``MPIError`` when an MPI function returned anything but `MPI_SUCCESS`.
@inlinable @inline(__always)
func check(_ code: Int32) throws(MPIError) {
    if _slowPath(code != MPI_SUCCESS) { throw MPIError(code: code) }
}
