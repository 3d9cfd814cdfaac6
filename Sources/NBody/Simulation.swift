public import DomainDecomposition
public import MPI
public import SolverSupport

/// One rank's share of an N-body system, advanced by the kick-drift-kick leapfrog.
///
/// Every rank creates it with the same ``Bodies`` and keeps the block of them that the
/// ``BlockPartition`` gives it; all methods are collective. Each step kicks the velocities by half a
/// step, drifts the positions by a whole step, computes the new accelerations, and kicks again, so
/// positions and velocities are synchronous after every step:
///
/// ```swift
/// let simulation = try Simulation(bodies: plummerSphere(count: 1024, seed: 1), parameters: parameters)
/// for _ in 0..<100 { try simulation.advance() }
/// let energy = try simulation.diagnostics()?.totalEnergy   // on rank 0
/// ```
public final class Simulation {
    /// The communicator whose ranks share the bodies.
    public let communicator: Communicator
    /// The constants of the run.
    public let parameters: Parameters
    /// Which bodies each rank owns.
    public let partition: BlockPartition
    /// The number of steps taken since the initial state (a restarted run counts the earlier ones).
    public private(set) var step: Int
    /// Seconds per phase on this rank so far.
    public private(set) var timers = PhaseTimers<Phase>()

    /// The simulated time, `step × timeStep`; computed rather than summed, so a restart agrees exactly.
    public var time: Double { Double(step) * parameters.timeStep }

    // The block's positions and velocities.
    private let x, y, z, vx, vy, vz: AlignedBuffer
    private let solver: ForceSolver
    /// Whether the solver's potentials belong to the current positions.
    private var potentialIsCurrent = false

    /// Creates the simulation from the whole system, the same on every rank, and computes the first
    /// accelerations. Collective.
    ///
    /// - Parameters:
    ///   - bodies: Every body, in body order; at least as many as ranks.
    ///   - step: The number of steps already taken (non-zero when restarting from a checkpoint).
    ///   - parameters: The time step, softening and gravitational constant.
    ///   - exchange: How positions travel between ranks; it changes the speed, not the result.
    ///   - communicator: The ranks that share the bodies.
    public init(bodies: Bodies, step: Int = 0, parameters: Parameters, exchange: Exchange = .ring,
                communicator: Communicator = .world) throws(MPIError) {
        let partition = BlockPartition(count: bodies.count, parts: try communicator.size)
        precondition(bodies.count >= partition.parts, "every rank needs at least one body")
        let block = partition.range(of: try communicator.rank)
        self.communicator = communicator
        self.parameters = parameters
        self.partition = partition
        self.step = step
        (x, y, z) = (AlignedBuffer(bodies.x[block]), AlignedBuffer(bodies.y[block]), AlignedBuffer(bodies.z[block]))
        (vx, vy, vz) = (AlignedBuffer(bodies.vx[block]), AlignedBuffer(bodies.vy[block]), AlignedBuffer(bodies.vz[block]))
        solver = try ForceSolver(
            communicator: communicator, partition: partition, masses: bodies.mass, exchange: exchange,
            gravitationalConstant: parameters.gravitationalConstant, softening: parameters.softening)
        try computeForces(withPotential: true)
    }

    /// Advances one step. Collective.
    ///
    /// - Parameter withPotential: Also compute the potentials at the new positions, which
    ///   ``diagnostics()`` needs; this costs little beside the forces. The result does not depend on it.
    public func advance(withPotential: Bool = false) throws(MPIError) {
        timers.measure(.integration) {
            kick()
            let dt = parameters.timeStep
            let (x, y, z, vx, vy, vz) = (x.pointer, y.pointer, z.pointer, vx.pointer, vy.pointer, vz.pointer)
            for i in 0..<solver.block.count {
                x[i] += dt * vx[i]
                y[i] += dt * vy[i]
                z[i] += dt * vz[i]
            }
        }
        try computeForces(withPotential: withPotential)
        timers.measure(.integration) { kick() }
        step += 1
    }

    /// Energy, momentum and angular momentum of the whole system, summed in body order, so they are
    /// the same for every number of ranks; returned on rank 0, `nil` elsewhere. Collective.
    public func diagnostics() throws(MPIError) -> Diagnostics? {
        if !potentialIsCurrent {
            try computeForces(withPotential: true)
        }
        return try timers.measure(.diagnostics) { () throws(MPIError) -> Diagnostics? in
            let block = solver.block
            var terms = [Double]()
            terms.reserveCapacity(Diagnostics.termsPerBody * block.count)
            let (x, y, z, vx, vy, vz) = (x.pointer, y.pointer, z.pointer, vx.pointer, vy.pointer, vz.pointer)
            for i in 0..<block.count {
                Diagnostics.appendTerms(
                    mass: solver.mass.pointer[block.lowerBound + i], position: SIMD3(x[i], y[i], z[i]),
                    velocity: SIMD3(vx[i], vy[i], vz[i]), potential: solver.potential.pointer[i], to: &terms)
            }
            let all = try gatherBlocks(terms, valuesPerBody: Diagnostics.termsPerBody, root: 0)
            return all.map(Diagnostics.init(terms:))
        }
    }

    /// Every body's current state, in body order, on `root`; `nil` elsewhere. Collective.
    public func gatherBodies(root: Int = 0) throws(MPIError) -> Bodies? {
        try timers.measure(.io) { () throws(MPIError) -> Bodies? in
            var columns: [[Double]] = []
            for local in [x, y, z, vx, vy, vz] {
                // Every rank joins every gather; only the root gets columns back.
                if let column = try gatherBlocks(local.elements, valuesPerBody: 1, root: root) { columns.append(column) }
            }
            guard columns.count == 6 else { return nil }
            let mass = Array(solver.mass.elements[0..<partition.count])
            return Bodies(mass: mass, x: columns[0], y: columns[1], z: columns[2],
                          vx: columns[3], vy: columns[4], vz: columns[5])
        }
    }

    /// Adds an interval spent outside the simulation (writing files, say) to a phase.
    public func charge(_ seconds: Double, to phase: Phase) {
        timers.add(seconds, to: phase)
    }

    /// Gathers every rank's values for its block, `valuesPerBody` per body, in body order on `root`.
    ///
    /// The counts follow from the partition, so they need no exchange of their own.
    private func gatherBlocks(_ local: some Collection<Double>, valuesPerBody: Int, root: Int) throws(MPIError) -> [Double]? {
        let isRoot = try communicator.rank == root
        var all = [Double](repeating: 0, count: isRoot ? valuesPerBody * partition.count : 0)
        try communicator.gatherv(local, into: &all, counts: (0..<partition.parts).map { partition.size(of: $0) * valuesPerBody }, root: root)
        return isRoot ? all : nil
    }

    private func kick() {
        let halfStep = 0.5 * parameters.timeStep
        let (ax, ay, az) = (solver.ax.pointer, solver.ay.pointer, solver.az.pointer)
        let (vx, vy, vz) = (vx.pointer, vy.pointer, vz.pointer)
        for i in 0..<solver.block.count {
            vx[i] += halfStep * ax[i]
            vy[i] += halfStep * ay[i]
            vz[i] += halfStep * az[i]
        }
    }

    private func computeForces(withPotential: Bool) throws(MPIError) {
        try solver.evaluate(x: x, y: y, z: z, withPotential: withPotential, timers: &timers)
        potentialIsCurrent = withPotential
    }
}
