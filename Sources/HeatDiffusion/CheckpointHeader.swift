public import SolverSupport

/// The self-describing header of a heat checkpoint.
///
/// A checkpoint is this 256-byte header followed by the field, little-endian doubles in global row-major
/// order (slowest axis first), written collectively with MPI-IO. Header layout, little-endian:
///
/// | offset | bytes | content |
/// |---|---|---|
/// | 0 | 8 | magic `SWHEATCK` |
/// | 8 | 4 | format version (1) |
/// | 12 | 4 | number of axes, 2 or 3 |
/// | 16 | 24 | cells along each axis, UInt64, slowest first; unused slots 0 |
/// | 40 | 24 | box length along each axis, double; unused slots 0 |
/// | 64 | 8 | step, UInt64 |
/// | 72 | 8 | time, double |
/// | 80 | 8 | dt, double |
/// | 88 | 8 | α, double |
/// | 96 | 4 | scheme: 1 explicit, 2 implicit |
/// | 100 | 4 | initial condition the run began with: 1 sine, 2 gaussian, 3 file |
/// | 104 | 48 | per axis: condition code (UInt32: 1 Dirichlet, 2 Neumann, 3 periodic), 4 zero bytes, Dirichlet value (double) |
/// | 152 | 8 | CG tolerance, double |
/// | 160 | 8 | CG iteration limit, UInt64 |
/// | 168 | 8 | field checksum (``FieldChecksum``), UInt64 |
/// | 176 | 48 | zero |
/// | 224 | 32 | SHA-256 of bytes 0 ..< 224 |
public struct CheckpointHeader: Sendable, Equatable {
    public static let magic = Array("SWHEATCK".utf8)
    public static let version: UInt32 = 1
    /// The size of the header; the field starts at this byte.
    public static let size = 256
    static let digestOffset = 224

    public var problem: HeatProblem
    public var step: Int
    public var time: Double
    public var initialCondition: UInt32
    public var tolerance: Double
    public var iterationLimit: Int
    public var fieldChecksum: UInt64

    public init(problem: HeatProblem, step: Int, time: Double, initialCondition: UInt32, tolerance: Double,
                iterationLimit: Int, fieldChecksum: UInt64) {
        self.problem = problem
        self.step = step
        self.time = time
        self.initialCondition = initialCondition
        self.tolerance = tolerance
        self.iterationLimit = iterationLimit
        self.fieldChecksum = fieldChecksum
    }

    /// Whether the checkpoint began as the `sine` problem (so `--validate` applies to it).
    public var beganAsSine: Bool { initialCondition == InitialCondition.sine.code }

    /// The size of the whole checkpoint file.
    public var fileSize: Int { Self.size + 8 * problem.cellCount }

    /// The 256 header bytes, digest included.
    public func encoded() -> [UInt8] {
        var writer = LittleEndianWriter(capacity: Self.size)
        writer.write(Self.magic)
        writer.write(Self.version)
        writer.write(UInt32(problem.axisCount))
        for axis in 0..<3 { writer.write(UInt64(axis < problem.axisCount ? problem.extent[axis] : 0)) }
        for axis in 0..<3 { writer.write(axis < problem.axisCount ? problem.lengths[axis] : 0) }
        writer.write(UInt64(step))
        writer.write(time)
        writer.write(problem.timeStep)
        writer.write(problem.alpha)
        writer.write(problem.scheme.code)
        writer.write(initialCondition)
        for axis in 0..<3 {
            let condition = axis < problem.axisCount ? problem.boundaries[axis] : nil
            writer.write(condition?.code ?? 0)
            writer.write(UInt32(0))
            writer.write(condition?.value ?? 0)
        }
        writer.write(tolerance)
        writer.write(UInt64(iterationLimit))
        writer.write(fieldChecksum)
        writer.write([UInt8](repeating: 0, count: Self.digestOffset - writer.bytes.count))
        writer.write(SHA256.hash(writer.bytes).bytes)
        return writer.bytes
    }

