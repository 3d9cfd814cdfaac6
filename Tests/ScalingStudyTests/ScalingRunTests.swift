import Foundation
import MPITestSupport
import ScalingStudy
import Testing

/// The launcher of the MPI the solvers were built against (`mpirun` would be Open MPI's under MPICH).
private let launcher = ["--mpirun", MPILauncher.command]

/// The `scaling` executable run for real: tiny problems on 1 and 2 ranks under mpirun.
@Suite struct ScalingRunTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scaling-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The CSV file's rows as dictionaries keyed by its header.
    func rows(_ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// A strong heat study at 1 and 2 ranks writes one CSV row per rank count with figures that add up,
    /// the runs CSV, the Markdown table, every run's summary, and a plot or a notice saying why not.
    @Test func strongHeatStudyWritesItsTables() throws {
        let job = try MPIJob.run("scaling", launcher + ["--solver", "heat", "--ranks", "2,1", "--repeats", "2", "--cells", "48,32",
                                             "--steps", "4", "--cores", "2", "--output", directory], ranks: nil, timeout: 120)
        try #require(job.exitCode == 0, "\(job.output)")
        let points = try rows("heat-strong.csv")
        try #require(points.count == 2)
        #expect(points.map { $0["ranks"] } == ["1", "2"])
        #expect(points.allSatisfy { $0["problem"] == "48x32" && $0["steps"] == "4" && $0["repeats"] == "2" })
        #expect(points.allSatisfy { $0["oversubscribed"] == "false" })
        #expect(points.map { $0["process_grid"] } == ["1x1", "1x2"])
        #expect(points[0]["speedup"] == "1" && points[0]["efficiency"] == "1")
        for point in points {
            let time = try #require(Double(point["time_median_s"] ?? ""))
            let minimum = try #require(Double(point["time_min_s"] ?? "")), maximum = try #require(Double(point["time_max_s"] ?? ""))
            #expect(time > 0 && minimum <= time && time <= maximum)
            let rate = try #require(Double(point["rate"] ?? ""))
            #expect(abs(rate - 48 * 32 * 4 / time / 1e6) <= 1e-5 * rate)
            let speedUp = try #require(Double(point["speedup"] ?? "")), efficiency = try #require(Double(point["efficiency"] ?? ""))
            #expect(abs(efficiency - speedUp / Double(point["ranks"]!)!) <= 1e-5 * efficiency)
            #expect(Double(point["compute_s"] ?? "").map { $0 > 0 } == true)
        }
        #expect(try rows("heat-strong-runs.csv").count == 4)
        let summaries = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/summaries").sorted()
        #expect(summaries == ["heat-strong-p1-run1.json", "heat-strong-p1-run2.json", "heat-strong-p2-run1.json", "heat-strong-p2-run2.json"])
        let markdown = try String(contentsOfFile: "\(directory)/heat-strong.md", encoding: .utf8)
        #expect(markdown.hasPrefix("## heat, strong scaling: 48×32 cells, 4 steps\n"))
        #expect(markdown.contains("- Machine: ") && markdown.contains(" cores available, ") && markdown.contains(", load average "))
        #expect(job.output.contains("heat, strong scaling: 48×32 cells, 4 steps"))
        let png = "\(directory)/heat-strong.png"
        if FileManager.default.fileExists(atPath: png) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: png)).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        } else {
            #expect(job.output.contains("scaling: plots skipped: matplotlib is not installed"), "\(job.output)")
        }
    }

    /// A weak n-body study grows N as √p, and with one core the 2-rank point is warned about and marked.
    @Test func weakNBodyStudyMarksOversubscription() throws {
        let job = try MPIJob.run("scaling", launcher + ["--solver", "nbody", "--mode", "weak", "--ranks", "1,2", "--repeats", "1",
                                             "--bodies", "64", "--steps", "2", "--cores", "1", "--no-plots",
                                             "--output", directory], ranks: nil, timeout: 120)
        try #require(job.exitCode == 0, "\(job.output)")
        let points = try rows("nbody-weak.csv")
        #expect(points.map { $0["problem"] } == ["64", "91"])                 // 64·√2 = 90.5
        #expect(points.map { $0["oversubscribed"] } == ["false", "true"])
        #expect(job.output.contains("scaling: warning: 2 ranks oversubscribe the 1 available core"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/nbody-weak.png"))
    }

    /// A run that fails names its point in one error line and keeps its output.
    @Test func failedRunIsNamedAndItsOutputKept() throws {
        let job = try MPIJob.run("scaling", launcher + ["--solver", "heat", "--ranks", "1", "--repeats", "1", "--cells", "8,8",
                                             "--solver-args", "--init nonsense", "--output", directory],
                                 ranks: nil, timeout: 120)
        #expect(job.exitCode == 1)
        let errors = job.lines.filter { $0.hasPrefix("scaling: error:") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("scaling: error: heat strong scaling at 1 rank, run 1 of 1 failed with exit status 1: heat: error:") == true,
                "\(job.output)")
        #expect(errors.first?.hasSuffix("its output is in \(directory)/logs/heat-strong-p1-run1.log") == true)
        #expect(FileManager.default.fileExists(atPath: "\(directory)/logs/heat-strong-p1-run1.log"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/heat-strong.csv"))
    }

    /// Bad options end the program at once with one line and a non-zero status.
    @Test func badOptionIsOneLine() throws {
        let job = try MPIJob.run("scaling", launcher + ["--solver", "heat", "--ranks", "0"], ranks: nil, timeout: 30)
        #expect(job.exitCode != 0)
        #expect(job.lines == ["scaling: error: --ranks must be rank counts between 1 and 1048576, comma-separated (e.g. 1,2,4), got '0'"])
    }
}
