import ChildProcesses
import Foundation
import SolverSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a study's points under the launcher, one job at a time, and collects their summaries.
public struct StudyRunner {
    public let plan: StudyPlan
    /// Receives a line after each run.
    public var progress: (String) -> Void
    /// Receives warnings (oversubscription, unexpected process grids).
    public var warn: (String) -> Void

    public init(plan: StudyPlan, progress: @escaping (String) -> Void, warn: @escaping (String) -> Void) {
        self.plan = plan
        self.progress = progress
        self.warn = warn
    }

    /// The directory of the solvers' JSON summaries, one per run, kept as the raw data.
    public var summaryDirectory: String { "\(plan.outputDirectory)/summaries" }
    /// The directory where the output of a failed run is kept.
    public var logDirectory: String { "\(plan.outputDirectory)/logs" }

    /// Runs every point `plan.repeats` times.
    ///
    /// - Throws: ``ValidationError`` naming the point and run when a run fails, times out or writes no
    ///   usable summary; the summaries of the runs before it stay on disk.
    public func run() throws(ValidationError) -> StudyResults {
        try FileSystem.createDirectory(summaryDirectory)
        let oversubscribed = plan.rankCounts.filter(plan.isOversubscribed)
        if !oversubscribed.isEmpty {
            warn("\(oversubscribed.map(String.init).joined(separator: ", ")) ranks oversubscribe the \(plan.cores) available "
                + "core\(plan.cores == 1 ? "" : "s"): those points time-share cores and are marked in every table and plot")
        }
        var points: [ScalingPoint] = []
        for ranks in plan.rankCounts {
            var runs: [RunMeasurement] = []
            for index in 1...plan.repeats {
                let run = try measure(ranks: ranks, index: index)
                progress("\(plan.solver.rawValue) \(plan.mode.rawValue), \(ranks) rank\(ranks == 1 ? "" : "s") "
                    + "(\(run.problem.description)), run \(index)/\(plan.repeats): \(fixed(run.loopSeconds, 3)) s"
                    + (plan.isOversubscribed(ranks) ? " [oversubscribed]" : ""))
                runs.append(run)
            }
            checkProcessGrid(runs[0], ranks: ranks)
            points.append(ScalingPoint(ranks: ranks, runs: runs, isOversubscribed: plan.isOversubscribed(ranks)))
        }
        return StudyResults(solver: plan.solver, mode: plan.mode, baseProblem: plan.baseProblem, steps: plan.steps,
                            cores: plan.cores, points: points)
    }

    /// Runs one job and reads its summary.
    func measure(ranks: Int, index: Int) throws(ValidationError) -> RunMeasurement {
        let name = "\(plan.fileStem)-p\(ranks)-run\(index)"
        let summaryPath = "\(summaryDirectory)/\(name).json"
        let point = "\(plan.solver.rawValue) \(plan.mode.rawValue) scaling at \(ranks) rank\(ranks == 1 ? "" : "s"), "
            + "run \(index) of \(plan.repeats)"
        unlink(summaryPath)

        let result: ChildProcessResult
        do {
            result = try ChildProcess.run(plan.command(ranks: ranks, summaryPath: summaryPath),
                                          environment: environment(ranks: ranks), limit: plan.timeLimit)
        } catch {
            throw ValidationError("\(point): cannot start \(plan.launcher): \(error)")
        }
        guard !result.timedOut, result.exitCode == 0 else {
            let log = "\(logDirectory)/\(name).log"
            let saved: String
            do throws(ValidationError) {
                try FileSystem.createDirectory(logDirectory)
                try FileSystem.write(Array(result.output.utf8), to: log)
                saved = "; its output is in \(log)"
            } catch {
                saved = ""
            }
            if result.timedOut {
                throw ValidationError("\(point): did not finish within \(plan.timeLimit.components.seconds) s and was killed "
                    + "(raise --timeout or shrink the problem)\(saved)")
            }
            throw ValidationError("\(point) failed with exit status \(result.exitCode): \(Self.diagnosis(result.output))\(saved)")
        }
        let run: RunMeasurement
        do throws(ValidationError) {
            run = try RunMeasurement(summary: Data(FileSystem.read(summaryPath)), solver: plan.solver)
        } catch {
            throw error.prefixed(point)
        }
        guard run.ranks == ranks else {
            throw ValidationError("\(point): the job had \(run.ranks) ranks, not \(ranks): check the launcher's options (--mpirun-args)")
        }
        guard run.problem == plan.problem(at: ranks), run.steps == plan.steps else {
            throw ValidationError("\(point): the solver ran \(run.problem.description) for \(run.steps) steps, not the "
                + "\(plan.problem(at: ranks).description) for \(plan.steps) steps asked for (check --solver-args)")
        }
        return run
    }

    /// Lets an oversubscribed point run at all under Open MPI, and lets its idle ranks yield the CPU
    /// instead of spinning; other MPIs ignore these variables, and values the user set are kept.
    func environment(ranks: Int) -> [String: String] {
        guard plan.isOversubscribed(ranks) else { return [:] }
        let given = ProcessInfo.processInfo.environment
        return ["OMPI_MCA_rmaps_base_oversubscribe": "1", "OMPI_MCA_mpi_yield_when_idle": "1"]
            .filter { given[$0.key] == nil }
    }

    /// Warns when a weak heat study's solver split the grid differently from the grid the problem grew by,
    /// so that ranks own blocks of different shapes than the one-rank block.
    func checkProcessGrid(_ run: RunMeasurement, ranks: Int) {
        guard plan.mode == .weak, case .cells(let cells) = plan.baseProblem, let formed = run.processGrid else { return }
        let grown = Array(ProcessGridShape.balanced(ranks: ranks, axes: cells.count).reversed())
        if formed != grown {
            warn("at \(ranks) ranks heat formed a \(StudyReport.gridText(formed)) process grid, not the "
                + "\(StudyReport.gridText(grown)) the weak problem grew by: blocks per rank differ in shape")
        }
    }

    /// The line of a failed run's output that says most: its first error line, else its last line.
    static func diagnosis(_ output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.first { $0.localizedCaseInsensitiveContains("error") } ?? lines.last ?? "no output"
    }
}
