import Foundation
import MPITestSupport
import Testing

/// The teaching examples print what their comment headers promise, on a few ranks.
@Suite struct ExampleTests {
    /// Every rank greets once with its own rank and the world's size; rank 0 names the MPI library.
    @Test(arguments: [2, 3])
    func hello(ranks: Int) throws {
        let job = try Example.run("hello", ranks: ranks)
        try #require(job.exitCode == 0, "\(job.description)")
        let greetings = job.lines.filter { $0.hasPrefix("hello from rank ") }
        let greetingRanks = greetings.compactMap { Int($0.split(separator: " ")[3]) }
        #expect(greetingRanks.sorted() == Array(0..<ranks), "\(job.output)")
        #expect(greetings.allSatisfy { $0.contains(" of \(ranks) on ") }, "\(job.output)")
        let library = job.lines.filter { $0.hasPrefix("MPI 3.") || $0.hasPrefix("MPI 4.") }
        #expect(library.count == 1 && library[0].contains(" library: "), "\(job.output)")
        #expect(!job.output.contains("\0"), "a NUL character in the output")
        #expect(job.lines.count == ranks + 1, "\(job.output)")
    }

    /// Without mpirun the program is a job of one process (MPI's singleton mode), as its header says.
    @Test func helloAlone() throws {
        let job = try MPIJob.run("hello", [], ranks: nil, timeout: 60, directory: Example.scratchDirectory())
        try #require(job.exitCode == 0, "\(job.description)")
        #expect(job.lines.count == 2 && job.lines[0].hasPrefix("hello from rank 0 of 1 on "), "\(job.output)")
    }

    /// Each rank receives the sum of the ranks before it and passes on its own added; rank 0 gets the sum of
    /// all ranks back. One rank sends the token to itself.
    @Test(arguments: [1, 2, 3])
    func ring(ranks: Int) throws {
        let job = try Example.run("ring", ranks: ranks)
        try #require(job.exitCode == 0, "\(job.description)")
        for rank in 1..<max(ranks, 1) {
            let received = rank * (rank - 1) / 2
            let line = "rank \(rank) of \(ranks): received token \(received) from rank \(rank - 1), "
                + "passing \(received + rank) to rank \((rank + 1) % ranks)"
            #expect(job.lines.contains { $0 == line }, "missing \(line) in\n\(job.output)")
        }
        let terms = (0..<ranks).map(String.init).joined(separator: " + ")
        let total = "ring of \(ranks) process\(ranks == 1 ? "" : "es"): the token came back as \(ranks * (ranks - 1) / 2) = \(terms): ok"
        #expect(job.lines.contains { $0 == total }, "missing \(total) in\n\(job.output)")
        #expect(job.lines.count == ranks, "\(job.output)")
    }

    /// With the default 10⁷ intervals the midpoint rule's error (h²/12 ≈ 8e-16) is below rounding: π comes
    /// out within 1e-10, and the printed error is the distance to π.
    @Test(arguments: [2, 3])
    func piWithDefaultIntervals(ranks: Int) throws {
        let result = try PiLine(Example.run("pi", ranks: ranks))
        #expect(abs(result.pi - Double.pi) < 1e-10, "\(result.line)")
        #expect(abs(result.error - abs(result.pi - Double.pi)) <= 0.01 * abs(result.pi - Double.pi) + 1e-18, "\(result.line)")
        #expect(result.line.contains("from 10000000 intervals on \(ranks) processes in "), "\(result.line)")
        #expect(result.seconds >= 0 && result.seconds < 60, "\(result.line)")
    }

    /// With 1000 intervals split unevenly (334 + 333 + 333) the error is the midpoint rule's h²/12 to 1 %:
    /// losing or repeating one interval would change π by about 3e-3.
    @Test func piErrorIsTheMidpointRulesError() throws {
        let result = try PiLine(Example.run("pi", ["1000"], ranks: 3))
        let expected = 1.0 / (12 * 1000 * 1000)
        #expect(abs((result.pi - Double.pi) - expected) < 0.01 * expected, "\(result.line)")
        #expect(result.line.contains("from 1000 intervals on 3 processes"), "\(result.line)")
    }

