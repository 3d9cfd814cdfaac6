import Foundation
import SolverSupport

/// A whole study as the `scaling` executable runs it: plan, run, write the tables, draw the plots.
public enum Study {
    /// The files a study wrote, in the order it wrote them.
    public struct Files: Sendable {
        public var paths: [String] = []
        /// Why the plots were not drawn, when they were not.
        public var plotNotice: String?
    }

    /// Runs the study `options` describe.
    ///
    /// - Parameters:
    ///   - solverDirectory: Where the solver executables are when `--solver-path` is not given.
    ///   - defaultPlotScript: The plot script when `--plot-script` is not given.
    ///   - print: Receives progress lines and the final table.
    ///   - warn: Receives warnings.
    /// - Throws: ``ValidationError`` with one line saying what failed and where.
    public static func run(_ options: ScalingOptions, solverDirectory: String, defaultPlotScript: String,
                           print: @escaping (String) -> Void, warn: @escaping (String) -> Void) throws(ValidationError) -> Files {
        let plan = try makePlan(options, solverDirectory: solverDirectory)
        let description = MachineDescription.describe(cores: plan.cores, launcherVersion: try MachineDescription.launcherVersion(plan.launcher))
        let loadAtStart = MachineDescription.loadAverage()
        try FileSystem.createDirectory(plan.outputDirectory)
        guard FileSystem.isWritableDirectory(plan.outputDirectory) else {
            throw ValidationError("cannot write to \(plan.outputDirectory): the directory is not writable")
        }
        print("scaling: \(plan.solver.rawValue), \(plan.mode.rawValue) scaling at \(plan.rankCounts.map(String.init).joined(separator: ", ")) "
            + "rank\(plan.rankCounts == [1] ? "" : "s"), \(plan.repeats) run\(plan.repeats == 1 ? "" : "s") each; \(description)"
            + (loadAtStart.map { ", load average \($0)" } ?? ""))
        if plan.mode == .weak {
            print("scaling: weak scaling keeps the \(ProblemSize.weakScalingRule(for: plan.solver))")
        }

        let results = try StudyRunner(plan: plan, progress: print, warn: warn).run()
        var machine = description
        if let loadAtStart, let loadAtEnd = MachineDescription.loadAverage() {
            machine += ", load average \(loadAtStart) at the start and \(loadAtEnd) at the end (1 minute)"
        }
        let report = StudyReport(results: results, machine: machine)
        var files = Files()
        let stem = "\(plan.outputDirectory)/\(plan.fileStem)"
        for (path, text) in [("\(stem).csv", report.pointsCSV()), ("\(stem)-runs.csv", report.runsCSV()),
                             ("\(stem).md", report.markdown())] {
            try FileSystem.writeAtomically(Array(text.utf8), to: path)
            files.paths.append(path)
        }
        print("")
        print(results.title)
        print(report.consoleTable())
        if !results.oversubscribedPoints.isEmpty {
            print("oversubscribed: \(results.oversubscribedPoints.map { String($0.ranks) }.joined(separator: ", ")) ranks on "
                + "\(plan.cores) cores (marked in the CSV, Markdown and plots)")
        }

        if !options.noPlots {
            switch try Plotter.plot(pointsCSV: "\(stem).csv", png: "\(stem).png", title: results.title,
                                    script: options.plotScript ?? defaultPlotScript,
                                    interpreters: options.python.map { [$0] } ?? Plotter.defaultInterpreters) {
            case .written: files.paths.append("\(stem).png")
            case .skipped(let reason): files.plotNotice = "plots skipped: \(reason); the CSV and Markdown tables are written"
            }
        }
        return files
    }

    /// Resolves the options against this machine: the solver executable, the available cores.
    static func makePlan(_ options: ScalingOptions, solverDirectory: String) throws(ValidationError) -> StudyPlan {
        let executable = options.solverPath ?? "\(solverDirectory)/\(options.solver.executableName)"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no \(options.solver.executableName) executable at \(executable): build it "
                + "(swift build -c release --product \(options.solver.executableName)) or pass --solver-path")
        }
        return StudyPlan(
            solver: options.solver, mode: options.mode, rankCounts: options.rankCounts, repeats: options.repeats,
            baseProblem: options.baseProblem, steps: options.stepCount, solverExecutable: executable,
            solverArguments: words(options.solverArgs), launcher: options.mpirun,
            launcherArguments: words(options.mpirunArgs), cores: options.cores ?? AvailableCores.count(),
            timeLimit: .seconds(options.timeout), outputDirectory: options.output)
    }

    /// A string of options split at white space.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
