import Foundation
import MPITestSupport
import Testing

/// One invalid invocation: the executable, its arguments, the ranks it runs on, and what its single line
/// of complaint must mention (the offending option or file).
struct BadInput: Sendable, CustomTestStringConvertible {
    let executable: String
    let arguments: [String]
    /// The ranks under `mpirun`; `nil` runs the program alone (the `scaling` driver, which launches
    /// `mpirun` itself).
    let ranks: Int?
    let mentions: String

    init(_ executable: String, _ arguments: [String], ranks: Int? = 2, mentions: String) {
        (self.executable, self.arguments, self.ranks, self.mentions) = (executable, arguments, ranks, mentions)
    }

    var testDescription: String { "\(executable) \(arguments.joined(separator: " ")) on \(ranks.map(String.init) ?? "no launcher")" }
}

/// Every executable (heat, nbody, the benchmarks, scaling) refuses bad input the same way: a non-zero exit within 10 s, and exactly one line —
/// from rank 0 alone, naming the offending option or file — with no backtrace, no "Fatal error", no
/// `MPI_ABORT` banner, nothing from the other ranks. Most cases run at 2 ranks, since refusing after MPI
/// is initialised is where a rank could be left waiting.
@Suite struct BadInputBattery {
    @Test(arguments: cases)
    func isRefusedWithOneLine(_ input: BadInput) throws {
        try Fixtures.prepare()
        let run = try MPIJob.run(input.executable, input.arguments, ranks: input.ranks, timeout: 30, quietLauncher: true,
                                 directory: URL(fileURLWithPath: Fixtures.directory))
        expectRefusal(run, by: input.executable, mentioning: input.mentions)
    }

