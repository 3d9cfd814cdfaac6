import Foundation
@testable import ScalingStudy
import SolverSupport
import Testing

/// Reading the solvers' JSON summaries, the available cores, and the oversubscription switches.
@Suite struct MeasurementTests {
    static let heatSummary = """
        {"ranks": 2, "grid": {"dims": 2, "axes": ["x", "y"], "extent": [64, 32], "process_grid": [1, 2]},
         "steps": 10, "steps_run": 10, "wall_seconds": 1.5, "loop_seconds": 1.25, "mlups": 3.2,
         "phases": {"compute": {"min_seconds": 0.9, "avg_seconds": 1.0, "max_seconds": 1.1, "imbalance": 1.1},
                    "halo": {"min_seconds": 0.1, "avg_seconds": 0.125, "max_seconds": 0.15, "imbalance": 1.2},
                    "reductions": {"min_seconds": 0, "avg_seconds": 0.0625, "max_seconds": 0.1, "imbalance": 1.6},
                    "io": {"min_seconds": 0, "avg_seconds": 0.5, "max_seconds": 1, "imbalance": 2}}}
        """

    @Test func heatPhasesFallIntoCategories() throws {
        let run = try RunMeasurement(summary: Data(Self.heatSummary.utf8), solver: .heat)
        #expect(run.ranks == 2)
        #expect(run.problem == .cells([64, 32]))
        #expect(run.processGrid == [1, 2])
        #expect(run.steps == 10)
        #expect(run.loopSeconds == 1.25 && run.wallSeconds == 1.5)
        #expect(run.phaseSeconds == [.compute: 1.0, .communication: 0.1875, .other: 0.5])
    }

    @Test func nbodyPhasesFallIntoCategories() throws {
        let summary = """
            {"ranks": 4, "bodies": 512, "steps": 3, "steps_run": 3, "wall_seconds": 2, "loop_seconds": 1,
             "phases": {"forces": {"avg_seconds": 0.5}, "communication": {"avg_seconds": 0.25},
                        "integration": {"avg_seconds": 0.125}, "diagnostics": {"avg_seconds": 0.0625},
                        "io": {"avg_seconds": 0.0625}, "something_new": {"avg_seconds": 1}}}
            """
        let run = try RunMeasurement(summary: Data(summary.utf8), solver: .nbody)
        #expect(run.problem == .bodies(512))
        #expect(run.processGrid == nil)
        #expect(run.phaseSeconds == [.compute: 0.625, .communication: 0.25, .other: 1.125])
    }

    @Test func malformedSummariesSayWhatIsMissing() {
        #expect(throws: ValidationError("the summary has no 'loop_seconds'")) {
            try RunMeasurement(summary: Data(#"{"ranks": 1, "steps_run": 1, "wall_seconds": 1, "phases": {}}"#.utf8), solver: .nbody)
        }
        #expect(throws: ValidationError("the summary has no 'bodies': not an nbody summary")) {
            try RunMeasurement(summary: Data(Self.heatSummary.utf8), solver: .nbody)
        }
        #expect(throws: ValidationError.self) { try RunMeasurement(summary: Data("not json".utf8), solver: .heat) }
    }

    @Test func cpuListsAreCounted() {
        #expect(AvailableCores.countCPUs(inList: "\t0-1\n") == 2)
        #expect(AvailableCores.countCPUs(inList: "0-3,8,10-11") == 7)
        #expect(AvailableCores.countCPUs(inList: "5") == 1)
        for malformed in ["", "3-1", "a", "0-", "1,,2"] {
            #expect(AvailableCores.countCPUs(inList: Substring(malformed)) == nil, "\(malformed)")
        }
        #expect(AvailableCores.count() >= 1)
    }

    static func plan(cores: Int, ranks: [Int] = [1, 2, 4]) -> StudyPlan {
        StudyPlan(solver: .heat, mode: .weak, rankCounts: ranks, repeats: 1, baseProblem: .cells([8, 8]), steps: 3,
                  solverExecutable: "/bin/heat", solverArguments: ["--scheme", "implicit"], launcher: "mpirun",
                  launcherArguments: ["--bind-to", "core"], cores: cores, timeLimit: .seconds(5), outputDirectory: "out")
    }

    @Test func oversubscribedPointsAreLaunchedWithOpenMPIsSwitches() {
        let runner = StudyRunner(plan: Self.plan(cores: 2), progress: { _ in }, warn: { _ in })
        #expect(!runner.plan.isOversubscribed(2) && runner.plan.isOversubscribed(3))
        #expect(runner.environment(ranks: 2).isEmpty)
        let given = ProcessInfo.processInfo.environment
        for name in ["OMPI_MCA_rmaps_base_oversubscribe", "OMPI_MCA_mpi_yield_when_idle"] where given[name] == nil {
            #expect(runner.environment(ranks: 4)[name] == "1")
        }
    }

    @Test func commandLinePutsLauncherFlagsBeforeTheRankCount() {
        #expect(Self.plan(cores: 2).command(ranks: 4, summaryPath: "s.json") == [
            "mpirun", "--bind-to", "core", "-n", "4", "/bin/heat", "--dims", "2", "--nx", "16", "--ny", "16",
            "--steps", "3", "--quiet", "--summary-json", "s.json", "--scheme", "implicit",
        ])
    }

    @Test func failedRunsAreDiagnosedByTheirErrorLine() {
        #expect(StudyRunner.diagnosis("starting\nheat: error: --nx must be positive\nmore\n") == "heat: error: --nx must be positive")
        #expect(StudyRunner.diagnosis("a\n  last line  \n\n") == "last line")
        #expect(StudyRunner.diagnosis("") == "no output")
    }
}
