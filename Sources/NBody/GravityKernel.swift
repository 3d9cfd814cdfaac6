import SolverSupport

/// The direct-summation kernel: accelerations (and optionally potentials) of target bodies from one
/// chunk of source bodies, with Plummer softening, in double precision.
///
/// Each interaction needs 1/√r²; the kernel takes it from ``inverseSquareRoot(_:_:)-(SIMD8<Double>,_)``,
/// which is as accurate as `1 / r2.squareRoot()` and leaves the divide/square-root unit, which bounded
/// that expression, idle.
///
/// ## Why the result does not depend on the number of ranks
///
/// Floating-point addition is not associative, so a sum's bits depend on its order. Here the order is
/// fixed by global body indices alone:
///
/// - Sources are cut into chunks of ``chunkSize`` bodies, a multiple of ``laneCount`` that depends only
///   on the number of bodies.
/// - Within a chunk, source `j` always goes to SIMD lane `j mod 8`; each lane adds its sources in
///   increasing `j`, and the lanes are then added in one fixed tree.
/// - A target's chunk sums are added in increasing chunk order (``ForceSolver`` does this, whichever
///   exchange delivered the chunks).
///
/// Every target is computed the same way whatever rank owns it and whatever else that rank computes, so
/// the state after any number of steps is bitwise identical on 1, 2, 3, … ranks.
///
/// The scalar path (debug builds, `SolverSupport.kernelsUseSIMD`) keeps the eight lanes as eight scalar
/// sums and performs each lane's operations in the same order, so it gives the same bits.
///
/// A source of zero mass (the padding after the last body), a coincident source (the body itself when
/// the softening is zero) and a source so far away that r² overflows contribute exactly +0 or −0, which
/// leaves every sum unchanged.
struct GravityKernel {
    /// The SIMD width of the lane assignment; part of the result's definition, not a tuning knob.
    static let laneCount = 8
    typealias Lanes = SIMD8<Double>

    /// Sources per chunk: 512, or more for systems over 32 768 bodies so that there are at most 64
    /// chunks (a ring exchange keeps one partial sum per target and chunk).
    static func chunkSize(bodies: Int) -> Int {
        let spread = (bodies + 63) / 64
        return max(512, (spread + laneCount - 1) / laneCount * laneCount)
    }

    /// Source positions and masses in body order, padded with massless bodies at the origin to a
    /// multiple of ``laneCount``.
    let x, y, z, mass: UnsafePointer<Double>
    /// The softening length ε.
    let softening: Double

    /// Where a chunk's sums go: the arrays for targets `0..<count` of the caller's block.
    struct Output {
        let x, y, z: UnsafeMutablePointer<Double>
        /// The potential per unit target mass, without the factor G; `nil` when not wanted.
        let potential: UnsafeMutablePointer<Double>?

        /// Adds one target's sums to its slot (`accumulate`) or stores them there.
        @inline(__always)
        func store(_ slot: Int, _ sx: Double, _ sy: Double, _ sz: Double, _ sPotential: Double, accumulate: Bool) {
            if accumulate {
                x[slot] += sx
                y[slot] += sy
                z[slot] += sz
                potential?[slot] += sPotential
            } else {
                x[slot] = sx
                y[slot] = sy
                z[slot] = sz
                potential?[slot] = sPotential
            }
        }
    }

    /// Computes the sums over the sources `sources` (a chunk, starting at a multiple of ``laneCount``)
    /// for the targets with global indices `targets`, and adds them to `output` (`accumulate`) or
    /// stores them there.
    func run(targets: Range<Int>, sources: Range<Int>, into output: Output, accumulate: Bool,
             vectorised: Bool = kernelsUseSIMD) {
        switch (vectorised, output.potential != nil) {
        case (true, false): sweep(targets: targets, sources: sources, into: output, accumulate: accumulate, potential: false)
        case (true, true): sweep(targets: targets, sources: sources, into: output, accumulate: accumulate, potential: true)
        case (false, let potential):
            sweepLaneByLane(targets: targets, sources: sources, into: output, accumulate: accumulate, potential: potential)
        }
    }