    static let cases: [BadInput] = {
        let files = Fixtures.directory
        // Root may write anywhere but where the kernel says no: /proc accepts no new files from anyone.
        let unwritable = getuid() == 0 ? "/proc" : "\(files)/read-only"
        let huge = ["--nx", "65536", "--ny", "65536"]
        let wholeAxes = ["--dims", "3", "--nx", "16777216", "--ny", "16777216", "--nz", "16777216"]
        return [
            // heat: wrong types, out-of-range values, NaN/Inf, absurd sizes.
            BadInput("heat", ["--nx", "wide"], mentions: "--nx"),
            BadInput("heat", ["--nx", "-3"], mentions: "--nx"),
            BadInput("heat", ["--steps", "2000000000"], mentions: "--steps"),
            BadInput("heat", ["--dims", "4"], mentions: "--dims"),
            BadInput("heat", ["--alpha", "nan"], mentions: "--alpha"),
            BadInput("heat", ["--dt", "inf"], mentions: "--dt"),
            BadInput("heat", ["--length", "1,nan"], mentions: "length"),
            BadInput("heat", ["--bc", "robin"], mentions: "robin"),
            BadInput("heat", wholeAxes, mentions: "16777216×16777216×16777216 cells"),
            BadInput("heat", huge + ["--steps", "1"], mentions: "65536×65536 cells need"),
            BadInput("heat", huge + ["--steps", "1", "--scheme", "implicit"], ranks: 3, mentions: "65536×65536 cells need"),
            // heat: missing, misplaced and malformed files; unwritable outputs.
            BadInput("heat", ["--init", "file:/nonexistent/field.raw"], mentions: "/nonexistent/field.raw"),
            BadInput("heat", ["--init", "file:\(files)/folder"], mentions: "\(files)/folder"),
            BadInput("heat", ["--init", "file:\(files)/bad-magic.raw"], mentions: "\(files)/bad-magic.raw"),
            BadInput("heat", ["--init", "file:\(files)/short-header.raw"], mentions: "\(files)/short-header.raw"),
            BadInput("heat", ["--restart", "\(files)/folder"], mentions: "\(files)/folder"),
            BadInput("heat", ["--restart", "\(files)/garbage.bin"], mentions: "\(files)/garbage.bin"),
            BadInput("heat", ["--restart", "\(files)/empty.csv"], mentions: "\(files)/empty.csv"),
            BadInput("heat", ["--output", "\(unwritable)/heat-output"], mentions: "\(unwritable)/heat-output"),
            BadInput("heat", ["--checkpoint", "\(unwritable)/heat-checkpoints"], mentions: "\(unwritable)/heat-checkpoints"),
            BadInput("heat", ["--summary-json", "\(unwritable)/summary.json"], mentions: unwritable),
            BadInput("heat", ["--output", "\(files)/garbage.bin"], mentions: "\(files)/garbage.bin"),
            BadInput("heat", ["--output", unwritable], ranks: 3, mentions: unwritable),
            // nbody: the same families.
            BadInput("nbody", ["--bodies", "ten"], mentions: "--bodies"),
            BadInput("nbody", ["--bodies", "0"], mentions: "--bodies"),
            BadInput("nbody", ["--bodies", "100000000000"], mentions: "--bodies"),
            BadInput("nbody", ["--steps", "-1"], mentions: "--steps"),
            BadInput("nbody", ["--dt", "nan"], mentions: "--dt"),
            BadInput("nbody", ["--softening", "-inf"], mentions: "--softening"),
            BadInput("nbody", ["--ic", "file:/nonexistent/bodies.csv"], mentions: "/nonexistent/bodies.csv"),
            BadInput("nbody", ["--ic", "file:\(files)/folder"], mentions: "\(files)/folder"),
            BadInput("nbody", ["--ic", "file:\(files)/empty.csv"], mentions: "\(files)/empty.csv"),
            BadInput("nbody", ["--ic", "file:\(files)/missing-field.csv"], mentions: "missing-field.csv:2"),
            BadInput("nbody", ["--ic", "file:\(files)/infinite.csv"], mentions: "infinite.csv:3"),
            BadInput("nbody", ["--ic", "file:\(files)/garbage.bin"], mentions: "garbage.bin:1"),
            BadInput("nbody", ["--restart", "\(files)/garbage.bin"], mentions: "\(files)/garbage.bin"),
            BadInput("nbody", ["--restart", "\(files)/folder"], mentions: "\(files)/folder"),
            BadInput("nbody", ["--output", "\(unwritable)/nbody-output"], mentions: "\(unwritable)/nbody-output"),
            BadInput("nbody", ["--final-state", "\(unwritable)/final.csv"], mentions: unwritable),
            BadInput("nbody", ["--checkpoint", unwritable], ranks: 3, mentions: unwritable),
            BadInput("nbody", ["--summary-json", "\(files)/folder"], mentions: "\(files)/folder"),
            // The benchmarks: unknown options, missing and malformed values, absurd scales, wrong rank counts.
            BadInput("bench-p2p", ["--sizes", "3:8"], mentions: "--sizes"),
            BadInput("bench-p2p", ["--sizes"], mentions: "--sizes"),
            BadInput("bench-p2p", ["--iterations-scale", "fast"], mentions: "--iterations-scale"),
            BadInput("bench-p2p", ["--iterations-scale", "1e300"], mentions: "--iterations-scale"),
            BadInput("bench-p2p", [], ranks: 3, mentions: "exactly 2"),
            BadInput("bench-collectives", ["--iterations-scale", "-1"], mentions: "--iterations-scale"),
            BadInput("bench-collectives", ["--iterations-scale", "nan"], mentions: "--iterations-scale"),
            BadInput("bench-collectives", ["--iterations-scale", "1e300"], mentions: "--iterations-scale"),
            BadInput("bench-collectives", ["--frobnicate"], mentions: "--frobnicate"),
            BadInput("bench-halo", ["--iterations-scale", "inf"], mentions: "--iterations-scale"),
            BadInput("bench-halo", ["--iterations-scale"], mentions: "--iterations-scale"),
            BadInput("bench-halo", ["--iterations-scale", "1e300"], mentions: "--iterations-scale"),
            // The scaling driver, which starts mpirun itself: it must refuse before launching anything.
            BadInput("scaling", ["--solver", "fluid"], ranks: nil, mentions: "--solver"),
            BadInput("scaling", ["--solver", "heat", "--ranks", "1,x"], ranks: nil, mentions: "--ranks"),
            BadInput("scaling", ["--solver", "heat", "--repeats", "0"], ranks: nil, mentions: "--repeats"),
            BadInput("scaling", ["--solver", "heat", "--cells", "0,5"], ranks: nil, mentions: "--cells"),
            BadInput("scaling", ["--solver", "nbody", "--bodies", "ten"], ranks: nil, mentions: "--bodies"),
            BadInput("scaling", ["--solver", "heat", "--timeout", "0"], ranks: nil, mentions: "--timeout"),
            BadInput("scaling", ["--solver", "heat", "--solver-args", "--steps 5"], ranks: nil, mentions: "--solver-args"),
            BadInput("scaling", ["--solver", "heat", "--ranks", "1"] + ["--cells", "16777216,16777216,16777216"], ranks: nil,
                     mentions: "16777216×16777216×16777216 cells"),
            BadInput("scaling", ["--solver", "heat", "--ranks", "1", "--output", "\(unwritable)/scaling"], ranks: nil,
                     mentions: "\(unwritable)/scaling"),
            BadInput("scaling", ["--solver", "heat", "--ranks", "1", "--output", "\(files)/garbage.bin"], ranks: nil,
                     mentions: "\(files)/garbage.bin"),
            BadInput("scaling", ["--solver", "heat", "--ranks", "1", "--output", "\(files)/scaling", "--mpirun", "/nonexistent/mpirun"],
                     ranks: nil, mentions: "/nonexistent/mpirun"),
        ]
    }()
}

