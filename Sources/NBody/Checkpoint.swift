public import SolverSupport

/// A complete, verifiable snapshot of a run from which it can continue bit for bit.
///
/// The file is little-endian throughout:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `NBODYCKP` |
/// | 4 | format version (1) |
/// | 4 | zero |
/// | 8 | N, the number of bodies |
/// | 8 | step |
/// | 8 | time (double) |
/// | 8 | time step (double) |
/// | 8 | softening ε (double) |
/// | 8 | gravitational constant G (double) |
/// | 56 N | per body in body order: mass, x, y, z, vx, vy, vz (doubles) |
/// | 32 | SHA-256 of everything before it |
///
/// Accelerations are not stored: they are a function of the positions, recomputed identically.
public struct Checkpoint: Sendable, Equatable {
    /// The first eight bytes of every checkpoint.
    public static let magic = Array("NBODYCKP".utf8)
    /// The format version this code writes and reads.
    public static let version: UInt32 = 1
    /// The size of the header, magic included.
    static let headerSize = 64

    /// The number of steps taken.
    public var step: Int
    /// The simulated time.
    public var time: Double
    /// The time step, softening and gravitational constant.
    public var parameters: Parameters
    /// Every body, in body order.
    public var bodies: Bodies

    /// Creates a checkpoint of `bodies` after `step` steps.
    public init(step: Int, time: Double, parameters: Parameters, bodies: Bodies) {
        self.step = step
        self.time = time
        self.parameters = parameters
        self.bodies = bodies
    }

    /// The checkpoint's bytes, digest included.
    public func encoded() -> [UInt8] {
        var writer = LittleEndianWriter(capacity: Self.headerSize + 56 * bodies.count + 32)
        writer.write(Self.magic)
        writer.write(Self.version)
        writer.write(UInt32(0))
        writer.write(UInt64(bodies.count))
        writer.write(UInt64(step))
        writer.write(time)
        writer.write(parameters.timeStep)
        writer.write(parameters.softening)
        writer.write(parameters.gravitationalConstant)
        let columns = bodies.columns
        for body in 0..<bodies.count {
            for column in columns { writer.write(column[body]) }
        }
        let digest = SHA256.hash(writer.bytes)
        writer.write(digest.bytes)
        return writer.bytes
    }

    /// Reads a checkpoint, refusing one that is truncated, corrupt or not a checkpoint at all.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - source: The name to put in messages, usually the path.
    ///   - maximumCount: The most bodies to accept.
    public init(decoding bytes: [UInt8], source: String, maximumCount: Int) throws(ValidationError) {
        guard bytes.count < 8 || Array(bytes.prefix(8)) == Self.magic else {
            throw ValidationError("\(source): not an N-body checkpoint (no NBODYCKP magic)")
        }
        guard bytes.count >= Self.headerSize + 32 else {
            throw ValidationError("\(source): truncated checkpoint (\(bytes.count) bytes, fewer than a header and digest)")
        }
        do throws(ValidationError) {
            var reader = LittleEndianReader(bytes)
            _ = try reader.read(count: 8)
            let version = try reader.read(UInt32.self)
            guard version == Self.version else {
                throw ValidationError("format version \(version), but this program reads version \(Self.version)")
            }
            _ = try reader.read(UInt32.self)
            let count = try reader.read(UInt64.self)
            guard count >= 1, count <= UInt64(maximumCount) else {
                throw ValidationError("\(count) bodies, outside 1…\(maximumCount)")
            }
            let expected = Self.headerSize + 56 * Int(count) + 32
            guard bytes.count == expected else {
                throw ValidationError(bytes.count < expected
                    ? "truncated checkpoint: \(bytes.count) bytes, expected \(expected) for \(count) bodies"
                    : "\(bytes.count) bytes, expected \(expected) for \(count) bodies")
            }
            guard SHA256.hash(bytes[0..<expected - 32]).bytes == Array(bytes[(expected - 32)...]) else {
                throw ValidationError("corrupt checkpoint: the SHA-256 digest does not match the contents")
            }
            let step = try reader.read(UInt64.self)
            guard step <= UInt64(Int.max) else { throw ValidationError("step \(step) is out of range") }
            self.step = Int(step)
            time = try reader.read(Double.self)
            parameters = Parameters(timeStep: try reader.read(Double.self), softening: try reader.read(Double.self),
                                    gravitationalConstant: try reader.read(Double.self))
            var columns = [[Double]](repeating: [Double](repeating: 0, count: Int(count)), count: 7)
            for body in 0..<Int(count) {
                for column in 0..<7 { columns[column][body] = try reader.read(Double.self) }
            }
            bodies = Bodies(mass: columns[0], x: columns[1], y: columns[2], z: columns[3],
                            vx: columns[4], vy: columns[5], vz: columns[6])
        } catch {
            throw error.prefixed(source)
        }
    }

    /// The file name of the checkpoint at `step` inside a checkpoint directory.
    public static func fileName(step: Int) -> String {
        "checkpoint-" + zeroPadded(step, width: 8) + ".nbck"
    }
}

/// `value` in decimal with leading zeros up to `width` digits.
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
