import DomainDecomposition
import MPI
import SolverSupport

/// VTK snapshots of the field for ParaView: `heat_000010.vti` (ImageData, written collectively with
/// MPI-IO, one point per cell centre) plus the `heat.pvd` collection that strings them into a time
/// series, rewritten by rank 0 after each snapshot so it is valid whenever the run stops. A restarted
/// run lists its own snapshots.
public struct SnapshotSeries {
    public let directory: String
    private var collection: VTKCollection

    /// The `.pvd` file to open in ParaView.
    public var collectionPath: String { collection.path }
    /// The number of snapshots written so far.
    public var count: Int { collection.snapshots.count }

    public init(directory: String) {
        self.directory = directory
        collection = VTKCollection(path: "\(directory)/heat.pvd")
    }

    /// Writes the current field as a snapshot and adds it to the collection. Collective.
    public mutating func write(_ solver: HeatSolver) throws {
        let name = "heat_" + zeroPadded(solver.step, width: 6) + ".vti"
        let spacing = solver.problem.spacing
        do {
            try solver.field.write(toVTKImage: "\(directory)/\(name)", name: "temperature", spacing: spacing,
                                   origin: spacing.map { $0 / 2 })
        } catch {
            throw ValidationError("cannot write snapshot \(directory)/\(name): \(error.message)")
        }
        var outcome: ValidationError?
        do {
            try collection.append(file: name, time: solver.time, rank: solver.grid.rank)
        } catch {
            outcome = ValidationError("cannot write \(collection.path): \(error.message)")
        }
        try solver.grid.communicator.shareOutcome(outcome)
    }
}
