import DomainDecomposition
import MPI
import SolverSupport

/// Computes the accelerations of one rank's block of bodies from the positions of all bodies.
///
/// Holds every body's position and mass (padded for the kernel), exchanges positions between ranks by
/// the chosen ``Exchange``, and adds the kernel's chunk sums in increasing chunk order, so that the
/// result does not depend on the exchange or on the number of ranks (see ``GravityKernel``).
final class ForceSolver {
    let communicator: Communicator
    let partition: BlockPartition
    let rank: Int
    let exchange: Exchange
    let gravitationalConstant: Double
    /// The bodies whose accelerations this rank computes.
    let block: Range<Int>

    /// Positions and masses of all bodies, padded to a multiple of the lane count with massless bodies.
    let x, y, z, mass: AlignedBuffer
    /// Results for the block's bodies: G × the kernel's sums.
    let ax, ay, az, potential: AlignedBuffer

    private let softening: Double
    private let chunkSize: Int
    private let chunkCount: Int
    /// For the ring: each chunk's sums per block body, kept until they can be added in chunk order.
    /// Chunk `c` holds four arrays of `block.count` doubles (x, y, z, potential) from `4 c × block.count`.
    private let partials: AlignedBuffer?

    /// Creates a solver for the bodies of `rank` in `partition`, given every body's mass.
    ///
    /// The communicator is duplicated, so the exchange's messages never meet anyone else's.
    init(communicator: Communicator, partition: BlockPartition, masses: [Double], exchange: Exchange,
         gravitationalConstant: Double, softening: Double) throws(MPIError) {
        self.communicator = try communicator.duplicate()
        self.partition = partition
        self.rank = try communicator.rank
        self.exchange = exchange
        self.gravitationalConstant = gravitationalConstant
        block = partition.range(of: rank)
        let lanes = GravityKernel.laneCount
        let padded = (partition.count + lanes - 1) / lanes * lanes
        (x, y, z, mass) = (AlignedBuffer(count: padded), AlignedBuffer(count: padded),
                           AlignedBuffer(count: padded), AlignedBuffer(count: padded))
        _ = mass.elements.update(fromContentsOf: masses)
        (ax, ay, az, potential) = (AlignedBuffer(count: block.count), AlignedBuffer(count: block.count),
                                   AlignedBuffer(count: block.count), AlignedBuffer(count: block.count))
        chunkSize = GravityKernel.chunkSize(bodies: partition.count)
        chunkCount = (partition.count + chunkSize - 1) / chunkSize
        partials = exchange == .ring && partition.parts > 1 ? AlignedBuffer(count: 4 * chunkCount * block.count) : nil
        self.softening = softening
    }

    /// Computes the accelerations, and the potentials when `withPotential`, of the block's bodies,
    /// whose positions are `localX`, `localY`, `localZ`. Collective.
    func evaluate(x localX: AlignedBuffer, y localY: AlignedBuffer, z localZ: AlignedBuffer, withPotential: Bool,
                  timers: inout PhaseTimers<Phase>) throws(MPIError) {
        // Alone, a rank has nothing to exchange, and the direct path sums in the same order.
        if exchange == .ring && partition.parts > 1 {
            try evaluateAlongRing(localX, localY, localZ, withPotential, &timers)
        } else {
            try evaluateAfterAllGather(localX, localY, localZ, withPotential, &timers)
        }
        timers.measure(.forces) {
            let g = gravitationalConstant
            for buffer in withPotential ? [ax, ay, az, potential] : [ax, ay, az] {
                for slot in buffer.elements.indices { buffer.elements[slot] *= g }
            }
        }
    }

    /// Gathers all positions, then sums chunk by chunk straight into the results.
    private func evaluateAfterAllGather(_ localX: AlignedBuffer, _ localY: AlignedBuffer, _ localZ: AlignedBuffer,
                                        _ withPotential: Bool, _ timers: inout PhaseTimers<Phase>) throws(MPIError) {
        let counts = (0..<partition.parts).map(partition.size(of:))
        try timers.measure(.communication) { () throws(MPIError) in
            for (local, global) in [(localX, x), (localY, y), (localZ, z)] {
                var all = UnsafeMutableBufferPointer(rebasing: global.elements[0..<partition.count])
                try communicator.allGatherv(local.elements, into: &all, counts: counts)
            }
        }
        timers.measure(.forces) {
            let output = self.output(base: nil, withPotential: withPotential)
            for buffer in [ax, ay, az, potential] { buffer.zero() }
            for chunk in 0..<chunkCount {
                kernel.run(targets: block, sources: sources(of: chunk), into: output, accumulate: true)
            }
        }
    }

