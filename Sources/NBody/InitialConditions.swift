public import SolverSupport

/// Where the bodies of a run come from.
public enum InitialConditions: Sendable, Equatable {
    /// A Plummer sphere in virial equilibrium (``plummerSphere(count:seed:gravitationalConstant:)``).
    case plummer
    /// A cold uniform cube (``coldCube(count:seed:)``).
    case uniform
    /// Bodies read from a CSV file (``BodyCSV``).
    case file(path: String)

    /// Parses `plummer`, `uniform` or `file:PATH`.
    public init(parsing text: String) throws(ValidationError) {
        switch text {
        case "plummer": self = .plummer
        case "uniform": self = .uniform
        case _ where text.hasPrefix("file:") && text.count > 5: self = .file(path: String(text.dropFirst(5)))
        default: throw ValidationError("--ic must be plummer, uniform or file:PATH, got '\(text)'")
        }
    }
}

/// Returns a Plummer sphere of `count` equal-mass bodies in virial equilibrium, in N-body units
/// (total mass 1, total energy −G/4 for an infinite number of bodies), in its centre-of-mass frame.
///
/// The sampling is Aarseth, Hénon and Wielen's (1974): a radius from the inverse cumulative mass
/// profile, truncated at 99.9 % of the mass; a speed by rejection from the isotropic distribution
/// function; isotropic directions. Positions are then scaled by 3π/16 and velocities by √(16/(3π)) to
/// go from the Plummer scale radius to N-body units; velocities also by √G, so the sphere is in
/// equilibrium for any gravitational constant. Only additions, multiplications, divisions and square
/// roots are used (no `pow`, `sin` or `cos`, whose last bits differ between C libraries), so a seed
/// gives the same bodies, bit for bit, on every platform.
public func plummerSphere(count: Int, seed: UInt64, gravitationalConstant: Double = 1) -> Bodies {
    var random = Xoshiro256StarStar(seed: seed)
    var bodies = Bodies(count: count)
    let lengthScale = 3 * Double.pi / 16
    let speedScale = (gravitationalConstant / lengthScale).squareRoot()
    for body in 0..<count {
        // Radius enclosing a uniformly drawn mass fraction m: r = (m^(-2/3) − 1)^(-1/2).
        var fraction = 0.0
        repeat { fraction = random.nextUnit() } while fraction == 0 || fraction > 0.999
        let inverseCubeRoot = 1 / cubeRoot(fraction)
        let radius = 1 / (inverseCubeRoot * inverseCubeRoot - 1).squareRoot()
        let position = randomDirection(&random)
        // Speed q·v_escape with q drawn from g(q) ∝ q²(1 − q²)^(7/2) by rejection (g < 0.1 everywhere).
        var q = 0.0
        while true {
            q = random.nextUnit()
            let height = 0.1 * random.nextUnit()
            let rest = 1 - q * q
            if height < q * q * rest * rest * rest * rest.squareRoot() { break }
        }
        let escapeSpeed = 2.0.squareRoot() / (1 + radius * radius).squareRoot().squareRoot()
        let velocity = randomDirection(&random)
        bodies.mass[body] = 1 / Double(count)
        bodies.x[body] = lengthScale * radius * position.x
        bodies.y[body] = lengthScale * radius * position.y
        bodies.z[body] = lengthScale * radius * position.z
        bodies.vx[body] = speedScale * q * escapeSpeed * velocity.x
        bodies.vy[body] = speedScale * q * escapeSpeed * velocity.y
        bodies.vz[body] = speedScale * q * escapeSpeed * velocity.z
    }
    bodies.moveToCentreOfMassFrame()
    return bodies
}

/// Returns `count` equal-mass bodies (total mass 1) at rest, uniformly distributed in the cube
/// [−½, ½]³, in their centre-of-mass frame: the classic cold-collapse test.
public func coldCube(count: Int, seed: UInt64) -> Bodies {
    var random = Xoshiro256StarStar(seed: seed)
    var bodies = Bodies(count: count)
    for body in 0..<count {
        bodies.mass[body] = 1 / Double(count)
        bodies.x[body] = random.nextUnit() - 0.5
        bodies.y[body] = random.nextUnit() - 0.5
        bodies.z[body] = random.nextUnit() - 0.5
    }
    bodies.moveToCentreOfMassFrame()
    return bodies
}

/// A unit vector with an isotropic direction: a point drawn uniformly in the unit ball (by rejection
/// from the cube), normalised.
private func randomDirection(_ random: inout Xoshiro256StarStar) -> (x: Double, y: Double, z: Double) {
    while true {
        let x = 2 * random.nextUnit() - 1, y = 2 * random.nextUnit() - 1, z = 2 * random.nextUnit() - 1
        let squared = x * x + y * y + z * z
        // Points very near the centre would amplify rounding when normalised.
        if squared <= 1 && squared > 1e-6 {
            let length = squared.squareRoot()
            return (x / length, y / length, z / length)
        }
    }
}

/// The real cube root of `value` > 0 by Newton's method from a power-of-two first guess; only basic
/// arithmetic, so the result is the same on every IEEE 754 platform.
func cubeRoot(_ value: Double) -> Double {
    var root = Double(sign: .plus, exponent: value.exponent / 3, significand: 1)
    for _ in 0..<100 {
        let next = root - (root * root * root - value) / (3 * root * root)
        if next == root { break }
        root = next
    }
    return root
}
