import Foundation
import Testing

/// Every refused request ends the job quickly with exactly one line, from rank 0, and a non-zero status.
@Suite struct RefusalTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let ranks: Int
        let expected: String
        var testDescription: String { "\(arguments.joined(separator: " ")) on \(ranks)" }
        init(_ arguments: [String], ranks: Int = 2, _ expected: String) {
            (self.arguments, self.ranks, self.expected) = (arguments, ranks, expected)
        }
    }

    static func expectOneLine(_ job: MPIJobResultLike, containing expected: String) {
        let lines = job.output.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(job.exitCode != 0, "\(job.output)")
        #expect(lines.count == 1, "expected one line:\n\(job.output)")
        #expect(lines.first?.hasPrefix("heat: error: ") == true, "\(job.output)")
        #expect(job.output.contains(expected), "expected '\(expected)' in:\n\(job.output)")
        #expect(job.elapsed < MPIJob.timeLimit(15), "took \(job.elapsed)")
    }

    @Test(arguments: [
        Case(["--nx", "-3"], "--nx must be between 1"),
        Case(["--ny", "0"], "--ny must be between 1"),
        Case(["--dims", "3", "--nz", "-1"], "--nz must be between 1"),
        Case(["--nx", "5", "--ny", "5"], ranks: 7, "only 5 cells"),
        Case(["--dims", "3", "--nx", "8", "--ny", "8", "--nz", "2"], ranks: 3, "z has only 2 cells"),
        Case(["--nx", "64", "--ny", "64", "--dt", "1e-4"], "exceeds the explicit stability limit dt_max"),
        Case(["--frobnicate"], "Unknown option '--frobnicate'"),
        Case(["--alpha", "nan"], "--alpha must be a positive finite number"),
        Case(["--dt", "inf"], "--dt must be a positive finite number"),
        Case(["--steps", "10", "--time", "1"], "not both"),
        Case(["--scheme", "crank-nicolson"], "--scheme must be explicit or implicit"),
        Case(["--bc", "robin"], "unknown boundary condition 'robin'"),
        Case(["--validate", "--init", "gaussian"], "--validate needs --init sine"),
        Case(["--every", "5"], "--every needs --output"),
        Case(["--init", "file:/nonexistent/field.raw"], "cannot open /nonexistent/field.raw"),
        Case(["--restart", "/nonexistent/heat.ckpt"], "cannot open /nonexistent/heat.ckpt"),
        Case(["--summary-json", "/nonexistent/summary.json"], "not a writable directory"),
        Case(["--scheme", "implicit", "--init", "gaussian", "--dt", "0.01", "--max-iterations", "2", "--quiet"], "did not converge"),
    ])
    func refusesOption(_ refusal: Case) throws {
        let job = try Heat.refuse(refusal.arguments, ranks: refusal.ranks)
        Self.expectOneLine(MPIJobResultLike(job), containing: refusal.expected)
    }

    /// Input and restart files that are unreadable, malformed, truncated or corrupt.
    @Test func refusesBadFiles() throws {
        let directory = try Heat.scratchDirectory()
        let extent = [6, 8]   // ny, nx
        let values = (0..<48).map { Double($0) / 48 }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try Heat.writeRawArray(values, extent: extent, to: URL(fileURLWithPath: path("good.raw")))
        try Heat.writeRawArray(values, extent: extent, to: URL(fileURLWithPath: path("magic.raw")), magic: "NOTARRAY")
        try Heat.writeRawArray(values, extent: [8, 6], to: URL(fileURLWithPath: path("extent.raw")))
        try Heat.writeRawArray(Array(values.prefix(40)), extent: extent, to: URL(fileURLWithPath: path("short.raw")))
        var withNaN = values
        withNaN[17] = .nan
        try Heat.writeRawArray(withNaN, extent: extent, to: URL(fileURLWithPath: path("nan.raw")))
        try FileManager.default.createDirectory(atPath: path("folder.raw"), withIntermediateDirectories: true)
        try Data("plain".utf8).write(to: URL(fileURLWithPath: path("plain")))

        // A good checkpoint, then damaged copies of it.
        let good = try Heat.run(["--nx", "8", "--ny", "6", "--steps", "4", "--checkpoint", path("c"), "--checkpoint-every", "4"],
                                ranks: 2, in: directory)
        try #require(good.succeeded, "\(good.description)")
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: path("c/heat_00000004.ckpt")))
        try checkpoint.prefix(300).write(to: URL(fileURLWithPath: path("truncated.ckpt")))
        var corrupt = checkpoint
        corrupt[300] ^= 0x10
        try corrupt.write(to: URL(fileURLWithPath: path("corrupt.ckpt")))
        var corruptHeader = checkpoint
        corruptHeader[80] ^= 0x01
        try corruptHeader.write(to: URL(fileURLWithPath: path("header.ckpt")))

        let size = ["--nx", "8", "--ny", "6"]
        let cases: [([String], String)] = [
            (size + ["--init", "file:" + path("good.raw")], ""),
            (size + ["--init", "file:" + path("magic.raw")], "is not a raw array file"),
            (size + ["--init", "file:" + path("extent.raw")], "holds a 6×8 array but the run has 8×6 cells"),
            (size + ["--init", "file:" + path("short.raw")], "(truncated)"),
            (size + ["--init", "file:" + path("nan.raw")], "NaN or infinite"),
            (size + ["--init", "file:" + path("folder.raw")], "is not a regular file"),
            (["--output", path("plain") + "/out"], "cannot create directory"),
            (["--restart", path("truncated.ckpt")], "truncated checkpoint"),
            (["--restart", path("corrupt.ckpt")], "corrupt checkpoint: the field's checksum"),
            (["--restart", path("header.ckpt")], "corrupt checkpoint: the header's SHA-256"),
            (["--restart", path("good.raw")], "not a heat checkpoint"),
            (["--restart", path("c/heat_00000004.ckpt"), "--nx", "9"], "differs from the checkpoint"),
            (["--restart", path("c/heat_00000004.ckpt"), "--steps", "2"], "past the last step"),
        ]
        for (arguments, expected) in cases {
            let job = try Heat.refuse(arguments + ["--quiet"], ranks: 3, in: directory)
            if expected.isEmpty {
                #expect(job.exitCode == 0, "the good file must be accepted:\n\(job.output)")
            } else {
                Self.expectOneLine(MPIJobResultLike(job), containing: expected)
            }
        }
    }
}

import MPITestSupport

/// The fields of a job result the checks read.
struct MPIJobResultLike {
    let exitCode: Int32
    let output: String
    let elapsed: Duration
    init(_ job: MPIJobResult) { (exitCode, output, elapsed) = (job.exitCode, job.output, job.elapsed) }
}
