import Foundation

/// Finds the reports of Clang's sanitizers (AddressSanitizer, LeakSanitizer, ThreadSanitizer, …) in a
/// job's output.
///
/// A sanitized program keeps running after a report when its options say so, and a job that is expected
/// to fail exits non-zero anyway, so the exit status alone cannot tell a clean run from one with a memory
/// error or a data race: the launchers look at the output too, and every report fails the test.
public enum SanitizerReport {
    /// The headline of every report: `==PID==ERROR: AddressSanitizer: heap-buffer-overflow …`,
    /// `WARNING: ThreadSanitizer: data race (pid=…)`, `==PID==ERROR: LeakSanitizer: detected memory leaks`.
    /// The runtimes print nothing of this shape for suppressed reports.
    static let headlines = ["ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "WARNING: ThreadSanitizer",
                            "ERROR: ThreadSanitizer", "ERROR: UndefinedBehaviorSanitizer"]

    /// The sanitizer that the programs under test are built with: `address` or `thread` under
    /// `make test-asan`/`test-tsan`, which set `MPI_TEST_SANITIZER`; `nil` in an ordinary build.
    public static let buildSanitizer = ProcessInfo.processInfo.environment["MPI_TEST_SANITIZER"]

    /// The headline of each report in `output`, in order; empty when it holds none.
    public static func headlines(in output: String) -> [Substring] {
        output.split(separator: "\n").filter { line in headlines.contains { line.contains($0) } }
    }
}
