import Foundation
import MPITestSupport
import NBody
import SolverSupport
import Testing

/// End-to-end runs of the `nbody` executable, alone and under `mpirun`.
///
/// Sizes are chosen for the debug build that `swift test` makes, whose kernel is about a hundred times
/// slower than the release build's; figures for larger systems are measured with release builds.
@Suite struct RunTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbody-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Runs `nbody` and returns its JSON summary, failing the test if the run failed.
    func summary(_ arguments: [String], ranks: Int? = nil, timeout: Int = 60) throws -> [String: Any] {
        let path = "\(directory)/summary-\(UUID().uuidString).json"
        let run = try MPIJob.run("nbody", arguments + ["--quiet", "--summary-json", path], ranks: ranks, timeout: timeout)
        try #require(run.exitCode == 0, "nbody \(arguments) on \(ranks ?? 1) ranks: \(run.output)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(object as? [String: Any])
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = "\(directory)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Two equal masses on a circular orbit (G = M = separation = 1, so the period is 2π) come back to
    /// their start after one period, with an error that falls as dt²: halving dt divides it by about 4.
    @Test func twoBodyOrbitConvergesAsTimeStepSquared() throws {
        let start = try write("mass,x,y,z,vx,vy,vz\n0.5,0.5,0,0,0,0.5,0\n0.5,-0.5,0,0,0,-0.5,0\n", to: "orbit.csv")
        var errors: [Double] = []
        for steps in [100, 200] {
            let final = "\(directory)/orbit-\(steps).csv"
            _ = try summary(["--ic", "file:\(start)", "--softening", "0", "--steps", "\(steps)",
                             "--dt", "\(2 * Double.pi / Double(steps))", "--final-state", final])
            let bodies = try BodyCSV.parse(try FileSystem.read(final), source: final, maximumCount: 2)
            errors.append(((bodies.x[0] - 0.5) * (bodies.x[0] - 0.5) + bodies.y[0] * bodies.y[0]).squareRoot())
        }
        #expect(errors[0] < 1e-2)
        let ratio = errors[0] / errors[1]
        #expect(ratio > 3.8 && ratio < 4.2, "error \(errors[0]) at dt, \(errors[1]) at dt/2: ratio \(ratio)")
    }

    /// A 1024-body Plummer sphere over 1000 steps (dt 0.001, ε 0.01) keeps its energy to 1e-5 (it drifts
    /// by 2.7e-7) and its momentum to round-off. About 10⁹ interactions: about a minute of a debug build's
    /// two ranks on two free cores (unoptimised, the kernel's Newton steps cost more than a square root
    /// and a division did), and five times that while the other suites share the cores, hence the limit.
    @Test func energyAndMomentumAreConserved() throws {
        let result = try summary(["--bodies", "1024", "--steps", "1000", "--dt", "0.001", "--softening", "0.01"],
                                 ranks: 2, timeout: 600)
        let error = try #require(result["relative_energy_error"] as? Double)
        #expect(error < 1e-5)
        let momentum = try #require(result["momentum"] as? [Double])
        #expect(momentum.allSatisfy { abs($0) < 1e-15 }, "momentum \(momentum)")
        let angular = try #require(result["angular_momentum"] as? [Double])
        let angularInitial = try #require(result["angular_momentum_initial"] as? [Double])
        #expect(zip(angular, angularInitial).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// The final state is bitwise identical for 1, 2, 3, 4 and 7 ranks and for both exchanges. 1100
    /// bodies make three chunks of sources, which the blocks of 3 and 7 ranks cut in the middle.
    @Test func finalStateIsBitwiseIdenticalForEveryRankCount() throws {
        let arguments = ["--bodies", "1100", "--steps", "3", "--seed", "4"]
        let reference = try summary(arguments)["state_sha256"] as? String
        #expect(reference?.count == 64)
        for (ranks, exchange) in [(2, "ring"), (3, "ring"), (4, "ring"), (7, "ring"),
                                  (2, "allgather"), (3, "allgather"), (7, "allgather")] {
            let digest = try summary(arguments + ["--exchange", exchange], ranks: ranks)["state_sha256"] as? String
            #expect(digest == reference, "\(ranks) ranks, \(exchange)")
        }
    }

    /// Stopping at a checkpoint and restarting, on the same or another number of ranks, ends exactly
    /// where an uninterrupted run ends.
    @Test func restartMatchesAnUninterruptedRun() throws {
        let arguments = ["--bodies", "600", "--ic", "uniform", "--dt", "0.01"]
        let reference = try summary(arguments + ["--steps", "6"])["state_sha256"] as? String
        let checkpoints = "\(directory)/checkpoints"
        _ = try summary(arguments + ["--steps", "3", "--checkpoint", checkpoints, "--checkpoint-every", "3"], ranks: 2)
        let checkpoint = "\(checkpoints)/\(Checkpoint.fileName(step: 3))"
        for ranks in [2, 3] {
            let restarted = try summary(["--restart", checkpoint, "--steps", "6"], ranks: ranks)
            #expect(restarted["state_sha256"] as? String == reference, "restart on \(ranks) ranks")
            #expect(restarted["steps_run"] as? Int == 3)
        }
    }

    /// Snapshots come as VTK PolyData, CSV and a ParaView collection; the final state round-trips.
    @Test func outputsAreWritten() throws {
        let output = "\(directory)/snapshots", final = "\(directory)/final.csv"
        let result = try summary(["--bodies", "40", "--steps", "4", "--output", output, "--every", "2",
                                  "--final-state", final], ranks: 2)
        for name in ["snapshot-00000000", "snapshot-00000002", "snapshot-00000004"] {
            #expect(FileManager.default.fileExists(atPath: "\(output)/\(name).vtp"))
            let bodies = try BodyCSV.parse(try FileSystem.read("\(output)/\(name).csv"), source: name, maximumCount: 40)
            #expect(bodies.count == 40)
        }
        let collection = try String(contentsOfFile: "\(output)/nbody.pvd", encoding: .utf8)
        #expect(collection.contains("file=\"snapshot-00000004.vtp\"") && collection.contains("timestep=\"0.004"))
        let vtp = try String(contentsOfFile: "\(output)/snapshot-00000004.vtp", encoding: .utf8)
        #expect(vtp.contains("NumberOfPoints=\"40\"") && vtp.contains("Name=\"velocity\"") && vtp.contains("Name=\"mass\""))
        let bodies = try BodyCSV.parse(try FileSystem.read(final), source: final, maximumCount: 40)
        #expect(Driver.stateSHA256(bodies).description == result["state_sha256"] as? String)
        for key in ["ranks", "bodies", "steps", "dt", "softening", "wall_seconds", "interactions_per_second", "gflops",
                    "energy_initial", "energy_final", "relative_energy_error", "momentum", "angular_momentum",
                    "state_sha256", "phases"] {
            #expect(result[key] != nil, "summary key \(key)")
        }
        let phases = try #require(result["phases"] as? [String: [String: Double]])
        #expect(Set(phases.keys) == ["forces", "communication", "integration", "diagnostics", "io"])
    }

    /// Refused input ends every rank within seconds with exactly one line on standard error.
    @Test(arguments: [
        (["--frobnicate"], 2, "nbody: error: Unknown option '--frobnicate'"),
        (["--bodies", "0"], 2, "--bodies must be between 1"),
        (["--bodies", "1000000000000"], 2, "--bodies must be between 1"),
        (["--bodies", "2"], 3, "2 bodies cannot be shared by 3 ranks"),
        (["--dt", "-0.1"], 2, "--dt must be a positive finite number"),
        (["--G=0"], 2, "--G must be a positive finite number"),
        (["--softening", "nan"], 1, "--softening must be a finite number"),
        (["--bodies", "ten"], 2, "nbody: error:"),
        (["--ic", "sphere"], 2, "--ic must be plummer, uniform or file:PATH"),
        (["--every", "0", "--output", "/tmp"], 2, "--every must be at least 1"),
        (["--exchange", "tree"], 2, "--exchange must be allgather or ring"),
        (["--restart", "/nonexistent/checkpoint.nbck"], 2, "cannot open /nonexistent/checkpoint.nbck"),
        (["--final-state", "/nonexistent/dir/final.csv"], 2, "/nonexistent/dir is not a directory"),
        (["--summary-json", "/tmp"], 2, "cannot write /tmp: it is a directory"),
    ] as [([String], Int, String)])
    func refusedOptions(arguments: [String], ranks: Int, message: String) throws {
        try expectRefusal(arguments, ranks: ranks, message: message)
    }

    /// Malformed bodies files are refused with the line at fault, on every rank.
    @Test(arguments: [
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,0,0,0,0,0\n", ":3: expected 7 fields"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,0,0,0,0,0,x\n", ":3: vz 'x' is not a number"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,0,0,inf,0,0,0\n", ":3: z inf is not finite"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n-2,0,0,0,0,0,0\n", ":3: mass -2.0 is not positive"),
        ("mass,x,y,z,vx,vy,vz\nnan,0,0,0,0,0,0\n1,0,0,0,0,0,0\n", ":2: mass nan is not finite"),
        ("mass,x,y,z,vx,vy,vz\n", "no bodies after the header"),
        ("x,y,z\n1,2,3\n", ":1: expected the header mass,x,y,z,vx,vy,vz"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,1,0,0,0,0,0\n", "2 bodies cannot be shared by 3 ranks"),
    ])
    func refusedBodiesFiles(text: String, message: String) throws {
        let path = try write(text, to: "bodies-\(UUID().uuidString).csv")
        try expectRefusal(["--ic", "file:\(path)"], ranks: 3, message: message)
    }

    /// Truncated and corrupt checkpoints are refused before anything runs.
    @Test func refusedCheckpoints() throws {
        let checkpoints = "\(directory)/refused"
        _ = try summary(["--bodies", "16", "--steps", "1", "--checkpoint", checkpoints, "--checkpoint-every", "1"])
        let path = "\(checkpoints)/\(Checkpoint.fileName(step: 1))"
        let bytes = try FileSystem.read(path)
        try FileSystem.write(Array(bytes.dropLast(7)), to: path + ".truncated")
        var corrupt = bytes
        corrupt[100] ^= 0x10
        try FileSystem.write(corrupt, to: path + ".corrupt")
        try expectRefusal(["--restart", path + ".truncated"], ranks: 2, message: "truncated checkpoint")
        try expectRefusal(["--restart", path + ".corrupt"], ranks: 2, message: "corrupt checkpoint")
        try expectRefusal(["--restart", path, "--dt", "0.5"], ranks: 2, message: "--dt 0.5 differs from the checkpoint")
    }

    /// With `--quiet` and a quiet launcher, the run's whole output is what it wrote to standard error.
    func expectRefusal(_ arguments: [String], ranks: Int, message: String) throws {
        let run = try MPIJob.run("nbody", arguments + ["--steps", "1", "--quiet"], ranks: ranks, timeout: 20,
                                 quietLauncher: true)
        #expect(run.exitCode != 0)
        #expect(run.lines.count == 1, "output: \(run.output)")
        #expect(run.lines.first?.hasPrefix("nbody: error: ") == true)
        #expect(run.output.contains(message), "output: \(run.output)")
        #expect(run.elapsed < MPIJob.timeLimit(10))
    }
}
