import Foundation
import MPITestSupport
import Testing

/// The ParaView files of `heat`, `nbody` and `jacobi2d` load with VTK's own readers and hold the arrays
/// their READMEs promise, checked by `Examples/check_vtk.py` with Debian's python3-vtk9.
@Suite(.enabled(if: VTKCheck.isInstalled, "VTK for Python is not installed (apt-get install python3-vtk9): ParaView files not checked"))
struct VTKFileTests {
    /// A Gaussian hot spot: every snapshot of the series is a 32 × 24 image of positive temperatures at
    /// most 1 (a block left unwritten would show as zeros).
    @Test func heatSeries() throws {
        let directory = try Example.scratchDirectory()
        let run = try MPIJob.run("heat", ["--nx", "32", "--ny", "24", "--init", "gaussian", "--steps", "20", "--output", "out",
                                          "--every", "10", "--quiet"], ranks: 3, quietLauncher: true, directory: directory)
        try #require(run.exitCode == 0, "\(run.description)")
        let check = try VTKCheck.run(["--points", "768", "--datasets", "3", "--expect", "temperature:1:1e-300:1", "out/heat.pvd"],
                                     in: directory)
        #expect(check.exitCode == 0, "\(check.description)")
        #expect(check.output.contains("heat_000020.vti: ImageData 32 x 24 x 1"), "\(check.output)")
    }

    /// A 64-body Plummer sphere (total mass 1): every snapshot holds 64 points, each of mass 1/64, with
    /// three-component velocities.
    @Test func nbodySeries() throws {
        let directory = try Example.scratchDirectory()
        let run = try MPIJob.run("nbody", ["--bodies", "64", "--steps", "10", "--output", "out", "--every", "5", "--quiet"],
                                 ranks: 2, quietLauncher: true, directory: directory)
        try #require(run.exitCode == 0, "\(run.description)")
        let check = try VTKCheck.run(["--points", "64", "--datasets", "3", "--expect", "mass:1:0.015625:0.015625",
                                      "--expect", "velocity:3:-10:10", "out/nbody.pvd"], in: directory)
        #expect(check.exitCode == 0, "\(check.description)")
        #expect(check.output.contains("snapshot-00000010.vtp: PolyData, 64 cells, 64 points"), "\(check.output)")
    }

    /// jacobi2d's plate, written by three processes into one file: 16 × 16 temperatures between the cold
    /// edges' 0 and the hot edge's 1.
    @Test func jacobiImage() throws {
        let directory = try Example.scratchDirectory()
        let run = try Example.run("jacobi2d", ["16"], ranks: 3, in: directory)
        try #require(run.exitCode == 0, "\(run.description)")
        let check = try VTKCheck.run(["--points", "256", "--expect", "temperature:1:1e-300:1", "jacobi.vti"], in: directory)
        #expect(check.exitCode == 0, "\(check.description)")
        #expect(check.output.contains("jacobi.vti: ImageData 16 x 16 x 1"), "\(check.output)")
    }

    /// A truncated image is refused, although VTK itself reads it without complaint (zeros past the end).
    @Test func truncatedImageIsRefused() throws {
        let directory = try Example.scratchDirectory()
        let run = try Example.run("jacobi2d", ["16"], ranks: 2, in: directory)
        try #require(run.exitCode == 0, "\(run.description)")
        let image = try Data(contentsOf: directory.appendingPathComponent("jacobi.vti"))
        try image.prefix(image.count / 2).write(to: directory.appendingPathComponent("half.vti"))
        let check = try VTKCheck.run(["half.vti"], in: directory)
        #expect(check.exitCode == 1, "\(check.description)")
        #expect(check.output.contains("check_vtk: error: half.vti: the file does not end with </VTKFile>"), "\(check.output)")
    }
}

/// Runs `Examples/check_vtk.py` with Debian's interpreter, which is the one python3-vtk9 serves.
enum VTKCheck {
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/check_vtk.py")

    /// Whether Debian's python3 can import VTK's XML readers.
    static let isInstalled = FileManager.default.isExecutableFile(atPath: python)
        && (try? MPIJob.launch([python, "-c", "import vtkmodules.vtkIOXML"], limit: 60))?.exitCode == 0

    static func run(_ arguments: [String], in directory: URL) throws -> MPIJobResult {
        try MPIJob.launch([python, script.path] + arguments, limit: 60, directory: directory)
    }
}
