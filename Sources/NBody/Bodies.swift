/// Every body of a system in body order, as a structure of arrays: masses, positions and velocities.
///
/// Initial conditions, files, checkpoints and gathered results use it. A running simulation keeps only
/// its own block of velocities (see ``Simulation``).
public struct Bodies: Sendable, Equatable {
    /// The masses, all positive.
    public var mass: [Double]
    /// The positions' x coordinates.
    public var x: [Double]
    /// The positions' y coordinates.
    public var y: [Double]
    /// The positions' z coordinates.
    public var z: [Double]
    /// The velocities' x components.
    public var vx: [Double]
    /// The velocities' y components.
    public var vy: [Double]
    /// The velocities' z components.
    public var vz: [Double]

    /// Creates `count` bodies of zero mass at rest at the origin.
    public init(count: Int) {
        let zeros = [Double](repeating: 0, count: count)
        (mass, x, y, z, vx, vy, vz) = (zeros, zeros, zeros, zeros, zeros, zeros, zeros)
    }

    /// Creates bodies from arrays of equal length.
    public init(mass: [Double], x: [Double], y: [Double], z: [Double], vx: [Double], vy: [Double], vz: [Double]) {
        precondition(Set([mass.count, x.count, y.count, z.count, vx.count, vy.count, vz.count]).count == 1,
                     "every array of Bodies must have the same length")
        (self.mass, self.x, self.y, self.z, self.vx, self.vy, self.vz) = (mass, x, y, z, vx, vy, vz)
    }

    /// The number of bodies.
    public var count: Int { mass.count }

    /// The seven arrays in the order of the CSV columns and checkpoints: mass, x, y, z, vx, vy, vz.
    var columns: [[Double]] { [mass, x, y, z, vx, vy, vz] }

    /// Moves the bodies into the frame where the centre of mass is at rest at the origin.
    mutating func moveToCentreOfMassFrame() {
        let total = mass.reduce(0, +)
        for column in [\Bodies.x, \.y, \.z, \.vx, \.vy, \.vz] as [WritableKeyPath<Bodies, [Double]>] {
            var weighted = 0.0
            for body in 0..<count { weighted += mass[body] * self[keyPath: column][body] }
            let centre = weighted / total
            for body in 0..<count { self[keyPath: column][body] -= centre }
        }
    }
}
