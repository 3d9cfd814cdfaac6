public import SolverSupport

/// A run resolved from its configuration and, when restarting, its checkpoint: the discrete problem,
/// where it starts and stops, and the solver's controls. The same on every rank.
public struct RunPlan: Sendable {
    public var problem: HeatProblem
    /// How the field is initialised; `nil` when restarting.
    public var initialCondition: InitialCondition?
    /// The initial condition's code for checkpoints (a restart keeps the original run's).
    public var initialConditionCode: UInt32
    /// The checkpoint's step when restarting, else 0.
    public var startStep: Int
    /// The step to stop at.
    public var endStep: Int
    public var tolerance: Double
    public var iterationLimit: Int
    /// Whether to compare with the exact solution at the end.
    public var validates: Bool

    /// The explicit scheme's stability limit for this problem.
    public var stabilityLimit: Double { problem.stableTimeStep }

    /// Resolves a configuration that passed ``HeatConfiguration/checkOptions()``. Pure, so every rank
    /// reaches the same verdict.
    ///
    /// - Parameter checkpoint: The restart checkpoint's header, when restarting.
    public static func resolve(_ configuration: HeatConfiguration, checkpoint: CheckpointHeader?) throws(ValidationError) -> RunPlan {
        if let checkpoint { return try resume(configuration, checkpoint) }
        let axes = configuration.dimensions ?? 2
        let defaultCells = HeatConfiguration.defaultCells[axes]!
        let userExtent = [configuration.nx ?? defaultCells, configuration.ny ?? defaultCells, configuration.nz ?? defaultCells]
        let extent = Array(userExtent.prefix(axes).reversed())
        // Each axis may have up to 2^24 cells, so three of them can overflow Int: multiply with a check.
        let cells = extent.reduce(Optional(1)) { product, cells in
            product.flatMap { product in
                let (result, overflow) = product.multipliedReportingOverflow(by: cells)
                return overflow ? nil : result
            }
        }
        guard let cells, cells <= HeatConfiguration.maximumCells else {
            throw ValidationError("\(HeatProblem.describe(extent)) cells exceed the limit of \(HeatConfiguration.maximumCells) cells")
        }
        let lengths = try configuration.lengths.map { (text: String) throws(ValidationError) in
            try HeatConfiguration.parseLengths(text, axes: axes)
        } ?? Array(repeating: 1, count: axes)
        let alpha = configuration.alpha ?? HeatConfiguration.defaultAlpha
        let boundaries = try BoundaryCondition.parseList(configuration.boundaries ?? "dirichlet", axes: axes)
        let scheme = configuration.scheme ?? .explicit
        let limit = HeatProblem.stableTimeStep(extent: extent, lengths: lengths, alpha: alpha)
        var timeStep = configuration.timeStep ?? HeatProblem.defaultStabilityFraction * limit
        if scheme == .explicit, timeStep > limit {
            throw ValidationError("--dt \(timeStep) exceeds the explicit stability limit dt_max = 1/(2 alpha sum(1/h^2)) = "
                + "\(formatted(limit, "%.6g")) for this grid and alpha; use --dt <= \(formatted(limit, "%.6g")), "
                + "omit --dt (default \(HeatProblem.defaultStabilityFraction) x dt_max) or use --scheme implicit")
        }
        var endStep = configuration.steps ?? HeatConfiguration.defaultSteps
        if let endTime = configuration.endTime {
            endStep = try steps(toReach: endTime, timeStep: timeStep)
            timeStep = endTime / Double(endStep)
        }
        guard timeStep.isNormal else { throw ValidationError("the time step \(timeStep) is too small") }
        let initial = configuration.initialCondition ?? .sine
        let problem = HeatProblem(extent: extent, lengths: lengths, alpha: alpha, timeStep: timeStep, scheme: scheme,
                                  boundaries: boundaries)
        if configuration.validatesAgainstExactSolution {
            try requireExactSolution(initialIsSine: initial == .sine, boundaries: boundaries)
        }
        return RunPlan(
            problem: problem, initialCondition: initial, initialConditionCode: initial.code, startStep: 0,
            endStep: endStep, tolerance: configuration.tolerance ?? HeatConfiguration.defaultTolerance,
            iterationLimit: configuration.iterationLimit ?? HeatConfiguration.defaultIterationLimit,
            validates: configuration.validatesAgainstExactSolution)
    }

