/// One rank count of a study: its repeated runs, their spread, and how it compares with the first point.
public struct ScalingPoint: Sendable {
    /// The number of ranks.
    public let ranks: Int
    /// The measured runs, at least one, all of the same problem.
    public let runs: [RunMeasurement]
    /// Whether `ranks` exceeds the cores available, so that ranks time-share cores: such a point measures
    /// the machine's scheduler, not the program's scaling.
    public let isOversubscribed: Bool
    /// Speed-up over the first point of the study (see ``StudyResults``).
    public internal(set) var speedUp = 1.0

    /// Creates a point from its runs.
    ///
    /// - Precondition: `runs` is not empty.
    public init(ranks: Int, runs: [RunMeasurement], isOversubscribed: Bool) {
        precondition(!runs.isEmpty, "a point needs at least one run")
        self.ranks = ranks
        self.runs = runs
        self.isOversubscribed = isOversubscribed
    }

    /// The problem the runs solved.
    public var problem: ProblemSize { runs[0].problem }
    /// The process grid the solver formed, x first, when it reports one.
    public var processGrid: [Int]? { runs[0].processGrid }
    /// Steps per run.
    public var steps: Int { runs[0].steps }

    /// The median stepping-loop time over the runs: the point's time.
    public var medianSeconds: Double { median(runs.map(\.loopSeconds)) }
    public var minimumSeconds: Double { runs.map(\.loopSeconds).min()! }
    public var maximumSeconds: Double { runs.map(\.loopSeconds).max()! }
    /// The spread of the runs' times, (max − min) / median: 0 for one run.
    public var spread: Double { medianSeconds > 0 ? (maximumSeconds - minimumSeconds) / medianSeconds : 0 }
    /// The median wall-clock time of whole solver runs (set-up and output included).
    public var medianWallSeconds: Double { median(runs.map(\.wallSeconds)) }

    /// Work (cell updates or interactions) per second of the median time.
    public var workPerSecond: Double {
        medianSeconds > 0 ? problem.workPerStep * Double(steps) / medianSeconds : 0
    }

    /// Parallel efficiency: the speed-up per rank, 1 when every added rank pays off fully.
    public var efficiency: Double { speedUp / Double(ranks) }

    /// The median over the runs of the mean seconds per rank spent in `category`.
    public func phaseSeconds(_ category: PhaseCategory) -> Double {
        median(runs.map { $0.phaseSeconds[category] ?? 0 })
    }

    /// The share of the timed phases spent communicating, between 0 and 1.
    public var communicationShare: Double {
        let total = PhaseCategory.allCases.reduce(0) { $0 + phaseSeconds($1) }
        return total > 0 ? phaseSeconds(.communication) / total : 0
    }
}

/// The points of one study in increasing rank order, with speed-up and efficiency filled in.
///
/// Speed-up compares work rates, so that strong and weak scaling use one formula and a weak problem
/// rounded to whole cells or bodies is still compared fairly: with p₀ the first point's ranks and R(p) the
/// work per second at p ranks, S(p) = p₀ · R(p) / R(p₀) (the first point is assumed to scale perfectly
/// from one rank). For strong scaling this is p₀ · T(p₀) / T(p); for weak scaling, where the work grows
/// as p, it is the scaled speed-up p · T(p₀) / T(p). Efficiency is S(p) / p.
public struct StudyResults: Sendable {
    public let solver: SolverKind
    public let mode: ScalingMode
    /// The problem at one rank: the study's base.
    public let baseProblem: ProblemSize
    public let steps: Int
    /// The cores available when the study ran.
    public let cores: Int
    public let points: [ScalingPoint]

    /// Creates the results, sorting `points` by rank count and computing their speed-ups.
    public init(solver: SolverKind, mode: ScalingMode, baseProblem: ProblemSize, steps: Int, cores: Int,
                points: [ScalingPoint]) {
        self.solver = solver
        self.mode = mode
        self.baseProblem = baseProblem
        self.steps = steps
        self.cores = cores
        var sorted = points.sorted { $0.ranks < $1.ranks }
        if let reference = sorted.first {
            for index in sorted.indices {
                sorted[index].speedUp = Self.speedUp(
                    ranks: reference.ranks, rate: sorted[index].workPerSecond, referenceRate: reference.workPerSecond)
            }
        }
        self.points = sorted
    }

    /// S = p₀ · R / R₀, or 0 when the reference rate is 0.
    static func speedUp(ranks referenceRanks: Int, rate: Double, referenceRate: Double) -> Double {
        referenceRate > 0 ? Double(referenceRanks) * rate / referenceRate : 0
    }

    /// What was studied, for titles: `heat, strong scaling: 2048×2048 cells, 100 steps`.
    public var title: String {
        let problem: String
        switch (mode, baseProblem) {
        case (.strong, _): problem = baseProblem.description
        case (.weak, .cells): problem = "\(baseProblem.description) per rank"
        case (.weak, .bodies): problem = "\(baseProblem.description) at 1 rank, N ∝ √p"
        }
        return "\(solver.rawValue), \(mode.rawValue) scaling: \(problem), \(steps) steps"
    }

    /// The points whose ranks exceed the available cores.
    public var oversubscribedPoints: [ScalingPoint] { points.filter(\.isOversubscribed) }
}
