import SolverSupport

/// The figures of a finished run, written as the JSON summary (`--summary-json`).
struct HeatSummary {
    let plan: RunPlan
    let restartPath: String?
    let ranks: Int
    let processGrid: [Int]
    let solver: HeatSolver
    let wallSeconds: Double
    let loopSeconds: Double
    let steppingSeconds: Double
    let mlups: Double
    let bestStepMLUPS: Double
    let phases: [PhaseStatistics]
    let errors: (l2: Double, maximum: Double)?
    let initialHeat: Double
    let finalHeat: Double
    let maximumMagnitude: Double
    let digest: SHA256Digest

    /// The summary's keys, in a fixed order. Per-axis lists are in the order x, y[, z].
    var json: JSONValue {
        let problem = plan.problem
        let names = Array(HeatProblem.axisNames(problem.axisCount).reversed())
        func list(_ values: [Int]) -> JSONValue { .array(values.reversed().map { .integer($0) }) }
        func list(_ values: [Double]) -> JSONValue { .array(values.reversed().map { .number($0) }) }
        var members: [(key: String, value: JSONValue)] = [
            ("ranks", .integer(ranks)),
            ("grid", [
                "dims": .integer(problem.axisCount),
                "axes": .array(names.map { .string($0) }),
                "extent": list(problem.extent),
                "process_grid": list(processGrid),
                "lengths": list(problem.lengths),
                "spacing": list(problem.spacing),
            ]),
            ("steps", .integer(plan.endStep)),
            ("start_step", .integer(plan.startStep)),
            ("steps_run", .integer(plan.endStep - plan.startStep)),
            ("time", .number(solver.time)),
            ("dt", .number(problem.timeStep)),
            ("dt_max_explicit", .number(problem.stableTimeStep)),
            ("alpha", .number(problem.alpha)),
            ("scheme", .string(problem.scheme.rawValue)),
            ("bc", .object(zip(names, problem.boundaries.reversed()).map { (key: $0, value: .string($1.description)) })),
            ("init", .string(plan.initialCondition?.description ?? "restart")),
            ("restart_from", restartPath.map { .string($0) } ?? .null),
            ("wall_seconds", .number(wallSeconds)),
            ("loop_seconds", .number(loopSeconds)),
            ("stepping_seconds", .number(steppingSeconds)),
            ("mlups", .number(mlups)),
            ("mlups_fastest_step", .number(bestStepMLUPS)),
            ("phases", .object(phases.map { phase in
                (key: phase.name, value: [
                    "min_seconds": .number(phase.minimum), "avg_seconds": .number(phase.average),
                    "max_seconds": .number(phase.maximum), "imbalance": .number(phase.imbalance),
                ])
            })),
        ]
        if let errors {
            members.append(("l2_error", .number(errors.l2)))
            members.append(("max_error", .number(errors.maximum)))
        }
        if problem.scheme == .implicit {
            members.append(("cg_iterations", .integer(solver.totalIterations)))
            members.append(("cg_iterations_max_per_step", .integer(solver.maximumIterations)))
            members.append(("cg_tolerance", .number(plan.tolerance)))
        }
        members += [
            ("total_heat_initial", .number(initialHeat)),
            ("total_heat_final", .number(finalHeat)),
            ("max_abs", .number(maximumMagnitude)),
            ("field_sha256", .string(digest.description)),
        ]
        return .object(members)
    }
}
