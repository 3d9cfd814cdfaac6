import Testing
@testable import HeatDiffusion

/// The stencil sweeps give the same bits on their 8-lane path as on their scalar path, for every cell
/// position in a row (lanes 0–7 of several groups, and the remainder). Release builds sweep with the
/// vectors and debug builds cell by cell (``StencilKernels/vectorised``), so this is what makes the two
/// kinds of build agree, and what lets a rank's cut of the grid into boxes leave the result unchanged.
@Suite struct StencilKernelTests {
    /// Random values in [-1, 1) on a block of `extent` cells with one ghost layer, deterministic.
    static func field(extent: [Int]) -> (values: [Double], layout: BlockLayout) {
        let padded = extent.map { $0 + 2 }
        var strides = Array(repeating: 1, count: extent.count)
        for axis in stride(from: extent.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * padded[axis + 1] }
        let origin = strides.reduce(0, +)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let values = (0..<padded.reduce(1, *)).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 52) - 1
        }
        return (values, BlockLayout(origin: origin, strides: strides))
    }

    /// Runs `kernel` on a box covering every owned cell, once per path, and returns both outputs.
    static func bothPaths(
        extent: [Int],
        _ kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Box, BlockLayout, Bool) -> Void
    ) -> (vector: [Double], scalar: [Double]) {
        let (input, layout) = field(extent: extent)
        let box = Box(lower: Array(repeating: 0, count: extent.count), upper: extent)
        func run(_ vectorised: Bool) -> [Double] {
            var output = Array(repeating: Double.nan, count: input.count)
            input.withUnsafeBufferPointer { u in
                output.withUnsafeMutableBufferPointer { v in kernel(u.baseAddress!, v.baseAddress!, box, layout, vectorised) }
            }
            return output
        }
        return (run(true), run(false))
    }

    /// Both schemes' stencils: forward Euler, and backward Euler's operator (negative axis weights).
    static func stencils(axes: Int) -> [Stencil] {
        let weights = StencilWeights(Array([0.11, 0.07, 0.05].prefix(axes)))
        return [weights.forwardEuler, weights.backwardEulerOperator]
    }

    @Test(arguments: [[3, 1], [5, 8], [4, 23], [2, 64], [2, 3, 7], [3, 2, 17], [2, 2, 40]])
    func vectorAndScalarPathsAgree(extent: [Int]) {
        for stencil in Self.stencils(axes: extent.count) {
            let result = Self.bothPaths(extent: extent) { u, v, box, layout, vectorised in
                if extent.count == 2 {
                    StencilKernels.sweep2D(stencil, from: u, to: v, box: box, layout: layout, vectorised: vectorised)
                } else {
                    StencilKernels.sweep3D(stencil, from: u, to: v, box: box, layout: layout, vectorised: vectorised)
                }
            }
            #expect(result.vector.map(\.bitPattern) == result.scalar.map(\.bitPattern))
            #expect(result.vector.contains { !$0.isNaN })
        }
    }
}
