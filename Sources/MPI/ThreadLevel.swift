import CMPI

/// The level of thread support a program asks MPI for, or MPI provides.
///
/// Levels are ordered: each allows everything the previous one does.
public struct ThreadLevel: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric level, one of MPI's `MPI_THREAD_*` constants.
    public let rawValue: Int32

    /// Creates a thread level from its numeric value.
    ///
    /// - Parameter rawValue: One of MPI's `MPI_THREAD_*` constants.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Only one thread will execute (`MPI_THREAD_SINGLE`).
    public static var single: ThreadLevel { .init(rawValue: Int32(MPI_THREAD_SINGLE)) }
    /// Only the thread that initialised MPI makes MPI calls (`MPI_THREAD_FUNNELED`).
    public static var funneled: ThreadLevel { .init(rawValue: Int32(MPI_THREAD_FUNNELED)) }
    /// Any thread may call MPI, but only one at a time (`MPI_THREAD_SERIALIZED`).
    public static var serialized: ThreadLevel { .init(rawValue: Int32(MPI_THREAD_SERIALIZED)) }
    /// Any thread may call MPI at any time (`MPI_THREAD_MULTIPLE`).
    public static var multiple: ThreadLevel { .init(rawValue: Int32(MPI_THREAD_MULTIPLE)) }

    /// Whether `lhs` allows less than `rhs` (``single`` < ``funneled`` < ``serialized`` < ``multiple``).
    ///
    /// - Parameters:
    ///   - lhs: A thread level.
    ///   - rhs: Another thread level.
    /// - Returns: Whether `lhs` is a lower level than `rhs`.
    public static func < (lhs: ThreadLevel, rhs: ThreadLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The level's name without the `MPI_THREAD_` prefix, in lower case (`"funneled"`, …).
    public var description: String {
        switch self {
        case .single: "single"
        case .funneled: "funneled"
        case .serialized: "serialized"
        case .multiple: "multiple"
        default: "level \(rawValue)"
        }
    }
}
