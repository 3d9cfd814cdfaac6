import ChildProcesses
import Foundation
import SolverSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The machine a study runs on, in one line for the tables: CPU model, available cores, launcher version.
public enum MachineDescription {
    /// `Intel(R) Xeon(R) … (x86_64), 2 cores available, mpirun (Open MPI) 4.1.4`.
    ///
    /// - Parameter launcherVersion: The first line `launcher --version` printed.
    public static func describe(cores: Int, launcherVersion: String) -> String {
        "\(cpuModel()), \(cores) core\(cores == 1 ? "" : "s") available, \(launcherVersion)"
    }

    /// The 1-minute load average (`/proc/loadavg`), formatted for the tables: on a shared machine it says
    /// how much of the cores the study really had. `nil` where the kernel does not report it.
    public static func loadAverage() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first, Double(first) != nil else { return nil }
        return String(first)
    }

    /// The first line `launcher --version` prints: the MPI a study measured.
    ///
    /// - Throws: ``ValidationError`` when the launcher cannot be run.
    static func launcherVersion(_ launcher: String) throws(ValidationError) -> String {
        let result: ChildProcessResult
        do {
            result = try ChildProcess.run([launcher, "--version"], limit: .seconds(60))
        } catch {
            throw ValidationError("cannot run the launcher \(launcher): \(error)")
        }
        guard result.exitCode != 126, result.exitCode != 127 else {
            throw ValidationError("cannot run the launcher '\(launcher)': not found or not executable (give its path with --mpirun)")
        }
        return result.lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init)
            ?? "\(launcher) (version unknown)"
    }

    /// The processor's model name from `/proc/cpuinfo`, with the architecture.
    static func cpuModel() -> String {
        var system = utsname()
        uname(&system)
        let architecture = withUnsafeBytes(of: system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return model.map { "\($0) (\(architecture))" } ?? architecture
    }
}