    /// Decodes and checks a header.
    ///
    /// - Parameters:
    ///   - bytes: At least the first 256 bytes of the file (or all of it, when shorter).
    ///   - fileSize: The file's size, to refuse a truncated checkpoint.
    ///   - source: The path, for messages.
    public init(decoding bytes: [UInt8], fileSize: Int, source: String) throws(ValidationError) {
        guard bytes.count < 8 || Array(bytes.prefix(8)) == Self.magic else {
            throw ValidationError("\(source): not a heat checkpoint (no SWHEATCK magic)")
        }
        guard bytes.count >= Self.size else {
            throw ValidationError("\(source): truncated checkpoint (\(fileSize) bytes, shorter than the \(Self.size)-byte header)")
        }
        guard SHA256.hash(bytes[0..<Self.digestOffset]).bytes == Array(bytes[Self.digestOffset..<Self.size]) else {
            throw ValidationError("\(source): corrupt checkpoint: the header's SHA-256 does not match its contents")
        }
        do throws(ValidationError) {
            var reader = LittleEndianReader(Array(bytes.prefix(Self.size)))
            _ = try reader.read(count: 8)
            let version = try reader.read(UInt32.self)
            guard version == Self.version else {
                throw ValidationError("format version \(version), but this program reads version \(Self.version)")
            }
            let axes = Int(try reader.read(UInt32.self))
            guard axes == 2 || axes == 3 else { throw ValidationError("\(axes) axes; expected 2 or 3") }
            var extent: [Int] = []
            for axis in 0..<3 {
                let cells = try reader.read(UInt64.self)
                if axis < axes {
                    guard cells >= 1, cells <= UInt64(HeatConfiguration.maximumCellsPerAxis) else {
                        throw ValidationError("axis \(axis) has \(cells) cells")
                    }
                    extent.append(Int(cells))
                }
            }
            var lengths: [Double] = []
            for axis in 0..<3 {
                let length = try reader.read(Double.self)
                if axis < axes {
                    guard length > 0, length.isFinite else { throw ValidationError("box length \(length) on axis \(axis)") }
                    lengths.append(length)
                }
            }
            let step = try reader.read(UInt64.self)
            guard step <= UInt64(HeatConfiguration.maximumSteps) else { throw ValidationError("step \(step) is out of range") }
            let time = try reader.read(Double.self)
            let timeStep = try reader.read(Double.self)
            let alpha = try reader.read(Double.self)
            guard timeStep > 0, timeStep.isFinite, alpha > 0, alpha.isFinite, time.isFinite else {
                throw ValidationError("invalid dt \(timeStep), alpha \(alpha) or time \(time)")
            }
            guard let scheme = Scheme(code: try reader.read(UInt32.self)) else { throw ValidationError("unknown scheme code") }
            let initialCondition = try reader.read(UInt32.self)
            var boundaries: [BoundaryCondition] = []
            for axis in 0..<3 {
                let code = try reader.read(UInt32.self)
                _ = try reader.read(UInt32.self)
                let value = try reader.read(Double.self)
                if axis < axes {
                    guard let condition = BoundaryCondition(code: code, value: value) else {
                        throw ValidationError("unknown boundary condition code \(code) on axis \(axis)")
                    }
                    boundaries.append(condition)
                }
            }
            tolerance = try reader.read(Double.self)
            let limit = try reader.read(UInt64.self)
            guard limit <= UInt64(Int32.max) else { throw ValidationError("CG iteration limit \(limit) is out of range") }
            iterationLimit = Int(limit)
            fieldChecksum = try reader.read(UInt64.self)
            problem = HeatProblem(extent: extent, lengths: lengths, alpha: alpha, timeStep: timeStep, scheme: scheme,
                                  boundaries: boundaries)
            self.step = Int(step)
            self.time = time
            self.initialCondition = initialCondition
        } catch {
            throw error.prefixed("\(source): corrupt checkpoint header")
        }
        guard fileSize == self.fileSize else {
            throw ValidationError(fileSize < self.fileSize
                ? "\(source): truncated checkpoint: \(fileSize) bytes, expected \(self.fileSize) for \(HeatProblem.describe(problem.extent)) cells"
                : "\(source): \(fileSize) bytes, expected \(self.fileSize) for \(HeatProblem.describe(problem.extent)) cells")
        }
    }

    /// The file name of the checkpoint at `step` inside a checkpoint directory.
    public static func fileName(step: Int) -> String {
        "heat_" + zeroPadded(step, width: 8) + ".ckpt"
    }
}

/// `value` in decimal with leading zeros up to `width` digits.
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
