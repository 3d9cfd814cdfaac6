import CMPI

/// The class of an MPI error, as returned by `MPI_Error_class`.
///
/// Error classes are portable across MPI implementations, unlike error codes. The named values cover every
/// class of MPI 3.1; an implementation may return others, which keep their raw value.
public struct ErrorClass: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric class, one of MPI's `MPI_ERR_*` constants.
    public let rawValue: Int32

    /// Creates an error class from its numeric value.
    ///
    /// - Parameter rawValue: One of MPI's `MPI_ERR_*` error classes.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Invalid buffer pointer (`MPI_ERR_BUFFER`).
    public static var buffer: ErrorClass { .init(rawValue: MPI_ERR_BUFFER) }
    /// Invalid count argument (`MPI_ERR_COUNT`).
    public static var count: ErrorClass { .init(rawValue: MPI_ERR_COUNT) }
    /// Invalid datatype (`MPI_ERR_TYPE`).
    public static var type: ErrorClass { .init(rawValue: MPI_ERR_TYPE) }
    /// Invalid tag (`MPI_ERR_TAG`).
    public static var tag: ErrorClass { .init(rawValue: MPI_ERR_TAG) }
    /// Invalid communicator (`MPI_ERR_COMM`).
    public static var communicator: ErrorClass { .init(rawValue: MPI_ERR_COMM) }
    /// Invalid rank (`MPI_ERR_RANK`).
    public static var rank: ErrorClass { .init(rawValue: MPI_ERR_RANK) }
    /// Invalid request (`MPI_ERR_REQUEST`).
    public static var request: ErrorClass { .init(rawValue: MPI_ERR_REQUEST) }
    /// Invalid root (`MPI_ERR_ROOT`).
    public static var root: ErrorClass { .init(rawValue: MPI_ERR_ROOT) }
    /// Invalid group (`MPI_ERR_GROUP`).
    public static var group: ErrorClass { .init(rawValue: MPI_ERR_GROUP) }
    /// Invalid operation (`MPI_ERR_OP`).
    public static var operation: ErrorClass { .init(rawValue: MPI_ERR_OP) }
    /// Invalid topology (`MPI_ERR_TOPOLOGY`).
    public static var topology: ErrorClass { .init(rawValue: MPI_ERR_TOPOLOGY) }
    /// Invalid dimension argument (`MPI_ERR_DIMS`).
    public static var dimensions: ErrorClass { .init(rawValue: MPI_ERR_DIMS) }
    /// Invalid argument of some other kind (`MPI_ERR_ARG`).
    public static var argument: ErrorClass { .init(rawValue: MPI_ERR_ARG) }
    /// Unknown error (`MPI_ERR_UNKNOWN`).
    public static var unknown: ErrorClass { .init(rawValue: MPI_ERR_UNKNOWN) }
    /// Message truncated on receive (`MPI_ERR_TRUNCATE`).
    public static var truncate: ErrorClass { .init(rawValue: MPI_ERR_TRUNCATE) }
    /// Known error not in this list (`MPI_ERR_OTHER`).
    public static var other: ErrorClass { .init(rawValue: MPI_ERR_OTHER) }
    /// Internal MPI (implementation) error (`MPI_ERR_INTERN`).
    public static var `internal`: ErrorClass { .init(rawValue: MPI_ERR_INTERN) }
    /// Error code is in the status (`MPI_ERR_IN_STATUS`).
    public static var inStatus: ErrorClass { .init(rawValue: MPI_ERR_IN_STATUS) }
    /// Pending request (`MPI_ERR_PENDING`).
    public static var pending: ErrorClass { .init(rawValue: MPI_ERR_PENDING) }
    /// Invalid key value (`MPI_ERR_KEYVAL`).
    public static var keyValue: ErrorClass { .init(rawValue: MPI_ERR_KEYVAL) }
    /// Memory exhausted (`MPI_ERR_NO_MEM`).
    public static var noMemory: ErrorClass { .init(rawValue: MPI_ERR_NO_MEM) }
    /// Invalid base passed to `MPI_Free_mem` (`MPI_ERR_BASE`).
    public static var base: ErrorClass { .init(rawValue: MPI_ERR_BASE) }
    /// Invalid info argument (`MPI_ERR_INFO`, `MPI_ERR_INFO_KEY`, `MPI_ERR_INFO_VALUE`, `MPI_ERR_INFO_NOKEY`).
    public static var info: ErrorClass { .init(rawValue: MPI_ERR_INFO) }
    /// Invalid file handle (`MPI_ERR_FILE`).
    public static var file: ErrorClass { .init(rawValue: MPI_ERR_FILE) }
    /// File does not exist (`MPI_ERR_NO_SUCH_FILE`).
    public static var noSuchFile: ErrorClass { .init(rawValue: MPI_ERR_NO_SUCH_FILE) }
    /// File exists (`MPI_ERR_FILE_EXISTS`).
    public static var fileExists: ErrorClass { .init(rawValue: MPI_ERR_FILE_EXISTS) }
    /// Permission denied (`MPI_ERR_ACCESS`).
    public static var access: ErrorClass { .init(rawValue: MPI_ERR_ACCESS) }
    /// Not enough space (`MPI_ERR_NO_SPACE`).
    public static var noSpace: ErrorClass { .init(rawValue: MPI_ERR_NO_SPACE) }
    /// Invalid file name (`MPI_ERR_BAD_FILE`).
    public static var badFile: ErrorClass { .init(rawValue: MPI_ERR_BAD_FILE) }
    /// Invalid access mode (`MPI_ERR_AMODE`).
    public static var accessMode: ErrorClass { .init(rawValue: MPI_ERR_AMODE) }
    /// Other I/O error (`MPI_ERR_IO`).
    public static var io: ErrorClass { .init(rawValue: MPI_ERR_IO) }
    /// Read-only file or file system (`MPI_ERR_READ_ONLY`).
    public static var readOnly: ErrorClass { .init(rawValue: MPI_ERR_READ_ONLY) }
    /// Invalid window (`MPI_ERR_WIN`).
    public static var window: ErrorClass { .init(rawValue: MPI_ERR_WIN) }
    /// Conflicting accesses to a window (`MPI_ERR_RMA_CONFLICT`).
    public static var rmaConflict: ErrorClass { .init(rawValue: MPI_ERR_RMA_CONFLICT) }
    /// Wrong synchronisation of RMA calls (`MPI_ERR_RMA_SYNC`).
    public static var rmaSync: ErrorClass { .init(rawValue: MPI_ERR_RMA_SYNC) }
    /// Target memory is not part of the window (`MPI_ERR_RMA_RANGE`).
    public static var rmaRange: ErrorClass { .init(rawValue: MPI_ERR_RMA_RANGE) }
    /// Operation not supported (`MPI_ERR_UNSUPPORTED_OPERATION`).
    public static var unsupportedOperation: ErrorClass { .init(rawValue: MPI_ERR_UNSUPPORTED_OPERATION) }

    /// The class's name without the `MPI_ERR_` prefix, in lower case (`"truncate"`, `"rank"`, …).
    public var description: String {
        switch self {
        case .buffer: "buffer"
        case .count: "count"
        case .type: "type"
        case .tag: "tag"
        case .communicator: "communicator"
        case .rank: "rank"
        case .request: "request"
        case .root: "root"
        case .group: "group"
        case .operation: "operation"
        case .topology: "topology"
        case .dimensions: "dimensions"
        case .argument: "argument"
        case .unknown: "unknown"
        case .truncate: "truncate"
        case .other: "other"
        case .internal: "internal"
        case .inStatus: "in status"
        case .pending: "pending"
        case .noMemory: "no memory"
        case .file: "file"
        case .noSuchFile: "no such file"
        case .fileExists: "file exists"
        case .access: "access"
        case .noSpace: "no space"
        case .io: "io"
        case .readOnly: "read only"
        case .window: "window"
        case .rmaConflict: "RMA conflict"
        case .rmaSync: "RMA synchronization"
        case .rmaRange: "RMA range"
        case .unsupportedOperation: "unsupported operation"
        case .keyValue: "key value"
        case .base: "base"
        case .info: "info"
        case .badFile: "bad file"
        case .accessMode: "access mode"
        default: "class \(rawValue)"
        }
    }
}
