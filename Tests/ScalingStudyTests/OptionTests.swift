@testable import ScalingStudy
import Testing

/// Every option of `scaling` is checked while parsing, with one line naming it.
@Suite struct OptionTests {
    /// The one-line message parsing `arguments` fails with, or nil when they parse.
    static func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try ScalingOptions.parse(arguments)
            return nil
        } catch {
            return ScalingOptions.message(for: error)
        }
    }

    @Test func defaultsArePlausible() throws {
        let heat = try ScalingOptions.parse(["--solver", "heat"])
        #expect(heat.mode == .strong && heat.rankCounts == [1, 2, 4] && heat.repeats == 3)
        #expect(heat.baseProblem == .cells([1024, 1024]) && heat.stepCount == 100)
        let nbody = try ScalingOptions.parse(["--solver", "nbody", "--mode", "weak", "--ranks", "8, 1,2", "--bodies", "300"])
        #expect(nbody.rankCounts == [1, 2, 8] && nbody.baseProblem == .bodies(300) && nbody.stepCount == 10)
    }

    @Test func launcherAndSolverOptionsMayStartWithDashes() throws {
        let options = try ScalingOptions.parse(["--solver", "nbody", "--mpirun-args", "--hostfile hosts  --bind-to core",
                                                "--solver-args", "--exchange allgather"])
        #expect(Study.words(options.mpirunArgs) == ["--hostfile", "hosts", "--bind-to", "core"])
        #expect(Study.words(options.solverArgs) == ["--exchange", "allgather"])
    }

    @Test(arguments: [
        ([], "Missing expected argument '--solver <solver>'"),
        (["--solver", "fluid"], "The value 'fluid' is invalid for '--solver <solver>'"),
        (["--solver", "heat", "--mode", "sideways"], "The value 'sideways' is invalid for '--mode <mode>'"),
        (["--solver", "heat", "--ranks", "1,0"], "--ranks must be rank counts between 1 and 1048576, comma-separated (e.g. 1,2,4), got '1,0'"),
        (["--solver", "heat", "--ranks", "1,,2"], "--ranks must be rank counts"),
        (["--solver", "heat", "--ranks", "two"], "--ranks must be rank counts"),
        (["--solver", "heat", "--ranks", "1,2,1"], "--ranks lists 1 twice: each rank count is one point of the study"),
        (["--solver", "heat", "--repeats", "0"], "--repeats must be between 1 and 1000, got 0"),
        (["--solver", "heat", "--repeats", "-2"], "--repeats must be between 1 and 1000, got -2"),
        (["--solver", "heat", "--bodies", "10"], "--bodies applies to --solver nbody; heat takes --cells"),
        (["--solver", "nbody", "--cells", "10,10"], "--cells applies to --solver heat; nbody takes --bodies"),
        (["--solver", "heat", "--cells", "64"], "--cells must be NX,NY or NX,NY,NZ with positive cell counts, got '64'"),
        (["--solver", "heat", "--cells", "64,0"], "--cells must be NX,NY or NX,NY,NZ"),
        (["--solver", "heat", "--cells", "1,2,3,4"], "--cells must be NX,NY or NX,NY,NZ"),
        (["--solver", "nbody", "--bodies", "0"], "--bodies must be between 1 and 16777216, got 0"),
        (["--solver", "nbody", "--steps", "0"], "--steps must be between 1 and 1000000000, got 0"),
        (["--solver", "heat", "--cells", "4,4", "--ranks", "1,64"], "strong scaling at 64 ranks: the 8×8 process grid needs at least 8×8 cells, but the problem has 4×4 cells: give more --cells"),
        (["--solver", "heat", "--mode", "weak", "--cells", "16777216,1", "--ranks", "1,4"], "weak scaling at 4 ranks needs 33554432×2 cells, beyond heat's limits"),
        (["--solver", "heat", "--mode", "weak", "--cells", "65536,65536", "--ranks", "4"], "weak scaling at 4 ranks needs 131072×131072 cells, beyond heat's limits"),
        (["--solver", "nbody", "--mode", "weak", "--bodies", "16777216", "--ranks", "1,4"], "weak scaling at 4 ranks needs 33554432 bodies, beyond nbody's limit of 16777216"),
        (["--solver", "nbody", "--bodies", "3", "--ranks", "4"], "strong scaling at 4 ranks: 3 bodies cannot give every rank one: give more --bodies"),
        (["--solver", "heat", "--solver-args", "--steps 5"], "--solver-args may not contain --steps: the study sets it"),
        (["--solver", "nbody", "--solver-args", "--summary-json=x.json"], "--solver-args may not contain --summary-json"),
        (["--solver", "heat", "--cores", "0"], "--cores must be at least 1, got 0"),
        (["--solver", "heat", "--timeout", "0"], "--timeout must be between 1 and 604800 seconds, got 0"),
        (["--solver", "heat", "--mpirun", ""], "--mpirun needs a non-empty value"),
        (["--solver", "heat", "--output", ""], "--output needs a non-empty value"),
        (["--solver", "heat", "--frobnicate"], "Unknown option '--frobnicate'"),
    ])
    func badOptionsAreRefusedInOneLine(arguments: [String], message: String) throws {
        let refusal = try #require(Self.refusal(arguments), "\(arguments) parsed")
        #expect(refusal.hasPrefix(message), "\(arguments): \(refusal)")
        #expect(!refusal.contains("\n"), "\(arguments): \(refusal)")
    }
}
