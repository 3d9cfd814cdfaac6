public import MPI

/// Wall-clock seconds that one rank spends in each phase of a solver (forces, communication, I/O, …).
///
/// `Phase` is usually a `String`-backed enum; the report lists phases in its declaration order.
///
/// ```swift
/// var timers = PhaseTimers<Phase>()
/// try timers.measure(.forces) { try computeForces() }
/// let report = try timers.statistics(over: .world)   // collective
/// ```
public struct PhaseTimers<Phase: CaseIterable & Hashable & RawRepresentable & Sendable>: Sendable
where Phase.RawValue == String {
    private var seconds: [Phase: Double] = [:]

    /// Creates timers with every phase at zero.
    public init() {}

    /// The seconds recorded for `phase` so far.
    public subscript(phase: Phase) -> Double { seconds[phase, default: 0] }

    /// Adds an interval measured elsewhere to `phase`.
    public mutating func add(_ interval: Double, to phase: Phase) {
        seconds[phase, default: 0] += interval
    }

    /// Runs `body` and adds its wall-clock duration to `phase`, also when it throws.
    public mutating func measure<Result, Failure: Error>(
        _ phase: Phase, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let start = Environment.wallTime()
        defer { seconds[phase, default: 0] += Environment.wallTime() - start }
        return try body()
    }

    /// The minimum, mean and maximum of each phase over the ranks of `communicator`, in the order
    /// `Phase.allCases` lists them; the same on every rank. Collective.
    public func statistics(over communicator: Communicator) throws(MPIError) -> [PhaseStatistics] {
        let local = Phase.allCases.map { self[$0] }
        let minimum = try communicator.allReduce(local, .min)
        let maximum = try communicator.allReduce(local, .max)
        let total = try communicator.allReduce(local, .sum)
        let ranks = Double(try communicator.size)
        return Phase.allCases.enumerated().map { index, phase in
            PhaseStatistics(
                name: phase.rawValue, minimum: minimum[index], average: total[index] / ranks, maximum: maximum[index])
        }
    }
}

/// The time one phase took, summarised over the ranks of a job.
public struct PhaseStatistics: Sendable, Equatable {
    /// The phase's name.
    public let name: String
    /// The fastest rank's seconds.
    public let minimum: Double
    /// The mean over ranks, in seconds.
    public let average: Double
    /// The slowest rank's seconds: the one the others wait for.
    public let maximum: Double

    /// Creates a summary from figures already reduced over ranks.
    public init(name: String, minimum: Double, average: Double, maximum: Double) {
        self.name = name
        self.minimum = minimum
        self.average = average
        self.maximum = maximum
    }

    /// The load imbalance: maximum over mean, 1 when every rank took equally long (or no time at all).
    public var imbalance: Double { average > 0 ? maximum / average : 1 }

    /// An aligned table of phases with their minimum, mean and maximum seconds and imbalance.
    public static func table(_ phases: [PhaseStatistics]) -> String {
        TextTable(
            header: ["phase", "min s", "avg s", "max s", "max/avg"],
            rows: phases.map { phase in
                [phase.name, fixed(phase.minimum, 4), fixed(phase.average, 4), fixed(phase.maximum, 4),
                 fixed(phase.imbalance, 3)]
            }
        ).rendered()
    }
}
