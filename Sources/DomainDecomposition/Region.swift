/// A box of cells in owned-relative local coordinates: cell 0 along each axis is the first owned cell,
/// ghost cells have negative coordinates or coordinates at or past the owned extent.
public struct Region: Sendable, Hashable {
    /// The first cell along each axis.
    public var lower: [Int]
    /// One past the last cell along each axis.
    public var upper: [Int]

    /// Creates the box `lower[a] ..< upper[a]` along each axis `a`.
    ///
    /// - Parameters:
    ///   - lower: The first cell along each axis.
    ///   - upper: One past the last cell along each axis.
    public init(lower: [Int], upper: [Int]) {
        precondition(lower.count == upper.count, "Region bounds need one entry per axis")
        self.lower = lower
        self.upper = upper
    }

    /// The number of cells along each axis.
    public var extent: [Int] { zip(lower, upper).map { Swift.max($1 - $0, 0) } }

    /// The number of cells in the box.
    public var cellCount: Int { extent.reduce(1, *) }

    /// Whether the box holds no cell.
    public var isEmpty: Bool { cellCount == 0 }
}
