import Foundation
@testable import ScalingStudy
import SolverSupport
import Testing

/// CSV and Markdown rendering, and how oversubscribed points are marked in them.
@Suite struct ReportTests {
    /// A heat study at 1, 2 and 4 ranks on 2 cores, two runs per point.
    static let report: StudyReport = {
        let problem = ProblemSize.cells([64, 32])
        let phases: [PhaseCategory: Double] = [.compute: 0.5, .communication: 0.25, .other: 0.25]
        let points = [(1, [1.0, 1.2], [1, 1]), (2, [0.5, 0.7], [1, 2]), (4, [0.4, 0.4], [2, 2])].map { ranks, times, grid in
            ScalingPoint(ranks: ranks, runs: times.map {
                RunMeasurement(ranks: ranks, problem: problem, processGrid: grid, steps: 10, loopSeconds: $0,
                               wallSeconds: $0 + 1, phaseSeconds: phases)
            }, isOversubscribed: ranks > 2)
        }
        let results = StudyResults(solver: .heat, mode: .strong, baseProblem: problem, steps: 10, cores: 2, points: points)
        return StudyReport(results: results, machine: "test machine, 2 cores available")
    }()

    static func fields(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func pointsCSVHasOneRowPerPointInTheHeaderOrder() throws {
        let rows = Self.fields(Self.report.pointsCSV())
        #expect(rows.count == 4)
        #expect(rows[0] == StudyReport.pointColumns)
        #expect(rows.allSatisfy { $0.count == StudyReport.pointColumns.count })
        let column = { (name: String) in StudyReport.pointColumns.firstIndex(of: name)! }
        let second = rows[2]
        #expect(second[column("solver")] == "heat")
        #expect(second[column("mode")] == "strong")
        #expect(second[column("ranks")] == "2")
        #expect(second[column("problem")] == "64x32")
        #expect(second[column("process_grid")] == "1x2")
        #expect(second[column("repeats")] == "2")
        #expect(second[column("time_median_s")] == "0.6")
        #expect(second[column("time_min_s")] == "0.5")
        #expect(second[column("spread_percent")] == "33.3333")
        #expect(second[column("speedup")] == "1.83333")          // 1.1 / 0.6
        #expect(second[column("efficiency")] == "0.916667")
        #expect(second[column("rate_unit")] == "MLUPS")
        let rate: Double = 2048 * 10 / 0.6 / 1e6
        #expect(second[column("rate")] == formatted(rate, "%.6g"))
        #expect(second[column("compute_s")] == "0.5")
        #expect(second[column("communication_percent")] == "25")
    }

    @Test func oversubscribedPointsAreMarkedInEveryTable() {
        let rows = Self.fields(Self.report.pointsCSV())
        let column = StudyReport.pointColumns.firstIndex(of: "oversubscribed")!
        #expect(rows.dropFirst().map { $0[column] } == ["false", "false", "true"])

        let runs = Self.fields(Self.report.runsCSV())
        let runColumn = StudyReport.runColumns.firstIndex(of: "oversubscribed")!
        #expect(runs.dropFirst().map { $0[runColumn] } == ["false", "false", "false", "false", "true", "true"])

        let markdown = Self.report.markdown()
        let tableRows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(tableRows.count == 4)
        #expect(tableRows[0].hasSuffix("| oversubscribed |"))
        #expect(tableRows[1].hasSuffix("| no |") && tableRows[2].hasSuffix("| no |"))
        #expect(tableRows[3].hasPrefix("| 4 |") && tableRows[3].hasSuffix("| **yes** ⚠ |"))
        #expect(markdown.contains("⚠ Oversubscribed: 4 ranks on 2 available cores"))

        let console = Self.report.consoleTable().split(separator: "\n")
        #expect(console.count == 5)
        #expect(console[4].hasSuffix("yes") && console[2].hasSuffix("no"))
    }

    @Test func runsCSVKeepsEveryRun() {
        let rows = Self.fields(Self.report.runsCSV())
        #expect(rows[0] == StudyReport.runColumns)
        #expect(rows.count == 1 + 6)
        #expect(rows[1] == ["heat", "strong", "1", "false", "1", "64x32", "1", "2", "0.5", "0.25", "0.25"])
        #expect(rows[2][4] == "2" && rows[2][6] == "1.2")
    }

    @Test func markdownHasTitleAlignmentAndNotes() {
        let lines = Self.report.markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "## heat, strong scaling: 64×32 cells, 10 steps")
        #expect(lines[3] == "|---:|---|---|" + String(repeating: "---:|", count: 10))
        #expect(lines[5] == "| 2 | 64×32 cells | 1×2 | 0.600 | 33.3% | 0.03 | 1.83 | 91.7% | 0.500 | 0.250 | 0.250 | 25.0% | no |")
        #expect(lines.contains { $0.hasPrefix("- Time: median of 2 runs") })
        #expect(lines.contains { $0.hasPrefix("- Speed-up S(p) = 1 · R(p) / R(1)") })
        #expect(lines.contains("- Machine: test machine, 2 cores available."))
        #expect(!lines.contains { $0.hasPrefix("- Weak scaling") })
    }

    @Test func weakMarkdownStatesTheRule() {
        let results = StudyResults(solver: .nbody, mode: .weak, baseProblem: .bodies(100), steps: 5, cores: 2, points: [
            ScalingPoint(ranks: 1, runs: [RunMeasurement(ranks: 1, problem: .bodies(100), processGrid: nil, steps: 5,
                                                         loopSeconds: 1, wallSeconds: 1, phaseSeconds: [:])],
                         isOversubscribed: false),
        ])
        let markdown = StudyReport(results: results, machine: "m").markdown()
        #expect(markdown.contains("- Weak scaling, work per rank constant: direct summation costs N² per step, so N(p) = round(N1·√p)"))
        #expect(markdown.contains("| 1 | 100 bodies | – |"))
        #expect(!markdown.contains("Oversubscribed"))
    }
}
