import SolverSupport

/// The tables a study writes: CSV of the points, CSV of every run, Markdown, and the console table.
public struct StudyReport: Sendable {
    public let results: StudyResults
    /// The machine the study ran on, in words, for the Markdown notes.
    public let machine: String

    public init(results: StudyResults, machine: String) {
        self.results = results
        self.machine = machine
    }

    /// The columns of ``pointsCSV()``.
    public static let pointColumns = [
        "solver", "mode", "ranks", "oversubscribed", "problem", "process_grid", "steps", "repeats",
        "time_median_s", "time_min_s", "time_max_s", "spread_percent", "wall_median_s", "rate", "rate_unit",
        "speedup", "efficiency", "compute_s", "communication_s", "other_s", "communication_percent",
    ]

    /// One line per point; times in seconds, the rate in the solver's unit (MLUPS or G interactions/s),
    /// phases as mean seconds per rank.
    public func pointsCSV() -> String {
        let rows = results.points.map { point -> [String] in
            [results.solver.rawValue, results.mode.rawValue, String(point.ranks), String(point.isOversubscribed),
             point.problem.field, point.processGrid.map(Self.gridField) ?? "", String(point.steps),
             String(point.runs.count), number(point.medianSeconds), number(point.minimumSeconds),
             number(point.maximumSeconds), number(100 * point.spread), number(point.medianWallSeconds),
             number(results.solver.rateInUnit(point.workPerSecond)), results.solver.rateUnit,
             number(point.speedUp), number(point.efficiency)]
                + PhaseCategory.allCases.map { number(point.phaseSeconds($0)) }
                + [number(100 * point.communicationShare)]
        }
        return csv(header: Self.pointColumns, rows: rows)
    }

    /// The columns of ``runsCSV()``.
    public static let runColumns = [
        "solver", "mode", "ranks", "oversubscribed", "run", "problem", "loop_s", "wall_s",
        "compute_s", "communication_s", "other_s",
    ]

    /// One line per run, so that nothing measured is lost in the medians.
    public func runsCSV() -> String {
        let rows = results.points.flatMap { point in
            point.runs.enumerated().map { index, run -> [String] in
                [results.solver.rawValue, results.mode.rawValue, String(point.ranks), String(point.isOversubscribed),
                 String(index + 1), run.problem.field, number(run.loopSeconds), number(run.wallSeconds)]
                    + PhaseCategory.allCases.map { number(run.phaseSeconds[$0] ?? 0) }
            }
        }
        return csv(header: Self.runColumns, rows: rows)
    }

    /// A Markdown section: a heading, the table, and notes saying how every column was measured.
    public func markdown() -> String {
        let solver = results.solver
        let header = ["ranks", "problem", "process grid", "time (s)", "spread", solver.rateUnit, "speed-up",
                      "efficiency", "compute (s)", "communication (s)", "other (s)", "comm. share", "oversubscribed"]
        let rows = results.points.map { point -> [String] in
            [String(point.ranks), point.problem.description, point.processGrid.map(Self.gridText) ?? "–",
             fixed(point.medianSeconds, 3), percent(point.spread), fixed(solver.rateInUnit(point.workPerSecond), 2),
             fixed(point.speedUp, 2), percent(point.efficiency)]
                + PhaseCategory.allCases.map { fixed(point.phaseSeconds($0), 3) }
                + [percent(point.communicationShare), point.isOversubscribed ? "**yes** ⚠" : "no"]
        }
        var lines = ["## \(results.title)", ""]
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + header.indices.map { $0 == 1 || $0 == 2 ? "---|" : "---:|" }.joined())
        lines += rows.map { "| " + $0.joined(separator: " | ") + " |" }
        lines.append("")
        lines += notes.map { "- " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The notes under the Markdown table.
    var notes: [String] {
        let repeats = results.points.map(\.runs.count).max() ?? 0
        let first = results.points.first?.ranks ?? 1
        var notes = [
            "Time: median of \(repeats) run\(repeats == 1 ? "" : "s") of the solver's stepping loop (slowest rank; "
                + "start-up, set-up and output excluded); spread = (max − min) / median.",
            "Speed-up S(p) = \(first) · R(p) / R(\(first)) from the work rate R (\(results.solver == .heat ? "cell updates" : "interactions N²") "
                + "per second); efficiency E = S / p\(results.mode == .weak ? " (weak scaling: the scaled speed-up p · T(\(first)) / T(p))" : "").",
        ]
        if results.mode == .weak {
            notes.append("Weak scaling, \(ProblemSize.weakScalingRule(for: results.solver)).")
        }
        notes.append("Phases: mean seconds per rank (median over the runs), set-up I/O included; \(results.solver.phaseLegend).")
        let oversubscribed = results.oversubscribedPoints.map { String($0.ranks) }
        if !oversubscribed.isEmpty {
            notes.append("⚠ Oversubscribed: \(oversubscribed.joined(separator: ", ")) ranks on \(results.cores) available "
                + "core\(results.cores == 1 ? "" : "s"): ranks time-share cores, so these rows measure the scheduler, not scaling.")
        }
        notes.append("Machine: \(machine).")
        return notes
    }

    /// The table for the terminal, aligned, with the same figures as the Markdown.
    public func consoleTable() -> String {
        let solver = results.solver
        return TextTable(
            header: ["ranks", "problem", "time s", "spread", solver.rateUnit, "speed-up", "efficiency",
                     "compute s", "comm s", "other s", "oversubscribed"],
            rows: results.points.map { point in
                [String(point.ranks), point.problem.description, fixed(point.medianSeconds, 3), percent(point.spread),
                 fixed(solver.rateInUnit(point.workPerSecond), 2), fixed(point.speedUp, 2), percent(point.efficiency)]
                    + PhaseCategory.allCases.map { fixed(point.phaseSeconds($0), 3) }
                    + [point.isOversubscribed ? "yes" : "no"]
            }
        ).rendered()
    }

    /// A process grid as one CSV field, x first: `2x1`.
    static func gridField(_ grid: [Int]) -> String { grid.map(String.init).joined(separator: "x") }
    /// A process grid as the tables show it, x first: `2×1`.
    static func gridText(_ grid: [Int]) -> String { grid.map(String.init).joined(separator: "×") }

    private func number(_ value: Double) -> String { formatted(value, "%.6g") }
    private func percent(_ fraction: Double) -> String { fixed(100 * fraction, 1) + "%" }

    /// CSV text; no field holds a comma, quote or line break (sizes use `x`, phases are numbers).
    private func csv(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
