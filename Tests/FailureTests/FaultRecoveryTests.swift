import Foundation
@testable import HeatDiffusion
import MPITestSupport
@testable import NBody
import SolverSupport
import Synchronization
import Testing

/// A solver killed mid-run loses no work: every checkpoint it left under its final name is whole, and a
/// restart from the latest one — on the same or another number of ranks — ends bitwise identical to a
/// run that was never interrupted. A damaged checkpoint is always refused, never half-read.
@Suite struct FaultRecovery {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fault-recovery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    // MARK: Killed runs

    /// A solver run long enough to be killed mid-way, checkpointing often, so that a kill may well catch
    /// a checkpoint being written.
    struct Solver: Sendable, CustomTestStringConvertible {
        let executable: String
        let problem: [String]
        let steps: Int
        let checkpointEvery: Int
        /// The extension of its checkpoint files.
        let suffix: String
        /// The summary's key for the digest of the final state.
        let digestKey: String
        var testDescription: String { executable }
    }

    static let solvers = [
        Solver(executable: "heat", problem: ["--nx", "40", "--ny", "30"], steps: 4000, checkpointEvery: 20,
               suffix: ".ckpt", digestKey: "field_sha256"),
        Solver(executable: "nbody", problem: ["--bodies", "48", "--ic", "uniform", "--dt", "0.0005"], steps: 2000,
               checkpointEvery: 10, suffix: ".nbck", digestKey: "state_sha256"),
    ]

    /// The solver at 2 ranks, one rank SIGKILLed as soon as a checkpoint is in place, then restarted from
    /// its latest checkpoint at 2 and at 3 ranks.
    @Test(arguments: solvers)
    func restartsFromTheLatestCheckpointOfAKilledRun(_ solver: Solver) throws {
        let problem = solver.problem + ["--steps", "\(solver.steps)", "--quiet"]
        let reference = try summary(solver.executable, problem, ranks: 2)[solver.digestKey] as? String
        let checkpoints = "\(directory)/\(solver.executable)-checkpoints"
        let checkpointing = ["--checkpoint", checkpoints, "--checkpoint-every", "\(solver.checkpointEvery)"]
        let killed = try KilledRun.launch(solver.executable, problem + checkpointing, ranks: 2) {
            try !finalNames(in: checkpoints, ending: solver.suffix).isEmpty
        }
        try expectKilled(killed)
        let names = try finalNames(in: checkpoints, ending: solver.suffix)
        report(names, in: checkpoints)
        for name in names { try expectWholeCheckpoint("\(checkpoints)/\(name)", of: solver.executable) }
        let latest = "\(checkpoints)/\(names.max()!)"
        for ranks in [2, 3] {
            let restarted = try summary(solver.executable, ["--restart", latest, "--steps", "\(solver.steps)", "--quiet"], ranks: ranks)
            #expect(restarted[solver.digestKey] as? String == reference, "restart from \(latest) on \(ranks) ranks")
        }
    }

    /// The job ended, non-zero, within 10 s of the kill (scaled by ``MPIJob/timeLimit(_:)`` under a
    /// sanitizer), and the solver had not finished.
    func expectKilled(_ killed: KilledRun) throws {
        #expect(killed.exitCode != 0, "exit \(killed.exitCode):\n\(killed.output)")
        #expect(killed.timeToExit < MPIJob.timeLimit(10), "the job took \(killed.timeToExit) to end after the kill:\n\(killed.output)")
        print("killed run ended \(killed.timeToExit) after SIGKILL with status \(killed.exitCode)")
    }