/// Checks that a job refused its input properly: a non-zero exit within 10 s (scaled by
/// ``MPIJob/timeLimit(_:)`` under a sanitizer) and exactly one line, from `executable` (rank 0 alone:
/// another rank's line would make two), mentioning `mentions`, with no trap, backtrace or launcher banner.
func expectRefusal(_ run: MPIJobResult, by executable: String, mentioning mentions: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let context = "exit \(run.exitCode) after \(run.elapsed):\n\(run.output)"
    // Open MPI 4.1's launcher itself sometimes logs a libevent warning while it tears a job down on a
    // loaded machine ("[warn] Epoll MOD(1) on fd 24 failed. … Bad file descriptor"): not the program's.
    let lines = run.lines.filter { !$0.hasPrefix("[warn] Epoll ") }
    #expect(run.exitCode != 0, "\(context)", sourceLocation: sourceLocation)
    #expect(run.elapsed < MPIJob.timeLimit(10), "\(context)", sourceLocation: sourceLocation)
    #expect(lines.count == 1, "expected exactly one line: \(context)", sourceLocation: sourceLocation)
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("\(executable): "), "the line must say which program speaks: \(context)", sourceLocation: sourceLocation)
    #expect(line.contains(mentions), "the line must mention '\(mentions)': \(context)", sourceLocation: sourceLocation)
    for noise in ["Fatal error", "stack trace", "MPI_ABORT", "Primary job", "mpirun noticed", "ORTE", "rank 1"] {
        #expect(!run.output.contains(noise), "'\(noise)' in: \(context)", sourceLocation: sourceLocation)
    }
}

/// The input files of the battery, made once per test process in a directory of its own.
enum Fixtures {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swift-mpi-bad-input-\(getpid())").path

    /// Creates the files; later calls find them made.
    static func prepare() throws { try made.get() }

    private static let made = Result<Void, any Error> {
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(directory)/folder", withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(name)")) }
        try write("garbage.bin", Array("this is neither a checkpoint nor a CSV file\n".utf8))
        try write("empty.csv", [])
        try write("bad-magic.raw", Array("NOTARRAY".utf8) + [UInt8](repeating: 0, count: 56 + 8 * 16))
        try write("short-header.raw", Array("SWMPIARR".utf8) + [1, 0, 0, 0])
        try write("missing-field.csv", Array("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0\n".utf8))
        try write("infinite.csv", Array("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,inf,0,0,0,0,0\n".utf8))
        if getuid() != 0 {
            try manager.createDirectory(atPath: "\(directory)/read-only", withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o555])
        }
    }
}
