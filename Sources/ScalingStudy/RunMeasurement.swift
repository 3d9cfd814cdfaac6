import Foundation
import SolverSupport

/// What one run of a solver reported in its `--summary-json`, reduced to what a scaling study needs.
public struct RunMeasurement: Sendable, Equatable {
    /// The ranks the job actually had.
    public let ranks: Int
    /// The problem the solver actually ran.
    public let problem: ProblemSize
    /// The process grid the solver formed, x first (heat only).
    public let processGrid: [Int]?
    /// Steps of the stepping loop.
    public let steps: Int
    /// Wall-clock seconds of the stepping loop, the slowest rank's (after a barrier, so start-up, set-up
    /// and final output are not in it): the time a study scales.
    public let loopSeconds: Double
    /// Wall-clock seconds of the whole solver run after MPI initialisation, the slowest rank's.
    public let wallSeconds: Double
    /// Mean seconds per rank of each phase category, summed over the solver's phases in it.
    public let phaseSeconds: [PhaseCategory: Double]

    /// Creates a measurement from figures already read.
    public init(ranks: Int, problem: ProblemSize, processGrid: [Int]?, steps: Int, loopSeconds: Double,
                wallSeconds: Double, phaseSeconds: [PhaseCategory: Double]) {
        self.ranks = ranks
        self.problem = problem
        self.processGrid = processGrid
        self.steps = steps
        self.loopSeconds = loopSeconds
        self.wallSeconds = wallSeconds
        self.phaseSeconds = phaseSeconds
    }

    /// Reads the JSON summary that `solver` wrote.
    ///
    /// - Throws: ``ValidationError`` naming the first missing or malformed field.
    public init(summary: Data, solver: SolverKind) throws(ValidationError) {
        let decoded: Summary
        do {
            decoded = try JSONDecoder().decode(Summary.self, from: summary)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ValidationError("the summary has no '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw ValidationError("the summary is not the JSON a \(solver.rawValue) run writes (\(error))")
        }
        switch solver {
        case .heat:
            guard let grid = decoded.grid else { throw ValidationError("the summary has no 'grid': not a heat summary") }
            problem = .cells(grid.extent)
            processGrid = grid.processGrid
        case .nbody:
            guard let bodies = decoded.bodies else { throw ValidationError("the summary has no 'bodies': not an nbody summary") }
            problem = .bodies(bodies)
            processGrid = nil
        }
        ranks = decoded.ranks
        steps = decoded.stepsRun
        loopSeconds = decoded.loopSeconds
        wallSeconds = decoded.wallSeconds
        var seconds = Dictionary(uniqueKeysWithValues: PhaseCategory.allCases.map { ($0, 0.0) })
        for (name, phase) in decoded.phases {
            seconds[solver.category(ofPhase: name), default: 0] += phase.averageSeconds
        }
        phaseSeconds = seconds
    }

    /// The fields of both solvers' summaries that a study reads.
    private struct Summary: Decodable {
        struct Grid: Decodable {
            let extent: [Int]
            let processGrid: [Int]

            enum CodingKeys: String, CodingKey {
                case extent
                case processGrid = "process_grid"
            }
        }

        struct PhaseFigures: Decodable {
            let averageSeconds: Double

            enum CodingKeys: String, CodingKey {
                case averageSeconds = "avg_seconds"
            }
        }

        let ranks: Int
        let grid: Grid?
        let bodies: Int?
        let stepsRun: Int
        let wallSeconds: Double
        let loopSeconds: Double
        let phases: [String: PhaseFigures]

        enum CodingKeys: String, CodingKey {
            case ranks, grid, bodies, phases
            case stepsRun = "steps_run"
            case wallSeconds = "wall_seconds"
            case loopSeconds = "loop_seconds"
        }
    }
}