    /// Says what the killed run left: how many checkpoints, the latest, and any half-written file, which
    /// shows the kill caught a checkpoint being written.
    func report(_ names: [String], in folder: String) {
        let partial = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !names.contains($0) }
        print("killed run left \(names.count) checkpoint(s) in \(folder), the latest \(names.last ?? "none"); "
            + "other files: \(partial.isEmpty ? "none" : partial.joined(separator: ", "))")
    }

    /// The checkpoint files under their final names (half-written ones carry a `.tmp` suffix), in step
    /// order: the names hold zero-padded step numbers.
    func finalNames(in folder: String, ending suffix: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// A checkpoint is whole when it decodes: an nbody checkpoint's SHA-256 covers all of it; a heat
    /// checkpoint's header checks out (magic, SHA-256, the size its extent implies) and its field
    /// matches the header's checksum.
    func expectWholeCheckpoint(_ path: String, of executable: String) throws {
        let bytes = try FileSystem.read(path)
        guard executable == "heat" else {
            _ = try Checkpoint(decoding: bytes, source: path, maximumCount: RunConfiguration.maximumBodies)
            return
        }
        let header = try CheckpointHeader(decoding: Array(bytes.prefix(CheckpointHeader.size)), fileSize: bytes.count, source: path)
        var checksum: UInt64 = 0
        for index in 0..<header.problem.cellCount {
            let offset = CheckpointHeader.size + 8 * index
            let bits = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
            checksum &+= FieldChecksum.mix(index: UInt64(index), bits: bits)
        }
        #expect(checksum == header.fieldChecksum, "\(path): the field does not match its checksum")
    }

    // MARK: Damaged checkpoints

    /// 20 truncations, 20 header bytes and 20 field bytes changed, at seeded offsets: each refused.
    @Test func heatRefusesEveryDamagedCheckpoint() throws {
        let checkpoints = "\(directory)/heat-good"
        _ = try summary("heat", ["--nx", "12", "--ny", "10", "--steps", "2", "--checkpoint", checkpoints,
                                 "--checkpoint-every", "2", "--quiet"], ranks: 2)
        let good = try FileSystem.read("\(checkpoints)/\(CheckpointHeader.fileName(step: 2))")
        try expectRefused("heat", damaging: good, header: CheckpointHeader.size, seed: 8)
    }

    @Test func nbodyRefusesEveryDamagedCheckpoint() throws {
        let checkpoints = "\(directory)/nbody-good"
        _ = try summary("nbody", ["--bodies", "12", "--steps", "2", "--checkpoint", checkpoints,
                                  "--checkpoint-every", "2", "--quiet"], ranks: 2)
        let good = try FileSystem.read("\(checkpoints)/\(Checkpoint.fileName(step: 2))")
        try expectRefused("nbody", damaging: good, header: Checkpoint.headerSize, seed: 9)
    }

    /// Restarts `executable` from damaged copies of `good`, four jobs at a time: each must be refused
    /// with one line naming the file, and write no summary (nothing ran on a half-read state).
    func expectRefused(_ executable: String, damaging good: [UInt8], header: Int, seed: UInt64) throws {
        let copies = Damage.copies(of: good, header: header, count: 20, seed: seed)
        let paths = try copies.enumerated().map { index, copy in
            let path = "\(directory)/damaged-\(index).checkpoint"
            try FileSystem.write(copy.bytes, to: path)
            return path
        }
        for start in stride(from: 0, to: copies.count, by: 4) {
            let batch = Array(start..<min(start + 4, copies.count))
            let results = Mutex<[Int: Result<MPIJobResult, any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: batch.count) { slot in
                let index = batch[slot]
                let run = Result {
                    try MPIJob.run(executable, ["--restart", paths[index], "--steps", "4", "--quiet",
                                                "--summary-json", paths[index] + ".json"],
                                   ranks: 2, timeout: 30, quietLauncher: true)
                }
                results.withLock { $0[index] = run }
            }
            for index in batch {
                let run = try results.withLock { $0[index]! }.get()
                expectRefusal(run, by: executable, mentioning: paths[index])
                #expect(!FileManager.default.fileExists(atPath: paths[index] + ".json"), "\(copies[index].name) ran")
            }
        }
        print("\(executable): \(copies.count) damaged checkpoints refused (\(copies.map(\.name).joined(separator: ", ")))")
    }

    // MARK: Helpers

    /// Runs a solver to the end and returns its JSON summary.
    func summary(_ executable: String, _ arguments: [String], ranks: Int) throws -> [String: Any] {
        let path = "\(directory)/summary-\(UUID().uuidString).json"
        let run = try MPIJob.run(executable, arguments + ["--summary-json", path], ranks: ranks, timeout: 120)
        try #require(run.exitCode == 0, "\(executable) \(arguments) on \(ranks) ranks: \(run.output)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(object as? [String: Any])
    }
}
