import CMPI

extension File {
    /// How a file is opened: the access flags of `MPI_File_open`, combined as a set.
    ///
    /// Exactly one of ``readOnly``, ``writeOnly`` and ``readWrite`` must be present. ``create`` and
    /// ``exclusive`` cannot be combined with ``readOnly``; MPI reports an invalid combination as an error
    /// of class ``ErrorClass/accessMode``.
    public struct AccessMode: OptionSet, Sendable, Hashable {
        /// MPI's `amode` bits.
        public let rawValue: Int32

        /// Creates an access mode from MPI's `amode` bits.
        ///
        /// - Parameter rawValue: A combination of `MPI_MODE_*` bits.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Open for reading only (`MPI_MODE_RDONLY`).
        public static var readOnly: AccessMode { .init(rawValue: Int32(MPI_MODE_RDONLY)) }
        /// Open for writing only (`MPI_MODE_WRONLY`).
        public static var writeOnly: AccessMode { .init(rawValue: Int32(MPI_MODE_WRONLY)) }
        /// Open for reading and writing (`MPI_MODE_RDWR`).
        public static var readWrite: AccessMode { .init(rawValue: Int32(MPI_MODE_RDWR)) }
        /// Create the file if it does not exist (`MPI_MODE_CREATE`).
        public static var create: AccessMode { .init(rawValue: Int32(MPI_MODE_CREATE)) }
        /// Fail when creating a file that already exists (`MPI_MODE_EXCL`).
        public static var exclusive: AccessMode { .init(rawValue: Int32(MPI_MODE_EXCL)) }
        /// Delete the file when it is closed (`MPI_MODE_DELETE_ON_CLOSE`).
        public static var deleteOnClose: AccessMode { .init(rawValue: Int32(MPI_MODE_DELETE_ON_CLOSE)) }
        /// Set the initial position of every file pointer to the end of the file (`MPI_MODE_APPEND`).
        public static var append: AccessMode { .init(rawValue: Int32(MPI_MODE_APPEND)) }
        /// A promise that no other program opens the file concurrently, which lets MPI skip some
        /// consistency work (`MPI_MODE_UNIQUE_OPEN`).
        public static var uniqueOpen: AccessMode { .init(rawValue: Int32(MPI_MODE_UNIQUE_OPEN)) }
    }
}
