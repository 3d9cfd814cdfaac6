@testable import ScalingStudy
import Testing

/// The weak-scaling size rule: every rank keeps the work of the one-rank problem.
@Suite struct WeakScalingRuleTests {
    /// Process grids as Open MPI's `MPI_Dims_create` forms them (array order, non-increasing).
    @Test(arguments: [
        (1, 2, [1, 1]), (2, 2, [2, 1]), (3, 2, [3, 1]), (4, 2, [2, 2]), (6, 2, [3, 2]), (7, 2, [7, 1]),
        (8, 2, [4, 2]), (12, 2, [4, 3]), (16, 2, [4, 4]), (24, 2, [6, 4]), (64, 2, [8, 8]),
        (2, 3, [2, 1, 1]), (8, 3, [2, 2, 2]), (12, 3, [3, 2, 2]), (16, 3, [4, 2, 2]), (36, 3, [4, 3, 3]),
        (64, 3, [4, 4, 4]),
    ])
    func balancedGridMatchesDimsCreate(ranks: Int, axes: Int, expected: [Int]) {
        #expect(ProcessGridShape.balanced(ranks: ranks, axes: axes) == expected)
    }

    @Test func heatGrowsTheAxisTheSolverSplitsFirst() {
        let base = ProblemSize.cells([1024, 512])                       // x, y
        #expect(base.scaled(to: 1, mode: .weak) == base)
        #expect(base.scaled(to: 2, mode: .weak) == .cells([1024, 1024]))  // 2 ranks split y
        #expect(base.scaled(to: 4, mode: .weak) == .cells([2048, 1024]))
        #expect(base.scaled(to: 6, mode: .weak) == .cells([2048, 1536]))  // 3 along y, 2 along x
        #expect(ProblemSize.cells([64, 64, 64]).scaled(to: 8, mode: .weak) == .cells([128, 128, 128]))
        #expect(ProblemSize.cells([64, 64, 32]).scaled(to: 2, mode: .weak) == .cells([64, 64, 64]))  // z first in 3-D
    }

    @Test(arguments: 1...64)
    func heatKeepsCellsPerRankExactly(ranks: Int) {
        for base in [ProblemSize.cells([300, 200]), .cells([40, 30, 20])] {
            let scaled = base.scaled(to: ranks, mode: .weak)
            #expect(scaled.workPerStep == base.workPerStep * Double(ranks))
            // Each rank's block is the base block: every axis is a whole multiple of it.
            guard case .cells(let grown) = scaled, case .cells(let cells) = base else { Issue.record("not cells"); return }
            #expect(zip(grown, cells).allSatisfy { $0 % $1 == 0 })
        }
    }

    @Test func nbodyGrowsAsTheSquareRootOfRanks() {
        let base = ProblemSize.bodies(4096)
        #expect(base.scaled(to: 1, mode: .weak) == base)
        #expect(base.scaled(to: 4, mode: .weak) == .bodies(8192))
        #expect(base.scaled(to: 2, mode: .weak) == .bodies(5793))          // 4096·√2 = 5792.6
        #expect(base.scaled(to: 64, mode: .weak) == .bodies(32768))
    }

    @Test(arguments: [1, 2, 3, 5, 7, 16, 63, 64])
    func nbodyKeepsInteractionsPerRankWithinRounding(ranks: Int) {
        let base = ProblemSize.bodies(1000)
        let perRank = base.scaled(to: ranks, mode: .weak).workPerStep / Double(ranks)
        // Rounding N by at most half a body changes N² by about N.
        #expect(abs(perRank / base.workPerStep - 1) < 2.0 / 1000)
    }

    @Test func strongScalingKeepsTheProblem() {
        for base in [ProblemSize.cells([100, 100]), .bodies(777)] {
            for ranks in [1, 2, 4, 64] { #expect(base.scaled(to: ranks, mode: .strong) == base) }
        }
    }

    @Test func sizesBecomeSolverOptions() {
        #expect(ProblemSize.cells([256, 128]).solverArguments == ["--dims", "2", "--nx", "256", "--ny", "128"])
        #expect(ProblemSize.cells([8, 4, 2]).solverArguments == ["--dims", "3", "--nx", "8", "--ny", "4", "--nz", "2"])
        #expect(ProblemSize.bodies(99).solverArguments == ["--bodies", "99"])
        #expect(ProblemSize.cells([256, 128]).description == "256×128 cells")
        #expect(ProblemSize.cells([256, 128]).field == "256x128")
    }
}
