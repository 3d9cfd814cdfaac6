import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a job starts under the MPI this package was built against: the one place that knows Open MPI's
/// `mpirun` from MPICH's Hydra `mpiexec`.
///
/// `Package.swift` defines the compilation condition `MPICH` when it is built with `SWIFT_MPI=mpich`, so
/// the launcher always matches the library the executables link. `SWIFT_MPI_LAUNCHER` names another
/// launcher command of the same family (`make test MPI=mpich` sets it to Debian's `mpirun.mpich`).
public enum MPILauncher {
    /// Which launcher this build uses, for messages and for tests whose expectations differ.
    public static let family: Family = {
        #if MPICH
        .hydra
        #else
        .openMPI
        #endif
    }()

    /// A family of launchers with the same options.
    public enum Family: Sendable, CaseIterable {
        /// Open MPI's `mpirun` (ORTE in 4.x).
        case openMPI
        /// MPICH's Hydra `mpiexec`, also used by Intel MPI and MVAPICH.
        case hydra
    }

    /// The launcher command, found on `PATH`.
    public static var command: String {
        if let chosen = environmentValue("SWIFT_MPI_LAUNCHER"), !chosen.isEmpty { return chosen }
        switch family {
        case .openMPI: return "mpirun"
        // MPICH installs its launcher as `mpiexec.hydra` (and `mpiexec`, which on Debian may be Open MPI's).
        case .hydra: return "mpiexec.hydra"
        }
    }

    /// The launcher's options for `ranks` processes that the launcher itself ends after `timeout` seconds.
    ///
    /// - Parameter quiet: Ask the launcher to add no banner of its own when a rank exits with a non-zero
    ///   status (Open MPI's `-q`). Hydra prints none for an exit status, only for a signal.
    public static func arguments(ranks: Int, timeout: Int, quiet: Bool) -> [String] {
        switch family {
        case .openMPI:
            // Processes are bound to cores by default: with more ranks than cores they would share one.
            return ["-n", "\(ranks)", "--bind-to", "none", "--timeout", "\(timeout)"] + (quiet ? ["-q"] : [])
        case .hydra:
            // Hydra binds nothing unless asked; its timeout is the environment variable below.
            return ["-n", "\(ranks)"]
        }
    }

    /// Environment variables for a job under a launcher of `family` (this build's, unless given) that
    /// ends after `timeout` seconds.
    ///
    /// Open MPI needs two variables to run as root and one to run more ranks than cores, and yields the
    /// CPU in idle ranks only when asked. MPICH allows both by default, but has no yielding progress loop
    /// (ch4 polls): oversubscribed jobs are slower under MPICH, and tests size their work for that.
    public static func environment(for family: Family = family, timeout: Int, quiet: Bool) -> [String: String] {
        // Swift's backtracer would slow a failing rank down and fill the output.
        var variables = ["SWIFT_BACKTRACE": "enable=no"]
        switch family {
        case .openMPI:
            variables["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
            variables["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
            variables["OMPI_MCA_rmaps_base_oversubscribe"] = "1"
            variables["OMPI_MCA_mpi_yield_when_idle"] = "1"
        case .hydra:
            variables["MPIEXEC_TIMEOUT"] = "\(timeout)"
            // `MPI_Abort` makes MPICH print "application called MPI_Abort(…)" from the rank; a quiet job's
            // output is what the program printed.
            if quiet { variables["MPIR_CVAR_SUPPRESS_ABORT_MESSAGE"] = "1" }
        }
        return variables
    }

    /// The output of a quiet job without what the MPI library adds to it on its own.
    ///
    /// Even with `MPIR_CVAR_SUPPRESS_ABORT_MESSAGE`, MPICH's `MPI_Abort` prints an empty
    /// "Abort(1) on node 0 (rank 0 in comm 0): " line; Open MPI's `-q` already keeps its banner out.
    public static func removingAbortNotices(from output: String) -> String {
        guard family == .hydra else { return output }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let notice = #/Abort\(-?\d+\) on node \d+ \(rank \d+ in comm \d+\): /#
        return lines.filter { $0.wholeMatch(of: notice) == nil }.joined(separator: "\n")
    }

    /// The launcher's possible exit statuses when a rank is killed by `signal`.
    ///
    /// Open MPI's `mpirun` exits like a shell, with 128 + the signal number. Hydra combines every rank's
    /// wait status with a bitwise or: the signal number itself when the others ended otherwise, or the
    /// signal number | 9 when Hydra had already SIGKILLed another rank. A SIGILL (4) then reads 13, which
    /// Hydra reports as "Broken pipe (signal 13)" (reproduced in C under MPICH 4.0.2: `raise(SIGILL)` on
    /// the last rank while the others wait in `MPI_Barrier` ended 5 of 6 launches at 3 and 4 ranks with 13,
    /// every launch at 2 ranks with 4; `SIGSEGV`, 11 | 9 = 11, always with 11).
    public static func exitCodes(forRankKilledBy signal: Int32) -> Set<Int32> {
        family == .openMPI ? [128 + signal] : [signal, signal | SIGKILL]
    }

    /// What the launcher may print when a rank is killed by `signal`, e.g. "exited on signal 9" (Open
    /// MPI), or "(signal 4)" or "(signal 13)" (Hydra, for the combined status ``exitCodes(forRankKilledBy:)``
    /// describes): the output names one of them.
    public static func reports(ofRankKilledBy signal: Int32) -> [String] {
        family == .openMPI
            ? ["exited on signal \(signal)"]
            : exitCodes(forRankKilledBy: signal).sorted().map { "(signal \($0))" }
    }

    /// Whether `ranks` processes outnumber this machine's cores and busy-poll while they wait (MPICH), so
    /// that every exchange waits for the scheduler: milliseconds instead of microseconds.
    public static func oversubscribesBusyPolling(ranks: Int) -> Bool {
        family == .hydra && ranks > ProcessInfo.processInfo.activeProcessorCount
    }

    /// The launcher's time limit for a job of `ranks` processes that takes `timeout` seconds at most
    /// where waiting ranks yield: three times as long where they busy-poll on fewer cores (under MPICH,
    /// the reduction scenario at 7 ranks on 2 cores took 9 s at a load average of 25, over 60 s at 45).
    public static func timeLimit(_ timeout: Int, ranks: Int) -> Int {
        oversubscribesBusyPolling(ranks: ranks) ? 3 * timeout : timeout
    }

    private static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