    /// Passes position blocks around the ring (each rank receives from its left and sends to its right
    /// neighbour), summing every chunk as soon as all its bodies are present, then adds the chunk sums
    /// in chunk order.
    private func evaluateAlongRing(_ localX: AlignedBuffer, _ localY: AlignedBuffer, _ localZ: AlignedBuffer,
                                   _ withPotential: Bool, _ timers: inout PhaseTimers<Phase>) throws(MPIError) {
        let size = partition.parts
        let left = (rank + size - 1) % size, right = (rank + 1) % size
        var missing = (0..<chunkCount).map { sources(of: $0).count }
        var ready: [Int] = []
        var computed = 0

        // A block's positions travel as one message: its x, then y, then z.
        var outgoing = [Double]()
        outgoing.reserveCapacity(3 * (partition.count / size + 1))
        outgoing += localX.elements
        outgoing += localY.elements
        outgoing += localZ.elements
        var incoming = [Double]()
        incoming.reserveCapacity(outgoing.capacity)
        timers.measure(.communication) { place(outgoing, block: rank, missing: &missing, ready: &ready) }

        // Timed by hand: a noncopyable request cannot be consumed inside a closure.
        var clock = Environment.wallTime()
        func charge(_ phase: Phase) {
            let now = Environment.wallTime()
            timers.add(now - clock, to: phase)
            clock = now
        }
        for step in 1..<size {
            let arriving = (rank + size - step) % size
            incoming.removeAll(keepingCapacity: true)
            incoming.append(contentsOf: repeatElement(0, count: 3 * partition.range(of: arriving).count))
            var receive = try communicator.ireceive(into: consume incoming, from: left, tag: step)
            let send = try communicator.isend(consume outgoing, to: right, tag: step)
            charge(.communication)
            while computed < ready.count {
                computeChunk(ready[computed], withPotential: withPotential)
                computed += 1
                _ = try receive.test()  // lets MPI progress the transfer between chunks
            }
            charge(.forces)
            incoming = try send.wait().buffer  // its storage becomes the next receive buffer
            outgoing = try receive.wait().buffer  // forwarded at the next step
            place(outgoing, block: arriving, missing: &missing, ready: &ready)
            charge(.communication)
        }
        while computed < ready.count {
            computeChunk(ready[computed], withPotential: withPotential)
            computed += 1
        }
        addPartialsInChunkOrder(withPotential: withPotential)
        charge(.forces)
    }

    /// Copies a block's positions from a ring message into the global arrays and marks the chunks it
    /// completes as ready.
    private func place(_ message: [Double], block: Int, missing: inout [Int], ready: inout [Int]) {
        let range = partition.range(of: block)
        let count = range.count
        for (offset, global) in [x, y, z].enumerated() {
            _ = UnsafeMutableBufferPointer(rebasing: global.elements[range])
                .update(fromContentsOf: message[offset * count..<(offset + 1) * count])
        }
        guard !range.isEmpty else { return }
        for chunk in range.lowerBound / chunkSize...(range.upperBound - 1) / chunkSize {
            let overlap = sources(of: chunk).clamped(to: range).count
            missing[chunk] -= overlap
            if missing[chunk] == 0 { ready.append(chunk) }
        }
    }

    /// Stores one chunk's sums for every block body in the partials.
    private func computeChunk(_ chunk: Int, withPotential: Bool) {
        let base = partials!.pointer + 4 * chunk * block.count
        kernel.run(targets: block, sources: sources(of: chunk), into: output(base: base, withPotential: withPotential),
                   accumulate: false)
    }

    /// Adds the chunk sums of every block body in increasing chunk order: the same additions, in the
    /// same order, as the all-gather path makes.
    private func addPartialsInChunkOrder(withPotential: Bool) {
        let n = block.count
        for buffer in [ax, ay, az, potential] { buffer.zero() }
        for chunk in 0..<chunkCount {
            let base = partials!.pointer + 4 * chunk * n
            for (component, buffer) in [ax, ay, az, potential].enumerated() where component < 3 || withPotential {
                let sums = base + component * n
                for slot in 0..<n { buffer.pointer[slot] += sums[slot] }
            }
        }
    }

    /// The bodies of chunk `chunk`.
    private func sources(of chunk: Int) -> Range<Int> {
        chunk * chunkSize..<min((chunk + 1) * chunkSize, partition.count)
    }

    /// Where the kernel writes: the results (`base == nil`) or a chunk's partials.
    private func output(base: UnsafeMutablePointer<Double>?, withPotential: Bool) -> GravityKernel.Output {
        let n = block.count
        guard let base else {
            return .init(x: ax.pointer, y: ay.pointer, z: az.pointer, potential: withPotential ? potential.pointer : nil)
        }
        return .init(x: base, y: base + n, z: base + 2 * n, potential: withPotential ? base + 3 * n : nil)
    }

    private var kernel: GravityKernel {
        GravityKernel(x: x.pointer, y: y.pointer, z: z.pointer, mass: mass.pointer, softening: softening)
    }
}
