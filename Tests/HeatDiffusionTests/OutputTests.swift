import Foundation
import SolverSupport
import Testing

/// Files the program reads and writes: raw input fields, VTK snapshots and the ParaView series.
@Suite struct OutputTests {
    /// A field read from a raw array file comes back unchanged after 0 steps, on any number of ranks:
    /// the reported SHA-256 is that of the file's data.
    @Test(arguments: [1, 3, 4])
    func rawInputRoundTrips(ranks: Int) throws {
        let directory = try Heat.scratchDirectory()
        let (nx, ny) = (13, 9)
        let values = (0..<nx * ny).map { sin(Double($0) * 0.37) }
        let file = directory.appendingPathComponent("field.raw")
        try Heat.writeRawArray(values, extent: [ny, nx], to: file)
        let run = try Heat.run(["--nx", "\(nx)", "--ny", "\(ny)", "--init", "file:" + file.path, "--steps", "0"], ranks: ranks)
        try #require(run.succeeded, "\(run.description)")
        var bytes: [UInt8] = []
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        #expect(run.sha256 == SHA256.hash(bytes).description)
    }

    /// `--output DIR --every K` writes heat_NNNNNN.vti at step 0, every K steps and at the end, and a
    /// heat.pvd that lists them with their times.
    @Test func snapshotsAndSeries() throws {
        let run = try Heat.run(["--nx", "10", "--ny", "7", "--steps", "25", "--output", "out", "--every", "10"], ranks: 3)
        try #require(run.succeeded, "\(run.description)")
        let out = run.directory.appendingPathComponent("out")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["heat.pvd", "heat_000000.vti", "heat_000010.vti", "heat_000020.vti", "heat_000025.vti"])
        let series = try String(contentsOf: out.appendingPathComponent("heat.pvd"), encoding: .utf8)
        #expect(series.components(separatedBy: "<DataSet ").count - 1 == 4)
        let image = try Data(contentsOf: out.appendingPathComponent("heat_000025.vti"))
        let text = String(decoding: image.prefix(600), as: UTF8.self)
        #expect(text.contains("WholeExtent=\"0 9 0 6 0 0\""), "\(text)")
        #expect(text.contains("Spacing=\"0.1 "), "\(text)")
        #expect(image.count > 70 * 8)
    }

    /// The summary carries what the issue asks for.
    @Test func summaryKeys() throws {
        let run = try Heat.run(["--dims", "3", "--nx", "8", "--ny", "6", "--nz", "5", "--scheme", "implicit", "--steps", "3",
                                "--validate"], ranks: 2)
        try #require(run.succeeded, "\(run.description)")
        let summary = try #require(run.summary)
        for key in ["ranks", "grid", "steps", "dt", "alpha", "scheme", "wall_seconds", "mlups", "phases", "l2_error",
                    "max_error", "cg_iterations", "field_sha256"] {
            #expect(summary[key] != nil, "missing \(key)")
        }
        let grid = try #require(summary["grid"] as? [String: Any])
        #expect(grid["extent"] as? [Int] == [8, 6, 5])
        #expect((grid["process_grid"] as? [Int])?.reduce(1, *) == 2)
        let phases = try #require(summary["phases"] as? [String: Any])
        #expect(Set(phases.keys) == ["compute", "halo", "reductions", "io"])
    }
}
