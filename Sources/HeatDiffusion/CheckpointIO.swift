public import DomainDecomposition
public import MPI
import SolverSupport

/// Writing and reading heat checkpoints (``CheckpointHeader``) collectively with MPI-IO.
public enum CheckpointIO {
    /// Writes the solver's state to `path`, never leaving a half-written file under that name.
    ///
    /// Every rank writes its block into `path.tmp` in one collective call (rank 0 writes the header
    /// first); the file is synced and closed, then rank 0 renames it to `path` and flushes the directory,
    /// and a barrier holds every rank until the checkpoint is in place. Collective.
    public static func write(_ solver: HeatSolver, to path: String, initialConditionCode: UInt32) throws {
        let grid = solver.grid
        let communicator = grid.communicator
        let checksum = try FieldChecksum.compute(solver.field)
        let header = CheckpointHeader(
            problem: solver.problem, step: solver.step, time: solver.time, initialCondition: initialConditionCode,
            tolerance: solver.tolerance, iterationLimit: solver.iterationLimit, fieldChecksum: checksum)
        let temporary = path + ".tmp"
        let file: File
        do {
            file = try File.open(temporary, mode: [.create, .writeOnly], communicator: communicator)
        } catch {
            throw ValidationError("cannot write checkpoint \(temporary): \(error.message)")
        }
        try file.setSize(0)
        // MPI does not order another rank's truncation before rank 0's header write: wait for all.
        try communicator.barrier()
        if grid.rank == 0 {
            try file.write(header.encoded(), at: 0)
        }
        try solver.field.writeOwnedBlock(to: file, atByteOffset: CheckpointHeader.size)
        try file.sync()
        try file.close()
        // Every rank's data is in before rank 0 renames the file into place.
        try communicator.barrier()
        var outcome: ValidationError?
        if grid.rank == 0 {
            do { try FileSystem.renameDurably(temporary, to: path) } catch { outcome = error }
        }
        try communicator.shareOutcome(outcome)
        try communicator.barrier()
    }

    /// Reads and checks a checkpoint's header on rank 0 and gives it to every rank. Collective.
    ///
    /// - Throws: ``ValidationError`` on every rank when the file is missing, not a checkpoint,
    ///   truncated, or its header is corrupt.
    public static func readHeader(_ path: String, communicator: Communicator) throws -> CheckpointHeader {
        var bytes = [UInt8](repeating: 0, count: CheckpointHeader.size)
        var size = 0
        var outcome: ValidationError?
        if try communicator.rank == 0 {
            do {
                let prefix = try FileSystem.readPrefix(path, count: CheckpointHeader.size)
                size = try FileSystem.size(of: path)
                _ = try CheckpointHeader(decoding: prefix, fileSize: size, source: path)
                bytes = prefix
            } catch { outcome = error }
        }
        try communicator.shareOutcome(outcome)
        try communicator.broadcast(&bytes, root: 0)
        size = try communicator.broadcast(size, root: 0)
        return try CheckpointHeader(decoding: bytes, fileSize: size, source: path)
    }

    /// Reads the field of a checkpoint whose header has been checked into the solver's field, by any
    /// number of ranks, and verifies the field checksum. Collective.
    ///
    /// - Throws: ``ValidationError`` on every rank when the field does not match the header's checksum.
    public static func readField(_ path: String, header: CheckpointHeader, into field: DistributedArray<Double>) throws {
        let file: File
        do {
            file = try File.open(path, mode: .readOnly, communicator: field.grid.communicator)
        } catch {
            throw ValidationError("cannot read checkpoint \(path): \(error.message)")
        }
        try field.readOwnedBlock(from: file, atByteOffset: CheckpointHeader.size)
        try file.close()
        let checksum = try FieldChecksum.compute(field)
        guard checksum == header.fieldChecksum else {
            throw ValidationError("\(path): corrupt checkpoint: the field's checksum "
                + "\(hex(checksum)) does not match the header's \(hex(header.fieldChecksum))")
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
