import ChildProcesses
import Foundation
import SolverSupport

/// Draws a study's plots with the matplotlib script kept beside the `scaling` sources.
///
/// The tables never depend on it: without python3 or matplotlib the plots are skipped with a notice.
public enum Plotter {
    /// The exit status by which the script says matplotlib cannot be imported.
    static let missingMatplotlibStatus: Int32 = 3

    /// What became of the plots.
    public enum Outcome: Equatable, Sendable {
        /// The PNG file was written.
        case written
        /// No plot was drawn, for this reason (one line).
        case skipped(String)
    }

    /// The interpreters tried when none is given: the one on `PATH`, then the system's, which is where
    /// Debian's `python3-matplotlib` lives when `PATH` leads to another Python (pyenv, a virtual environment).
    public static let defaultInterpreters = ["python3", "/usr/bin/python3"]

    /// Runs `PYTHON script pointsCSV png --title title` with the first of `interpreters` that has matplotlib.
    ///
    /// - Throws: ``ValidationError`` when the script runs but fails.
    public static func plot(pointsCSV: String, png: String, title: String, script: String,
                            interpreters: [String] = defaultInterpreters) throws(ValidationError) -> Outcome {
        guard FileManager.default.isReadableFile(atPath: script) else {
            return .skipped("no plot script at \(script) (pass --plot-script PATH)")
        }
        var reason = "python3 is not installed"
        for interpreter in interpreters {
            let result: ChildProcessResult
            do {
                result = try ChildProcess.run([interpreter, script, pointsCSV, png, "--title", title], limit: .seconds(300))
            } catch {
                continue
            }
            switch result.exitCode {
            case 0:
                return .written
            case missingMatplotlibStatus:
                reason = "matplotlib is not installed for \(interpreters.joined(separator: " or ")) "
                    + "(apt-get install python3-matplotlib, or pip install matplotlib)"
            case 126, 127:
                continue
            default:
                let detail = result.lines.last.map(String.init) ?? "no output"
                throw ValidationError("the plot script \(script) failed under \(interpreter) with exit status \(result.exitCode): \(detail)")
            }
        }
        return .skipped(reason)
    }
}
