import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What one run of a child process did.
public struct ChildProcessResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended the process (as shells report).
    public let exitCode: Int32
    /// Standard output and standard error, interleaved as written.
    public let output: String
    /// Wall-clock time from the start to the exit.
    public let elapsed: Duration
    /// When the process exited, on the wall clock, to compare with times the process printed.
    public let finished: Date
    /// Whether the process was killed because it ran past its time limit.
    public let timedOut: Bool

    /// The output's lines.
    public var lines: [Substring] { output.split(separator: "\n") }
}

/// Runs a command as a child process with a time limit and collects what it printed: the one launcher
/// behind the test suites' `mpirun` jobs and the `scaling` driver.
///
/// `mpirun` and the programs it starts can hang (a rank that died before a collective, a full pipe), so a
/// caller always gives a limit, and the whole process tree is killed when it passes.
public enum ChildProcess {
    /// Runs `command` (its first element found on `PATH`, or a path) and returns its status and combined
    /// output, killing it and every process it started if it is still running after `limit`.
    ///
    /// - Parameters:
    ///   - environment: Variables added to (or replacing those of) this process's environment.
    ///   - directory: The working directory; this process's when `nil`.
    /// - Throws: When the command cannot be started.
    public static func run(_ command: [String], environment: [String: String] = [:], limit: Duration,
                           directory: URL? = nil) throws -> ChildProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe

        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        let pid = process.processIdentifier
        let expired = Expiry()
        let watchdog = DispatchWorkItem {
            expired.flag.store(true, ordering: .relaxed)
            killTree(pid)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds(limit), execute: watchdog)
        // Read to EOF before waiting: a child blocked on a full pipe would never exit.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let finished = Date()
        watchdog.cancel()

        let status = process.terminationStatus
        return ChildProcessResult(
            exitCode: process.terminationReason == .uncaughtSignal ? 128 + status : status,
            output: String(decoding: output, as: UTF8.self),
            elapsed: start.duration(to: clock.now),
            finished: finished,
            timedOut: expired.flag.load(ordering: .relaxed))
    }

    /// Every process below `pid`, from Linux's `/proc/PID/task/*/children`: its children, theirs, and so on.
    ///
    /// MPI ranks are not always a launcher's children: Open MPI's `mpirun` starts them itself, but MPICH's
    /// Hydra starts a `hydra_pmi_proxy`, which starts them.
    public static func descendants(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let children = tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { pid_t($0) }
        }
        return children + children.flatMap(descendants(of:))
    }

    /// Kills a process, its process group (Foundation starts each child in a group of its own) and every
    /// process below it: `mpirun` puts every rank in a process group of its own, so killing its group
    /// alone would leave the ranks running. The tree is listed before anything is killed, while every
    /// process in it still has its parent.
    static func killTree(_ pid: pid_t) {
        let below = descendants(of: pid)
        kill(-pid, SIGKILL)
        for process in below { kill(process, SIGKILL) }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// Whether the watchdog fired, shared between it and the waiting thread.
private final class Expiry: Sendable {
    let flag = Atomic<Bool>(false)
}
