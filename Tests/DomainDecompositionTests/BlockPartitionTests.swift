import DomainDecomposition
import Testing

/// Property tests of `BlockPartition` over every count 0...200 and every part count 1...17, plus a few
/// large and edge cases: the partition needs no MPI, so these run in the test process itself.
@Suite struct BlockPartitionTests {
    static let counts = Array(0...200)
    static let partCounts = Array(1...17)

    /// Every (count, parts) pair, so that one failing pair is reported once rather than thousands of times.
    static var allPairs: [(count: Int, parts: Int)] {
        counts.flatMap { count in partCounts.map { (count, $0) } }
    }

    /// The first property that fails for `partition`, or `nil`; checks every part and every index.
    static func violation(of partition: BlockPartition) -> String? {
        let (count, parts) = (partition.count, partition.parts)
        let sizes = (0..<parts).map(partition.size(of:))
        // Sizes sum to the count, differ by at most one, larger ones first, and the remainder goes one
        // each to the first parts.
        guard sizes.reduce(0, +) == count else { return "sizes \(sizes) do not sum to \(count)" }
        guard sizes.allSatisfy({ $0 == count / parts || $0 == count / parts + 1 }) else {
            return "sizes \(sizes) are not all \(count / parts) or \(count / parts + 1)"
        }
        guard zip(sizes, sizes.dropFirst()).allSatisfy({ $0 >= $1 }) else { return "sizes \(sizes) are not non-increasing" }
        guard sizes.filter({ $0 == count / parts + 1 }).count == count % parts || count % parts == 0 else {
            return "sizes \(sizes): \(count % parts) parts should hold one more item"
        }
        // Ranges are contiguous, disjoint, start at 0, end at count and have the parts' sizes.
        var next = 0
        for part in 0..<parts {
            let range = partition.range(of: part)
            guard range.lowerBound == next else { return "part \(part) starts at \(range.lowerBound), expected \(next)" }
            guard range.count == sizes[part], partition.start(of: part) == range.lowerBound else {
                return "part \(part): range \(range) disagrees with size \(sizes[part]) / start \(partition.start(of: part))"
            }
            next = range.upperBound
        }
        guard next == count else { return "the ranges end at \(next), not \(count)" }
        // Owner, local and global indices agree with the ranges and invert each other.
        for index in 0..<count {
            let owner = partition.owner(of: index)
            guard (0..<parts).contains(owner), partition.range(of: owner).contains(index) else {
                return "owner(of: \(index)) = \(owner), whose range \(partition.range(of: owner)) misses it"
            }
            let local = partition.localIndex(of: index)
            guard (0..<sizes[owner]).contains(local) else { return "localIndex(of: \(index)) = \(local) outside part \(owner)" }
            guard partition.globalIndex(of: local, in: owner) == index else {
                return "globalIndex(of: \(local), in: \(owner)) = \(partition.globalIndex(of: local, in: owner)), not \(index)"
            }
        }
        for part in 0..<parts {
            for local in 0..<sizes[part] {
                let global = partition.globalIndex(of: local, in: part)
                guard partition.owner(of: global) == part, partition.localIndex(of: global) == local else {
                    return "part \(part) local \(local) -> global \(global) -> (\(partition.owner(of: global)), \(partition.localIndex(of: global)))"
                }
            }
        }
        return nil
    }

    @Test func propertiesHoldForAllSmallCountsAndPartCounts() {
        var failures: [String] = []
        for (count, parts) in Self.allPairs {
            if let problem = Self.violation(of: BlockPartition(count: count, parts: parts)) {
                failures.append("count \(count), parts \(parts): \(problem)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failing pairs, first ones:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// More parts than items: the first `count` parts hold one item each, the rest none.
    @Test(arguments: [(0, 1), (0, 5), (3, 7), (1, 17), (16, 17)])
    func morePartsThanItems(count: Int, parts: Int) {
        let partition = BlockPartition(count: count, parts: parts)
        for part in 0..<parts {
            #expect(partition.size(of: part) == (part < count ? 1 : 0))
            #expect(partition.start(of: part) == Swift.min(part, count))
        }
        for index in 0..<count { #expect(partition.owner(of: index) == index) }
    }

    @Test func knownSplits() {
        let partition = BlockPartition(count: 37, parts: 4)   // 10, 9, 9, 9
        #expect((0..<4).map(partition.size(of:)) == [10, 9, 9, 9])
        #expect((0..<4).map(partition.range(of:)) == [0..<10, 10..<19, 19..<28, 28..<37])
        #expect([0, 9, 10, 18, 19, 27, 28, 36].map(partition.owner(of:)) == [0, 0, 1, 1, 2, 2, 3, 3])
        #expect(partition.localIndex(of: 19) == 0 && partition.localIndex(of: 36) == 8)
        let seven = BlockPartition(count: 23, parts: 7)        // 4, 4, 3, 3, 3, 3, 3
        #expect((0..<7).map(seven.size(of:)) == [4, 4, 3, 3, 3, 3, 3])
        #expect(seven.owner(of: 7) == 1 && seven.owner(of: 8) == 2 && seven.owner(of: 22) == 6)
    }

    /// Large counts: the O(1) formulas stay exact (no intermediate overflow or rounding) at the ends and
    /// around the boundary between the larger and the smaller parts.
    @Test(arguments: [(1 << 40, 7), ((1 << 40) + 5, 7), (1_000_000_007, 1_000), (4096, 3)])
    func largeCounts(count: Int, parts: Int) {
        let partition = BlockPartition(count: count, parts: parts)
        #expect((0..<parts).map(partition.size(of:)).reduce(0, +) == count)
        #expect(partition.range(of: parts - 1).upperBound == count)
        let boundary = (count % parts) * (count / parts + 1)
        for index in [0, 1, boundary - 1, boundary, boundary + 1, count - 2, count - 1] where (0..<count).contains(index) {
            let owner = partition.owner(of: index)
            #expect(partition.range(of: owner).contains(index), "index \(index), owner \(owner)")
            #expect(partition.globalIndex(of: partition.localIndex(of: index), in: owner) == index)
        }
    }

    @Test func isValueTypeWithEquality() {
        #expect(BlockPartition(count: 10, parts: 3) == BlockPartition(count: 10, parts: 3))
        #expect(BlockPartition(count: 10, parts: 3) != BlockPartition(count: 10, parts: 2))
        #expect(Set([BlockPartition(count: 1, parts: 1), BlockPartition(count: 1, parts: 1)]).count == 1)
    }
}