    /// A restart: the checkpoint defines the problem; options given as well must agree with it.
    private static func resume(_ configuration: HeatConfiguration, _ header: CheckpointHeader) throws(ValidationError) -> RunPlan {
        let problem = header.problem
        let axes = problem.axisCount
        func refuse(_ option: String, _ given: String, _ stored: String) -> ValidationError {
            ValidationError("\(option) \(given) differs from the checkpoint's \(stored); omit \(option) when restarting")
        }
        if let dimensions = configuration.dimensions, dimensions != axes { throw refuse("--dims", "\(dimensions)", "\(axes)") }
        let userExtent = Array(problem.extent.reversed())   // x, y[, z]
        for (axis, (option, value)) in [("--nx", configuration.nx), ("--ny", configuration.ny), ("--nz", configuration.nz)].enumerated() {
            guard let value else { continue }
            guard axis < axes else { throw ValidationError("--nz applies to 3-D runs only; the checkpoint is 2-D") }
            if value != userExtent[axis] { throw refuse(option, "\(value)", "\(userExtent[axis]) cells") }
        }
        if let text = configuration.lengths, try HeatConfiguration.parseLengths(text, axes: axes) != problem.lengths {
            throw refuse("--length", text, "box lengths \(problem.lengths.reversed().map { "\($0)" }.joined(separator: ","))")
        }
        if let alpha = configuration.alpha, alpha != problem.alpha { throw refuse("--alpha", "\(alpha)", "alpha \(problem.alpha)") }
        if let timeStep = configuration.timeStep, timeStep != problem.timeStep {
            throw refuse("--dt", "\(timeStep)", "time step \(problem.timeStep)")
        }
        if let scheme = configuration.scheme, scheme != problem.scheme {
            throw refuse("--scheme", scheme.rawValue, "scheme \(problem.scheme.rawValue)")
        }
        if let text = configuration.boundaries, try BoundaryCondition.parseList(text, axes: axes) != problem.boundaries {
            throw refuse("--bc", text, "boundary conditions \(problem.boundaries.reversed().map(\.description).joined(separator: ","))")
        }
        var endStep = configuration.steps ?? HeatConfiguration.defaultSteps
        if let endTime = configuration.endTime {
            endStep = try steps(toReach: endTime, timeStep: problem.timeStep)
        }
        guard header.step <= endStep else {
            throw ValidationError("the checkpoint is at step \(header.step), past the last step \(endStep) of this run")
        }
        if configuration.validatesAgainstExactSolution {
            try requireExactSolution(initialIsSine: header.beganAsSine, boundaries: problem.boundaries)
        }
        return RunPlan(
            problem: problem, initialCondition: nil, initialConditionCode: header.initialCondition,
            startStep: header.step, endStep: endStep, tolerance: configuration.tolerance ?? header.tolerance,
            iterationLimit: configuration.iterationLimit ?? header.iterationLimit,
            validates: configuration.validatesAgainstExactSolution)
    }

    /// The number of steps of size at most `timeStep` that reach `endTime`: T/dt rounded up, or to the
    /// nearest integer when it is one up to rounding, so that a restart with dt = T/n finds n again.
    static func steps(toReach endTime: Double, timeStep: Double) throws(ValidationError) -> Int {
        let quotient = endTime / timeStep
        guard quotient <= Double(HeatConfiguration.maximumSteps) else {
            throw ValidationError("--time \(endTime) needs more than \(HeatConfiguration.maximumSteps) steps of dt \(timeStep)")
        }
        let nearest = quotient.rounded()
        let count = abs(quotient - nearest) <= 1e-9 * max(1, quotient) ? nearest : quotient.rounded(.up)
        return max(1, Int(count))
    }

    private static func requireExactSolution(initialIsSine: Bool, boundaries: [BoundaryCondition]) throws(ValidationError) {
        guard initialIsSine else {
            throw ValidationError("--validate needs --init sine: only the sine problem has a known exact solution")
        }
        guard boundaries.allSatisfy({ $0 == .dirichlet(0) }) else {
            throw ValidationError("--validate needs Dirichlet 0 on every boundary (--bc dirichlet), where the sine problem's exact solution holds")
        }
    }
}
