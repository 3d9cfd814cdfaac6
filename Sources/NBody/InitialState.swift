import MPI
import SolverSupport

/// The state a run starts from, the same on every rank: generated, read from a CSV file, or restored
/// from a checkpoint.
struct InitialState {
    var bodies: Bodies
    var step: Int
    var parameters: Parameters
    /// Where the bodies came from, for the report.
    var origin: String

    /// Builds or reads the initial state. Files are read by rank 0 alone, which shares its verdict and
    /// then the bodies, so a bad file makes every rank fail with the same message. Collective.
    static func load(_ configuration: RunConfiguration, communicator: Communicator) throws -> InitialState {
        let isRoot = try communicator.rank == 0
        if let path = configuration.restartPath {
            var checkpoint: Checkpoint?
            var failure: (any Error)?
            if isRoot {
                do {
                    checkpoint = try Checkpoint(decoding: try FileSystem.read(path), source: path,
                                                maximumCount: RunConfiguration.maximumBodies)
                } catch { failure = error }
            }
            try communicator.shareOutcome(failure)
            var stored = [Double(checkpoint?.step ?? 0), checkpoint?.parameters.timeStep ?? 0,
                          checkpoint?.parameters.softening ?? 0, checkpoint?.parameters.gravitationalConstant ?? 0]
            try communicator.broadcast(&stored, root: 0)
            let parameters = Parameters(
                timeStep: try agree(configuration.timeStep, stored[1], "--dt", "time step"),
                softening: try agree(configuration.softening, stored[2], "--softening", "softening"),
                gravitationalConstant: try agree(configuration.gravitationalConstant, stored[3], "--G",
                                                 "gravitational constant"))
            let bodies = try broadcast(checkpoint?.bodies, communicator: communicator)
            return InitialState(bodies: bodies, step: Int(stored[0]), parameters: parameters,
                                origin: "restart from \(path) at step \(Int(stored[0]))")
        }

        let parameters = Parameters(
            timeStep: configuration.timeStep ?? RunConfiguration.defaultTimeStep,
            softening: configuration.softening ?? RunConfiguration.defaultSoftening,
            gravitationalConstant: configuration.gravitationalConstant ?? RunConfiguration.defaultGravitationalConstant)
        let count = configuration.bodies ?? RunConfiguration.defaultBodies
        let seed = configuration.seed ?? RunConfiguration.defaultSeed
        let size = try communicator.size
        switch configuration.initialConditions ?? .plummer {
        case .plummer:
            try checkShareable(count, ranks: size)
            return InitialState(
                bodies: plummerSphere(count: count, seed: seed, gravitationalConstant: parameters.gravitationalConstant),
                step: 0, parameters: parameters, origin: "plummer, seed \(seed)")
        case .uniform:
            try checkShareable(count, ranks: size)
            return InitialState(bodies: coldCube(count: count, seed: seed), step: 0, parameters: parameters,
                                origin: "uniform, seed \(seed)")
        case .file(let path):
            var bodies: Bodies?
            var failure: (any Error)?
            if isRoot {
                do {
                    bodies = try BodyCSV.parse(try FileSystem.read(path), source: path,
                                               maximumCount: RunConfiguration.maximumBodies)
                } catch { failure = error }
            }
            try communicator.shareOutcome(failure)
            return InitialState(bodies: try broadcast(bodies, communicator: communicator), step: 0,
                                parameters: parameters, origin: path)
        }
    }

    /// Refuses more ranks than bodies: a rank without bodies has nothing to compute.
    static func checkShareable(_ count: Int, ranks: Int) throws(ValidationError) {
        guard count >= ranks else {
            throw ValidationError("\(count) bodies cannot be shared by \(ranks) ranks: run with at most \(count) ranks")
        }
    }

    /// The checkpoint's value, refusing a different one given on the command line.
    private static func agree(_ option: Double?, _ stored: Double, _ name: String, _ what: String) throws(ValidationError) -> Double {
        if let option, option != stored {
            throw ValidationError("\(name) \(option) differs from the checkpoint's \(what) \(stored); omit \(name) when restarting")
        }
        return stored
    }

    /// Sends rank 0's bodies to every rank, refusing first when there are more ranks than bodies.
    private static func broadcast(_ bodies: Bodies?, communicator: Communicator) throws -> Bodies {
        let count = Int(try communicator.broadcast(Int64(bodies?.count ?? 0), root: 0))
        try checkShareable(count, ranks: try communicator.size)
        var columns = bodies?.columns ?? Array(repeating: [Double](repeating: 0, count: count), count: 7)
        for index in columns.indices {
            try communicator.broadcast(&columns[index], root: 0)
        }
        return Bodies(mass: columns[0], x: columns[1], y: columns[2], z: columns[3],
                      vx: columns[4], vy: columns[5], vz: columns[6])
    }
}
