import ChildProcesses
import Foundation
import MPITestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A solver job started under `mpirun` in the background, so that a test can kill one of its ranks
/// mid-run the way the out-of-memory killer or a failing node would.
struct KilledRun {
    /// The launcher's exit status, or 128 + the signal that ended it.
    let exitCode: Int32
    /// What the job printed.
    let output: String
    /// From the SIGKILL to the launcher's exit.
    let timeToExit: Duration

    /// Starts `executable` on `ranks` ranks and, as soon as `isReady` says so (polled every 20 ms),
    /// sends SIGKILL to its last rank, then waits for `mpirun` to end the job.
    ///
    /// - Throws: ``MPIJobError`` when the job ends before it is ready to be killed, or is not ready within
    ///   `limit` seconds, scaled by ``MPIJob/timeScale`` like every job's (it is then killed whole).
    static func launch(_ executable: String, _ arguments: [String], ranks: Int, limit: Int = 120,
                       killWhen isReady: () throws -> Bool) throws -> KilledRun {
        let limit = limit * MPIJob.timeScale
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("killed-run-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw MPIJobError("cannot create \(log.path) for the job's output")
        }
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let product = try MPIJob.product(executable).resolvingSymlinksInPath().path
        process.arguments = [MPILauncher.command] + MPILauncher.arguments(ranks: ranks, timeout: limit, quiet: false)
            + [product] + arguments
        let launcherVariables = MPILauncher.environment(timeout: limit, quiet: false)
        process.environment = ProcessInfo.processInfo.environment.merging(launcherVariables) { _, ours in ours }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(limit)
        var victim: pid_t?
        while victim == nil {
            guard process.isRunning else {
                throw MPIJobError("the job ended (status \(process.terminationStatus)) before it could be killed:\n\(printed())")
            }
            guard clock.now < deadline else {
                process.terminate()
                throw MPIJobError("the job was not ready to be killed within \(limit) s:\n\(printed())")
            }
            let ranksStarted = ChildProcess.descendants(of: process.processIdentifier)
                .filter { executablePath(of: $0) == product }
            if ranksStarted.count == ranks, try isReady() { victim = ranksStarted.max() }
            usleep(20_000)
        }
        kill(victim!, SIGKILL)
        let killed = clock.now
        process.waitUntilExit()
        let timeToExit = killed.duration(to: clock.now)
        try output.close()
        let status = process.terminationStatus
        return KilledRun(exitCode: process.terminationReason == .uncaughtSignal ? 128 + status : status,
                         output: printed(), timeToExit: timeToExit)
    }

    /// The executable `pid` runs, `nil` once it has ended.
    static func executablePath(of pid: pid_t) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
    }
}

/// Damaged copies of a good file: cut short, or one byte changed, at offsets drawn from a seeded
/// generator so that a failure can be reproduced.
enum Damage {
    /// `count` truncations, `count` flips inside `header` and `count` flips after it, each named for
    /// messages (`truncated at 97`, `byte 1042 ^ 0x40`).
    static func copies(of bytes: [UInt8], header: Int, count: Int, seed: UInt64) -> [(name: String, bytes: [UInt8])] {
        var random = SeededGenerator(state: seed)
        func next(_ bound: Int) -> Int { random.below(bound) }
        func flipped(at offset: Int) -> (String, [UInt8]) {
            var copy = bytes
            let mask = UInt8(1 << next(8))
            copy[offset] ^= mask
            return ("byte \(offset) ^ 0x\(String(mask, radix: 16))", copy)
        }
        let truncations = (0..<count).map { _ in
            let length = next(bytes.count)
            return ("truncated at \(length)", Array(bytes.prefix(length)))
        }
        let headerFlips = (0..<count).map { _ in flipped(at: next(header)) }
        let dataFlips = (0..<count).map { _ in flipped(at: header + next(bytes.count - header)) }
        return (truncations + headerFlips + dataFlips).map { (name: $0.0, bytes: $0.1) }
    }
}
