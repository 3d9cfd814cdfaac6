@testable import ScalingStudy
import Testing

/// Medians, spread, speed-up and efficiency.
@Suite struct ArithmeticTests {
    /// A run of `problem` whose stepping loop took `seconds`.
    static func run(_ problem: ProblemSize, ranks: Int, seconds: Double, steps: Int = 10,
                    phases: [PhaseCategory: Double] = [:]) -> RunMeasurement {
        RunMeasurement(ranks: ranks, problem: problem, processGrid: nil, steps: steps, loopSeconds: seconds,
                       wallSeconds: seconds + 0.5, phaseSeconds: phases)
    }

    static func point(_ problem: ProblemSize, ranks: Int, times: [Double], cores: Int = 2) -> ScalingPoint {
        ScalingPoint(ranks: ranks, runs: times.map { run(problem, ranks: ranks, seconds: $0) }, isOversubscribed: ranks > cores)
    }

    @Test func medianOfOddAndEvenCounts() {
        #expect(median([3]) == 3)
        #expect(median([5, 1, 3]) == 3)
        #expect(median([4, 1, 3, 2]) == 2.5)
    }

    @Test func pointTimeIsTheMedianWithItsSpread() {
        let point = Self.point(.bodies(100), ranks: 1, times: [2.0, 2.5, 1.5])
        #expect(point.medianSeconds == 2.0)
        #expect(point.minimumSeconds == 1.5)
        #expect(point.maximumSeconds == 2.5)
        #expect(point.spread == 0.5)
        #expect(point.medianWallSeconds == 2.5)
        #expect(point.workPerSecond == 100 * 100 * 10 / 2.0)
    }

    @Test func strongSpeedUpIsTheRatioOfTimes() {
        let problem = ProblemSize.cells([100, 100])
        let results = StudyResults(solver: .heat, mode: .strong, baseProblem: problem, steps: 10, cores: 8, points: [
            Self.point(problem, ranks: 4, times: [3.0]),
            Self.point(problem, ranks: 1, times: [10.0]),
            Self.point(problem, ranks: 2, times: [5.5]),
        ])
        #expect(results.points.map(\.ranks) == [1, 2, 4])
        #expect(results.points.map(\.speedUp) == [1, 10 / 5.5, 10 / 3.0])
        #expect(abs(results.points[2].efficiency - 10 / 3.0 / 4) < 1e-15)
        #expect(results.points[0].efficiency == 1)
    }

    @Test func speedUpStartsFromTheSmallestRankCount() {
        let problem = ProblemSize.bodies(1000)
        let results = StudyResults(solver: .nbody, mode: .strong, baseProblem: problem, steps: 10, cores: 64, points: [
            Self.point(problem, ranks: 2, times: [8.0]), Self.point(problem, ranks: 8, times: [2.5]),
        ])
        #expect(results.points.map(\.speedUp) == [2, 2 * 8.0 / 2.5])
        #expect(results.points.map(\.efficiency) == [1, 0.8])
    }

    /// Weak scaling with constant time is ideal: S = p, E = 1; speed-up follows work per second, so a
    /// problem rounded to whole bodies is compared by the work it really did.
    @Test func weakSpeedUpIsScaledByTheWork() {
        let base = ProblemSize.bodies(1000)
        let points = [1, 2, 4].map { ranks in
            Self.point(base.scaled(to: ranks, mode: .weak), ranks: ranks, times: [4.0 * base.scaled(to: ranks, mode: .weak).workPerStep / (Double(ranks) * base.workPerStep)])
        }
        let results = StudyResults(solver: .nbody, mode: .weak, baseProblem: base, steps: 10, cores: 4, points: points)
        for point in results.points {
            #expect(abs(point.speedUp - Double(point.ranks)) < 1e-12)
            #expect(abs(point.efficiency - 1) < 1e-12)
        }
        // Twice the time at 4 ranks halves the efficiency.
        let slow = StudyResults(solver: .heat, mode: .weak, baseProblem: .cells([10, 10]), steps: 10, cores: 4, points: [
            Self.point(.cells([10, 10]), ranks: 1, times: [1.0]), Self.point(.cells([20, 20]), ranks: 4, times: [2.0]),
        ])
        #expect(slow.points[1].speedUp == 2)
        #expect(slow.points[1].efficiency == 0.5)
    }

    @Test func phasesAreMediansAndShares() {
        let problem = ProblemSize.bodies(10)
        let runs = [(1.0, 0.2), (3.0, 0.4), (2.0, 0.6)].map { compute, communication in
            Self.run(problem, ranks: 2, seconds: 1, phases: [.compute: compute, .communication: communication, .other: 0])
        }
        let point = ScalingPoint(ranks: 2, runs: runs, isOversubscribed: false)
        #expect(point.phaseSeconds(.compute) == 2.0)
        #expect(point.phaseSeconds(.communication) == 0.4)
        #expect(point.phaseSeconds(.other) == 0)
        #expect(abs(point.communicationShare - 0.4 / 2.4) < 1e-15)
    }

    @Test func titlesSayWhatWasStudied() {
        func title(_ solver: SolverKind, _ mode: ScalingMode, _ problem: ProblemSize) -> String {
            StudyResults(solver: solver, mode: mode, baseProblem: problem, steps: 7, cores: 2, points: []).title
        }
        #expect(title(.heat, .strong, .cells([64, 32])) == "heat, strong scaling: 64×32 cells, 7 steps")
        #expect(title(.heat, .weak, .cells([64, 32])) == "heat, weak scaling: 64×32 cells per rank, 7 steps")
        #expect(title(.nbody, .weak, .bodies(512)) == "nbody, weak scaling: 512 bodies at 1 rank, N ∝ √p, 7 steps")
    }
}
