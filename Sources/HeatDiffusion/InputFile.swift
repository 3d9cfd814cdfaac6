public import DomainDecomposition
public import MPI
public import SolverSupport

/// Reading an initial field from a raw array file (`--init file:PATH`), the format
/// `DistributedArray.write(toRawFile:)` writes: a 64-byte header, then the array in global row-major
/// order.
public enum InputFile {
    /// Checks the raw array file at `path` against the run's extent: magic, version, axes, element type
    /// (Float64) and size. Run on one rank; a pure check of the file.
    public static func check(_ path: String, extent: [Int]) throws(ValidationError) {
        let header = try FileSystem.readPrefix(path, count: RawArrayFile.headerSize)
        let size = try FileSystem.size(of: path)
        guard header.count == RawArrayFile.headerSize, Array(header.prefix(8)) == Array("SWMPIARR".utf8) else {
            throw ValidationError("\(path) is not a raw array file (no SWMPIARR header)")
        }
        do throws(ValidationError) {
            var reader = LittleEndianReader(header)
            _ = try reader.read(count: 8)
            let version = try reader.read(UInt32.self)
            guard version == 1 else { throw ValidationError("raw array format version \(version); expected 1") }
            let axes = Int(try reader.read(UInt32.self))
            let elementSize = try reader.read(UInt32.self)
            let typeCode = try reader.read(UInt32.self)
            guard elementSize == 8, typeCode == 1 else {
                throw ValidationError("holds elements of \(elementSize) bytes (type code \(typeCode)); the heat solver reads Float64")
            }
            var stored: [Int] = []
            for _ in 0..<3 { stored.append(Int(truncatingIfNeeded: try reader.read(UInt64.self))) }
            let fileExtent = Array(stored.prefix(axes))
            guard axes == extent.count, fileExtent == extent else {
                throw ValidationError("holds a \(HeatProblem.describe(fileExtent)) array but the run has \(HeatProblem.describe(extent)) cells")
            }
        } catch {
            throw error.prefixed(path)
        }
        let expected = RawArrayFile.headerSize + 8 * extent.reduce(1, *)
        guard size == expected else {
            throw ValidationError("\(path) has \(size) bytes, expected \(expected) for \(HeatProblem.describe(extent)) cells"
                + (size < expected ? " (truncated)" : ""))
        }
    }

    /// Reads the checked file into the owned cells of `field`, collectively, and refuses a field with
    /// NaN or infinite values on every rank. Collective.
    public static func read(_ path: String, into field: DistributedArray<Double>) throws {
        do {
            try field.read(fromRawFile: path)
        } catch {
            throw ValidationError("cannot read \(path): \(error.message)")
        }
        try requireFinite(field, source: path)
    }

    /// Throws on every rank when any owned cell of `field` is NaN or infinite. Collective.
    public static func requireFinite(_ field: DistributedArray<Double>, source: String) throws {
        var bad: Int32 = 0
        field.withUnsafeMutableElements { storage in
            FieldStatistics.forEachOwnedRow(field) { start, count in
                for k in 0..<count where !storage[start + k].isFinite { bad = 1 }
            }
        }
        guard try field.grid.communicator.allReduce(bad, .max) == 0 else {
            throw ValidationError("\(source) holds NaN or infinite values")
        }
    }

}
