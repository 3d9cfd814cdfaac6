import SolverSupport

/// The figures of a finished run, written as the JSON summary (`--summary-json`).
struct Summary {
    let ranks: Int
    let bodies: Int
    let steps: Int
    let stepsRun: Int
    let parameters: Parameters
    let exchange: Exchange
    let wallSeconds: Double
    /// The stepping loop's wall-clock seconds (the slowest rank's).
    let loopSeconds: Double
    /// The stepping loop's processor seconds, summed over ranks.
    let loopProcessorSeconds: Double
    let initial: Diagnostics
    let final: Diagnostics
    let stateDigest: SHA256Digest
    let phases: [PhaseStatistics]

    /// Interactions (N² per step) per second of the stepping loop.
    var interactionsPerSecond: Double { rate(loopSeconds) }

    /// Billions of floating-point operations per second, by the convention of ``Driver/flopsPerInteraction``.
    var gigaflops: Double { interactionsPerSecond * Double(Driver.flopsPerInteraction) / 1e9 }

    /// The summary's keys, in a fixed order. Energies and momenta are those at the first and last
    /// step of this run (for a restarted run, the first is the checkpoint's).
    var json: JSONValue {
        func vector(_ value: SIMD3<Double>) -> JSONValue { [.number(value.x), .number(value.y), .number(value.z)] }
        return [
            "ranks": .integer(ranks),
            "bodies": .integer(bodies),
            "steps": .integer(steps),
            "steps_run": .integer(stepsRun),
            "dt": .number(parameters.timeStep),
            "softening": .number(parameters.softening),
            "gravitational_constant": .number(parameters.gravitationalConstant),
            "exchange": .string(exchange.rawValue),
            "wall_seconds": .number(wallSeconds),
            "loop_seconds": .number(loopSeconds),
            "loop_processor_seconds": .number(loopProcessorSeconds),
            "interactions_per_second": .number(interactionsPerSecond),
            "interactions_per_processor_second": .number(rate(loopProcessorSeconds)),
            "flops_per_interaction": .integer(Driver.flopsPerInteraction),
            "gflops": .number(gigaflops),
            "energy_initial": .number(initial.totalEnergy),
            "energy_final": .number(final.totalEnergy),
            "relative_energy_error": .number(relativeError(final.totalEnergy, reference: initial.totalEnergy)),
            "momentum": vector(final.momentum),
            "momentum_initial": vector(initial.momentum),
            "angular_momentum": vector(final.angularMomentum),
            "angular_momentum_initial": vector(initial.angularMomentum),
            "state_sha256": .string(stateDigest.description),
            "phases": .object(phases.map { phase in
                (key: phase.name, value: [
                    "min_seconds": .number(phase.minimum), "avg_seconds": .number(phase.average),
                    "max_seconds": .number(phase.maximum), "imbalance": .number(phase.imbalance),
                ])
            }),
        ]
    }

    private func rate(_ seconds: Double) -> Double {
        stepsRun > 0 && seconds > 0 ? Double(bodies) * Double(bodies) * Double(stepsRun) / seconds : 0
    }
}
