import SolverSupport
import Testing
@testable import NBody

/// The kernel's 1/√x without the divider is as accurate as `1 / x.squareRoot()`, and its SIMD and scalar
/// forms give the same bits.
@Suite struct InverseSquareRootTests {
    /// Positive normal doubles with uniformly random exponents across the whole range and random significands.
    static func arguments(count: Int, seed: UInt64) -> [Double] {
        var random = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in
            Double(sign: .plus, exponent: Int(random.next() % 2041) - 1020, significand: 1 + random.nextUnit())
        }
    }

    #if arch(x86_64)
    /// Against 1/√x rounded once from 80-bit arithmetic: never more than 1 ulp off (the textbook
    /// expression, which rounds twice, is not either), and off less often than the textbook expression.
    @Test func atMostOneUlpAndMoreOftenCorrectlyRoundedThanTheTextbook() {
        let multiplyAdd = MultiplyAdd()
        var worst = 0.0
        var (newtonExact, textbookExact) = (0, 0)
        let samples = Self.arguments(count: 200_000, seed: 5)
        for x in samples {
            let reference = Double(1 / Float80(x).squareRoot())
            let error = abs(inverseSquareRoot(x, multiplyAdd) - reference) / reference.ulp
            worst = max(worst, error)
            if error == 0 { newtonExact += 1 }
            if 1 / x.squareRoot() == reference { textbookExact += 1 }
        }
        #expect(worst <= 1, "largest error \(worst) ulp")
        #expect(newtonExact > textbookExact,
                "correctly rounded: \(newtonExact) against the textbook's \(textbookExact)")
        #expect(Double(newtonExact) >= 0.8 * Double(samples.count))
    }
    #endif

    @Test func vectorAndScalarFormsAgree() {
        let multiplyAdd = MultiplyAdd()
        let samples = Self.arguments(count: 8 * 4096, seed: 6)
            + [1, 4, 0.25, 2, 1e-300, 1e300, .leastNormalMagnitude, .greatestFiniteMagnitude]
        for start in stride(from: 0, to: samples.count, by: 8) {
            let lanes = SIMD8(samples[start..<start + 8])
            let vector = inverseSquareRoot(lanes, multiplyAdd)
            for lane in 0..<8 {
                let scalar = inverseSquareRoot(lanes[lane], multiplyAdd)
                #expect(vector[lane].bitPattern == scalar.bitPattern, "x = \(lanes[lane])")
            }
        }
    }

    /// Exact squares of powers of four come out exact.
    @Test func exactWherePossible() {
        let multiplyAdd = MultiplyAdd()
        for (x, expected) in [(1.0, 1.0), (4, 0.5), (0.25, 2), (0x1p-1000, 0x1p500), (0x1p1000, 0x1p-500)] {
            #expect(inverseSquareRoot(x, multiplyAdd) == expected, "x = \(x)")
        }
    }
}