    /// A bad argument: one line from rank 0, exit status 64, on every kind of mistake.
    @Test(arguments: [["abc"], ["0"], ["-5"], ["10", "20"], ["1e6"]])
    func piRefusesBadArguments(arguments: [String]) throws {
        let job = try Example.run("pi", arguments, ranks: 2)
        #expect(job.exitCode == 64, "\(job.description)")
        #expect(job.lines.count == 1, "\(job.description)")
        #expect(job.lines.first?.hasPrefix("pi: error: expected one positive integer") == true, "\(job.description)")
    }

    /// The sweeps do not depend on the split (each cell's update is the same expression), the mean is close
    /// to the converged 1/4, and the plate lands in jacobi.vti: header, 16 × 16 doubles, footer.
    @Test func jacobi2dIsIndependentOfTheSplit() throws {
        var sweeps: [Int: Int] = [:], means: [Int: Double] = [:]
        for ranks in [1, 3] {
            let directory = try Example.scratchDirectory()
            let job = try Example.run("jacobi2d", ["16"], ranks: ranks, in: directory)
            try #require(job.exitCode == 0 && job.lines.count == 1, "\(job.description)")
            let line = String(job.lines[0])
            let grid = ranks == 1 ? "1 x 1" : "3 x 1"
            #expect(line.hasPrefix("16 x 16 plate on a \(grid) process grid: "), "\(line)")
            #expect(line.hasSuffix("; wrote jacobi.vti"), "\(line)")
            sweeps[ranks] = Int(try #require(field(after: "grid: ", before: " sweeps", in: line)))
            means[ranks] = Double(try #require(field(after: "mean temperature ", before: ";", in: line)))
            let change = Double(try #require(field(after: "last change ", before: ",", in: line)))
            #expect(change.map { $0 <= 1e-4 } == true, "\(line)")
            let file = try Data(contentsOf: directory.appendingPathComponent("jacobi.vti"))
            #expect(file.count > 16 * 16 * 8 && file.count < 16 * 16 * 8 + 1024, "jacobi.vti holds \(file.count) bytes")
        }
        #expect(sweeps[1] != nil && sweeps[1] == sweeps[3], "sweeps \(sweeps)")
        #expect(sweeps[1].map { (100..<10_000).contains($0) } == true, "sweeps \(sweeps)")
        // The printed means (6 decimals) agree: the sums differ only in their last bits.
        #expect(means[1] != nil && means[3].map { abs($0 - means[1]!) <= 1.5e-6 } == true, "means \(means)")
        #expect(means[1].map { abs($0 - 0.25) < 0.01 } == true, "means \(means)")
    }

    /// A plate smaller than the process grid, or not a number: one line from rank 0, exit status 64.
    @Test(arguments: [["1"], ["x"], ["64", "64"]])
    func jacobi2dRefusesBadSizes(arguments: [String]) throws {
        let job = try Example.run("jacobi2d", arguments, ranks: 4)
        #expect(job.exitCode == 64, "\(job.description)")
        #expect(job.lines.count == 1, "\(job.description)")
        #expect(job.lines.first?.hasPrefix("jacobi2d: error: expected one plate size N from 2 ") == true, "\(job.description)")
    }
}

/// The line `pi` prints: `pi ≈ P, error E, from N intervals on R processes in S s`.
struct PiLine {
    let line: String
    let pi: Double, error: Double, seconds: Double

    init(_ job: MPIJobResult) throws {
        try #require(job.exitCode == 0 && job.lines.count == 1, "\(job.description)")
        line = String(job.lines[0])
        pi = try #require(field(after: "pi ≈ ", before: ",", in: line).flatMap(Double.init), "\(line)")
        error = try #require(field(after: "error ", before: ",", in: line).flatMap(Double.init), "\(line)")
        seconds = try #require(field(after: " in ", before: " s", in: line).flatMap(Double.init), "\(line)")
    }
}

/// The text between the first `start` and the next `end` after it.
func field(after start: String, before end: String, in line: String) -> String? {
    guard let from = line.range(of: start)?.upperBound,
          let to = line.range(of: end, range: from..<line.endIndex)?.lowerBound else { return nil }
    return String(line[from..<to])
}
