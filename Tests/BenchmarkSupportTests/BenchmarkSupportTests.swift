import BenchmarkSupport
import SolverSupport
import Testing

/// The helpers that must agree with their C twins in Examples/Benchmarks/c/bench.h, or a Swift benchmark
/// and its reference would time different iteration counts or refuse different scales.
@Suite struct BenchmarkSupportTests {
    /// Rounded half away from zero like C's `lround`, and never below one iteration.
    @Test(arguments: [
        (10000, 1.0, 10000), (10000, 0.5, 5000), (10000, 0.01, 100), (5, 0.1, 1), (15, 0.1, 2), (25, 0.1, 3),
        (6, 0.3, 2), (6, 0.01, 1), (1000, 1e-9, 1), (20, 1000, 20000),
    ])
    func scaledIterations(count: Int, scale: Double, expected: Int) {
        #expect(scaled(count, by: scale) == expected)
    }

    @Test(arguments: [(1, 1), (9, 1), (10, 1), (19, 1), (20, 2), (10000, 1000)])
    func warmupIterations(iterations: Int, expected: Int) {
        #expect(warmups(for: iterations) == expected)
    }

    @Test(arguments: ["1", "0.01", "1000", "2.5e-3"])
    func acceptedScales(text: String) throws {
        #expect(try iterationsScale(text) == Double(text))
    }

    /// Not a number, not positive, not finite, or so large that scaled counts would overflow `Int`.
    @Test(arguments: ["fast", "", "0", "-1", "nan", "inf", "1000.5", "1e300"])
    func refusedScales(text: String) {
        #expect(throws: ValidationError("--iterations-scale must be a positive number up to 1000, got '\(text)'")) {
            try iterationsScale(text)
        }
    }

    @Test func missingScale() {
        #expect(throws: ValidationError("--iterations-scale needs a value")) { try iterationsScale(nil) }
    }

    @Test func unknownArgumentQuotesTheUsage() {
        #expect(unknownArgument("--fast", usage: "bench-halo [--iterations-scale S]").message
            == "unknown argument '--fast' (usage: bench-halo [--iterations-scale S])")
    }
}
