/// A split of `count` items over `parts` parts in contiguous blocks, the remainder spread one each over
/// the first parts — the partition PETSc and ImplicitGlobalGrid use.
///
/// Part `p` owns `count / parts` items, plus one when `p < count % parts`. Every function is pure and O(1).
public struct BlockPartition: Sendable, Hashable {
    /// The number of items partitioned.
    public let count: Int
    /// The number of parts.
    public let parts: Int

    /// Creates a partition of `count` items over `parts` parts.
    ///
    /// - Precondition: `count >= 0` and `parts >= 1`.
    /// - Parameters:
    ///   - count: The number of items to split.
    ///   - parts: The number of parts.
    public init(count: Int, parts: Int) {
        precondition(count >= 0 && parts >= 1, "BlockPartition needs count >= 0 and parts >= 1")
        self.count = count
        self.parts = parts
    }

    /// The number of items of part `part`.
    ///
    /// - Parameter part: A part, `0 ..< parts`.
    /// - Returns: `count / parts`, plus one for the first `count % parts` parts.
    @inlinable
    public func size(of part: Int) -> Int {
        count / parts + (part < count % parts ? 1 : 0)
    }

    /// The first global index of part `part`.
    ///
    /// - Parameter part: A part, `0 ..< parts`.
    /// - Returns: The global index of the part's first item.
    @inlinable
    public func start(of part: Int) -> Int {
        part * (count / parts) + Swift.min(part, count % parts)
    }

    /// The global indices of part `part`.
    ///
    /// - Parameter part: A part, `0 ..< parts`.
    /// - Returns: `start(of: part) ..< start(of: part) + size(of: part)`.
    @inlinable
    public func range(of part: Int) -> Range<Int> {
        let start = start(of: part)
        return start..<start + size(of: part)
    }

    /// The part that owns global index `index`.
    ///
    /// - Parameter index: A global index, `0 ..< count`.
    /// - Returns: The part whose range contains `index`.
    @inlinable
    public func owner(of index: Int) -> Int {
        let base = count / parts
        let remainder = count % parts
        let boundary = remainder * (base + 1)
        return index < boundary ? index / (base + 1) : remainder + (index - boundary) / Swift.max(base, 1)
    }

    /// The index within its part of global index `index`.
    ///
    /// - Parameter index: A global index, `0 ..< count`.
    /// - Returns: The offset of `index` from the start of its owner's range.
    @inlinable
    public func localIndex(of index: Int) -> Int {
        index - start(of: owner(of: index))
    }

    /// The global index of item `local` of part `part`.
    ///
    /// - Parameters:
    ///   - local: An index within the part, `0 ..< size(of: part)`.
    ///   - part: A part, `0 ..< parts`.
    /// - Returns: `start(of: part) + local`.
    @inlinable
    public func globalIndex(of local: Int, in part: Int) -> Int {
        start(of: part) + local
    }
}