    /// One copy of the loop per `potential`, so the force-only loop carries nothing of the potential.
    @inline(__always)
    private func sweep(targets: Range<Int>, sources: Range<Int>, into output: Output, accumulate: Bool, potential: Bool) {
        let epsilon2 = Lanes(repeating: softening * softening)
        let multiplyAdd = MultiplyAdd()
        let end = (sources.upperBound + Self.laneCount - 1) / Self.laneCount * Self.laneCount
        for target in targets {
            let xi = Lanes(repeating: x[target]), yi = Lanes(repeating: y[target]), zi = Lanes(repeating: z[target])
            var ax = Lanes(), ay = Lanes(), az = Lanes(), phi = Lanes()
            var indices = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) &+ Int64(sources.lowerBound)
            let me = SIMD8<Int64>(repeating: Int64(target))
            var j = sources.lowerBound
            while j < end {
                let dx = load(x, j) - xi, dy = load(y, j) - yi, dz = load(z, j) - zi
                let m = load(mass, j)
                let r2 = multiplyAdd(dz, dz, multiplyAdd(dy, dy, multiplyAdd(dx, dx, epsilon2)))
                let inverse = inverseSquareRoot(r2, multiplyAdd)
                // Coincident bodies without softening, and r² overflowed: the inverse is not 1/√r² there.
                let outside = (r2 .== 0) .| (r2 .== .infinity)
                var strength = m * (inverse * inverse * inverse)
                strength.replace(with: 0, where: outside)
                ax = multiplyAdd(dx, strength, ax)
                ay = multiplyAdd(dy, strength, ay)
                az = multiplyAdd(dz, strength, az)
                if potential {
                    var term = m * inverse
                    term.replace(with: 0, where: outside .| (indices .== me))
                    phi -= term
                    indices &+= 8
                }
                j += Self.laneCount
            }
            output.store(target - targets.lowerBound, sumLanes(ax), sumLanes(ay), sumLanes(az),
                         potential ? sumLanes(phi) : 0, accumulate: accumulate)
        }
    }

    /// The vector loop's operations one lane at a time, in the same order: lane `l` of a chunk holds the
    /// sum over sources `j ≡ l (mod 8)`.
    private func sweepLaneByLane(targets: Range<Int>, sources: Range<Int>, into output: Output, accumulate: Bool,
                                 potential: Bool) {
        let epsilon2 = softening * softening
        let multiplyAdd = MultiplyAdd()
        let end = (sources.upperBound + Self.laneCount - 1) / Self.laneCount * Self.laneCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * Self.laneCount) { sums in
            let (ax, ay, az, phi) = (sums.baseAddress!, sums.baseAddress! + 8, sums.baseAddress! + 16, sums.baseAddress! + 24)
            for target in targets {
                let (xi, yi, zi) = (x[target], y[target], z[target])
                sums.initialize(repeating: 0)
                // One plain loop over the sources (unoptimised builds run this path, and iterators cost
                // there): lane `source mod 8` still adds its sources in increasing order.
                var source = sources.lowerBound
                while source < end {
                    let lane = source & (Self.laneCount - 1)
                    let dx = x[source] - xi, dy = y[source] - yi, dz = z[source] - zi
                    let m = mass[source]
                    let r2 = multiplyAdd(dz, dz, multiplyAdd(dy, dy, multiplyAdd(dx, dx, epsilon2)))
                    let inverse = inverseSquareRoot(r2, multiplyAdd)
                    let outside = r2 == 0 || r2 == .infinity
                    let strength = outside ? 0 : m * (inverse * inverse * inverse)
                    ax[lane] = multiplyAdd(dx, strength, ax[lane])
                    ay[lane] = multiplyAdd(dy, strength, ay[lane])
                    az[lane] = multiplyAdd(dz, strength, az[lane])
                    if potential { phi[lane] -= outside || source == target ? 0 : m * inverse }
                    source += 1
                }
                output.store(target - targets.lowerBound, sumLanes(ax), sumLanes(ay), sumLanes(az),
                             potential ? sumLanes(phi) : 0, accumulate: accumulate)
            }
        }
    }

    @inline(__always)
    private func load(_ base: UnsafePointer<Double>, _ index: Int) -> Lanes {
        UnsafeRawPointer(base + index).loadUnaligned(as: Lanes.self)
    }
}

/// The sum of the lanes in one fixed tree: halves, then quarters, then the last pair.
@inline(__always)
func sumLanes(_ lanes: SIMD8<Double>) -> Double {
    let four = lanes.lowHalf + lanes.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

/// ``sumLanes(_:)`` of eight lanes kept as scalars at `lanes[0 ..< 8]`: the same additions.
@inline(__always)
func sumLanes(_ lanes: UnsafePointer<Double>) -> Double {
    let four = (lanes[0] + lanes[4], lanes[1] + lanes[5], lanes[2] + lanes[6], lanes[3] + lanes[7])
    return (four.0 + four.2) + (four.1 + four.3)
}
