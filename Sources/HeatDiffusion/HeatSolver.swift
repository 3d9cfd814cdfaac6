public import DomainDecomposition
public import MPI
public import SolverSupport

/// One rank's share of a heat-diffusion run: the field, its ghost cells and the time integrator.
///
/// Every method is collective over the process grid. Create it, fill ``field`` (its owned cells), then
/// call ``advance()`` once per step:
///
/// ```swift
/// let grid = try ProcessGrid(dimensions: [0, 0], periodic: problem.periodic)
/// let solver = try HeatSolver(problem: problem, grid: grid)
/// try InitialField.fill(solver.field, with: .sine, problem: problem)
/// for _ in 0..<100 { try solver.advance() }
/// ```
public final class HeatSolver {
    /// The discrete problem.
    public let problem: HeatProblem
    /// The processes and their blocks.
    public let grid: ProcessGrid
    /// Steps taken since time 0 (a restarted run counts the earlier ones).
    public internal(set) var step: Int
    /// Seconds per phase on this rank.
    public internal(set) var timers = PhaseTimers<HeatPhase>()
    /// Seconds this rank spent inside ``advance()``.
    public internal(set) var steppingSeconds = 0.0
    /// The fastest single step on this rank, in seconds: on a shared machine, the step least disturbed
    /// by other work.
    public internal(set) var fastestStepSeconds = Double.infinity
    /// CG iterations of the last step (0 for the explicit scheme).
    public internal(set) var lastIterations = 0
    /// CG iterations summed over the steps of this run.
    public internal(set) var totalIterations = 0
    /// The most CG iterations one step of this run took.
    public internal(set) var maximumIterations = 0
    /// Convergence controls of the implicit scheme.
    public let tolerance: Double
    public let iterationLimit: Int

    /// The simulated time, `step × dt`: computed, not summed, so a restarted run agrees exactly.
    public var time: Double { Double(step) * problem.timeStep }

    /// The current field. Its owned cells are the state; its ghosts are scratch.
    public var field: DistributedArray<Double> { current.array }

    var current: Field
    var next: Field
    let layout: BlockLayout
    let weights: StencilWeights
    let ghosts: BoundaryGhosts
    /// The owned cells whose stencil reads no exchanged ghost, and the band around them (``OverlapSplit``).
    let interior: Box
    let boundary: [Box]
    let owned: Box
    /// Work arrays of conjugate gradient: residual, search direction (exchanged), operator image.
    var residual, direction, image: Field?

    /// Allocates the arrays. Collective.
    ///
    /// - Parameters:
    ///   - problem: The discrete problem; `grid` must be periodic exactly along its periodic axes.
    ///   - grid: The process grid, one axis per array axis.
    ///   - step: The step the field belongs to (non-zero when restarting).
    ///   - tolerance: CG's relative residual ‖r‖/‖b‖ at which a step counts as solved.
    ///   - iterationLimit: The most CG iterations a step may take.
    public init(problem: HeatProblem, grid: ProcessGrid, step: Int = 0, tolerance: Double = 1e-10,
                iterationLimit: Int = 1000) throws(MPIError) {
        precondition(grid.periodic == problem.periodic, "the process grid must be periodic along the periodic axes")
        self.problem = problem
        self.grid = grid
        self.step = step
        self.tolerance = tolerance
        self.iterationLimit = iterationLimit
        current = try Field(grid: grid, extent: problem.extent, exchanged: true)
        next = try Field(grid: grid, extent: problem.extent, exchanged: true)
        let array = current.array
        layout = BlockLayout(origin: problem.axisCount == 2 ? array.offset(0, 0) : array.offset(0, 0, 0), strides: array.strides)
        weights = StencilWeights(problem.neighbourWeights)
        ghosts = BoundaryGhosts(array: array, boundaries: problem.boundaries, layout: layout)
        let split = OverlapSplit(array)
        interior = split.interior
        boundary = split.band
        owned = Box(array.ownedRegion)
        if problem.scheme == .implicit {
            residual = try Field(grid: grid, extent: problem.extent, exchanged: false)
            direction = try Field(grid: grid, extent: problem.extent, exchanged: true)
            image = try Field(grid: grid, extent: problem.extent, exchanged: false)
        }
    }

    /// Advances the field by one time step. Collective.
    ///
    /// - Throws: ``ValidationError`` (on every rank alike) when conjugate gradient does not converge;
    ///   ``MPIError`` when MPI fails.
    public func advance() throws {
        let started = Environment.wallTime()
        defer {
            let seconds = Environment.wallTime() - started
            steppingSeconds += seconds
            fastestStepSeconds = min(fastestStepSeconds, seconds)
        }
        switch problem.scheme {
        case .explicit: try forwardEulerStep()
        case .implicit: try backwardEulerStep()
        }
        swap(&current, &next)
        step += 1
    }

    /// Adds time spent outside the solver (I/O, progress reductions) to a phase.
    public func charge(_ seconds: Double, to phase: HeatPhase) {
        timers.add(seconds, to: phase)
    }

    /// Runs `body` and charges its duration to `phase`.
    public func measure<R, E: Error>(_ phase: HeatPhase, _ body: () throws(E) -> R) throws(E) -> R {
        try timers.measure(phase, body)
    }

    // MARK: Stencil application

    /// One explicit step: v = u + dt α ∇²_h u with the boundary conditions' ghosts.
    func forwardEulerStep() throws(MPIError) {
        try apply(weights.forwardEuler, to: current, into: next, homogeneousGhosts: false)
    }

    /// Applies A = I − dt α L_h (homogeneous ghosts) to `p` into `q`.
    func applyOperator(_ p: Field, into q: Field) throws(MPIError) {
        try apply(weights.backwardEulerOperator, to: p, into: q, homogeneousGhosts: true)
    }

    /// Applies `stencil` to `u` into `v`, the halo exchange overlapped with the interior update: begin the
    /// exchange, set the physical ghosts, update the interior, finish the exchange, update the boundary band.
    private func apply(_ stencil: Stencil, to u: Field, into v: Field, homogeneousGhosts: Bool) throws(MPIError) {
        try timers.measure(.halo) { () throws(MPIError) in try u.halo!.begin() }
        timers.measure(.compute) {
            ghosts.fill(u.base, homogeneous: homogeneousGhosts)
            sweep(stencil, u, v, interior)
        }
        try timers.measure(.halo) { () throws(MPIError) in try u.halo!.finish() }
        timers.measure(.compute) {
            for box in boundary { sweep(stencil, u, v, box) }
        }
    }

    private func sweep(_ stencil: Stencil, _ u: Field, _ v: Field, _ box: Box) {
        if box.isEmpty { return }
        if problem.axisCount == 2 {
            StencilKernels.sweep2D(stencil, from: u.base, to: v.base, box: box, layout: layout)
        } else {
            StencilKernels.sweep3D(stencil, from: u.base, to: v.base, box: box, layout: layout)
        }
    }
}

extension Box {
    init(_ region: Region) {
        self.init(lower: region.lower, upper: region.upper)
    }
}
