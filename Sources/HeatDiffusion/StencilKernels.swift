import SolverSupport

// The solver's hot loops. Each works on one box of a block through raw pointers into the arrays'
// storage: the row's first storage offset is computed once per row, and the innermost loop runs along
// the contiguous last axis with no bounds checks.
//
// Each stencil runs eight cells at a time on `SIMD8<Double>`, then cell by cell for the row's remainder.
// Explicit 8-lane vectors because LLVM's auto-vectoriser, tuned for this CPU family, stays with 256-bit
// registers, and fused multiply-adds where the target has them (`MultiplyAdd`, SolverSupport) because
// that is what GCC emits for the C reference: with both, the 2-D sweep is the C reference's loop
// instruction for instruction and runs at its speed;
// left to the auto-vectoriser it was 20–30 % slower per step (bench-heat, 1 rank). West and east are
// addressed through the last axis's stride read from the layout (it is 1) rather than a literal ±1:
// with literal offsets LLVM merges the overlapping loads of u_W, u and u_E into one load and three
// shuffles.
//
// The per-cell arithmetic is the same operations in the same order for every cell, in a vector lane or
// in the remainder, whichever box it falls in; IEEE addition, multiplication and fused multiply-add are
// correctly rounded alike in a lane and in a scalar, and whether multiply-adds fuse is fixed per build. So the result does not depend on how the grid is
// cut into blocks or boxes, nor on `StencilKernels.vectorised` (HeatDiffusionTests/StencilKernelTests).
// One sweep per dimension serves both schemes: the implicit operator is the same stencil with other weights.

/// The shape of a block's local storage: where owned cell (0, 0[, 0]) is and how far apart neighbours
/// along each axis are. Every array of a solver has the same shape, so one layout serves them all.
struct BlockLayout {
    /// The storage offset of owned cell (0, 0[, 0]).
    let origin: Int
    /// The distance between neighbours along each axis, slowest first; the last is 1.
    let strides: [Int]

    /// The storage offset of the cell with owned-relative coordinates `index`.
    func offset(_ index: [Int]) -> Int {
        zip(index, strides).reduce(origin) { $0 + $1.0 * $1.1 }
    }

    /// Calls `body` with the storage offset of the first cell and the length of each row (a run along
    /// the last axis) of `box`, in row-major order. One call per row, never per cell.
    @inline(__always)
    func forEachRow(of box: Box, _ body: (_ start: Int, _ count: Int) -> Void) {
        let count = box.upper[box.axes - 1] - box.lower[box.axes - 1]
        guard count > 0 else { return }
        if box.axes == 2 {
            for i in box.lower[0]..<max(box.upper[0], box.lower[0]) {
                body(origin &+ i &* strides[0] &+ box.lower[1], count)
            }
        } else {
            for i in box.lower[0]..<max(box.upper[0], box.lower[0]) {
                for j in box.lower[1]..<max(box.upper[1], box.lower[1]) {
                    body(origin &+ i &* strides[0] &+ j &* strides[1] &+ box.lower[2], count)
                }
            }
        }
    }
}

/// A box of cells in owned-relative coordinates (`lower[a] ..< upper[a]`), taken from a
/// `DomainDecomposition.Region` once so that the loops read plain integers.
struct Box {
    let lower: [Int]
    let upper: [Int]
    var axes: Int { lower.count }
    var isEmpty: Bool { zip(lower, upper).contains { $0 >= $1 } }
}

/// The weights of the 5- or 7-point stencil: w_a = dt α / h_a² per axis (slowest first), and the two
/// operators the schemes apply with them.
struct StencilWeights {
    /// dt α / h_a², slowest axis first.
    let axis: [Double]
    /// Forward Euler: v = (1 − 2 Σ w_a) u + Σ_a w_a (u_a− + u_a+).
    let forwardEuler: Stencil
    /// Backward Euler's matrix A = I − dt α L_h: A p = (1 + 2 Σ w_a) p − Σ_a w_a (p_a− + p_a+).
    let backwardEulerOperator: Stencil

    init(_ axis: [Double]) {
        self.axis = axis
        let sum = axis.reduce(0, +)
        forwardEuler = Stencil(centre: 1 - 2 * sum, axis: axis)
        backwardEulerOperator = Stencil(centre: 1 + 2 * sum, axis: axis.map { -$0 })
    }
}

/// A symmetric 5- or 7-point stencil: out = centre·u + Σ_a axis[a] (u_a− + u_a+), axes slowest first.
struct Stencil {
    let centre: Double
    let axis: [Double]
}

typealias Lanes = SIMD8<Double>

extension SIMD8 where Scalar == Double {
    /// The eight values at `pointer[index ..< index + 8]`.
    @inline(__always)
    init(_ pointer: UnsafePointer<Double>, _ index: Int) {
        self = UnsafeRawPointer(pointer + index).loadUnaligned(as: SIMD8<Double>.self)
    }

    /// Writes the lanes to `pointer[index ..< index + 8]`.
    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Double>, at index: Int) {
        UnsafeMutableRawPointer(pointer + index).storeBytes(of: self, as: SIMD8<Double>.self)
    }
}

enum StencilKernels {
    /// Whether the sweeps use 8-lane vectors (`SolverSupport.kernelsUseSIMD`); the bits are the same
    /// either way.
    static let vectorised = kernelsUseSIMD

    // MARK: Sweeps

    /// Applies `stencil` to `u` over `box` of a 2-D block, into `v` (the ghosts of `u` already set).
    ///
    /// Each cell is evaluated in GCC's order for the C reference's forward Euler loop:
    /// w_x (u_W + u_E), then c·u and w_y (u_N + u_S) added each by one multiply-add.
    @inline(never)
    static func sweep2D(
        _ stencil: Stencil, from u: UnsafePointer<Double>, to v: UnsafeMutablePointer<Double>, box: Box,
        layout: BlockLayout, vectorised: Bool = vectorised
    ) {
        let count = box.upper[1] &- box.lower[1]
        guard count > 0, box.upper[0] > box.lower[0] else { return }
        let (rowStride, unit) = (layout.strides[0], layout.strides[1])
        let (c, wy, wx) = (stencil.centre, stencil.axis[0], stencil.axis[1])
        let (c8, wy8, wx8) = (Lanes(repeating: c), Lanes(repeating: wy), Lanes(repeating: wx))
        let multiplyAdd = MultiplyAdd()
        for i in box.lower[0]..<box.upper[0] {
            let start = layout.origin &+ i &* rowStride &+ box.lower[1]
            let centre = u + start
            let (west, east) = (centre - unit, centre + unit)
            let (north, south) = (centre - rowStride, centre + rowStride)
            let out = v + start
            var j = 0
            while vectorised, j &+ 8 <= count {
                var sum = wx8 * (Lanes(west, j) + Lanes(east, j))
                sum = multiplyAdd(c8, Lanes(centre, j), sum)
                sum = multiplyAdd(wy8, Lanes(north, j) + Lanes(south, j), sum)
                sum.store(to: out, at: j)
                j &+= 8
            }
            while j < count {
                var sum = wx * (west[j] + east[j])
                sum = multiplyAdd(c, centre[j], sum)
                sum = multiplyAdd(wy, north[j] + south[j], sum)
                out[j] = sum
                j &+= 1
            }
        }
    }

    /// Applies `stencil` to `u` over `box` of a 3-D block, into `v` (the ghosts of `u` already set), in the
    /// 2-D sweep's order with the z term last.
    @inline(never)
    static func sweep3D(
        _ stencil: Stencil, from u: UnsafePointer<Double>, to v: UnsafeMutablePointer<Double>, box: Box,
        layout: BlockLayout, vectorised: Bool = vectorised
    ) {
        let count = box.upper[2] &- box.lower[2]
        guard count > 0, box.upper[0] > box.lower[0], box.upper[1] > box.lower[1] else { return }
        let (planeStride, rowStride, unit) = (layout.strides[0], layout.strides[1], layout.strides[2])
        let (c, wz, wy, wx) = (stencil.centre, stencil.axis[0], stencil.axis[1], stencil.axis[2])
        let (c8, wz8, wy8, wx8) = (Lanes(repeating: c), Lanes(repeating: wz), Lanes(repeating: wy), Lanes(repeating: wx))
        let multiplyAdd = MultiplyAdd()
        for i in box.lower[0]..<box.upper[0] {
            for j in box.lower[1]..<box.upper[1] {
                let start = layout.origin &+ i &* planeStride &+ j &* rowStride &+ box.lower[2]
                let centre = u + start
                let (west, east) = (centre - unit, centre + unit)
                let (north, south) = (centre - rowStride, centre + rowStride)
                let (back, front) = (centre - planeStride, centre + planeStride)
                let out = v + start
                var k = 0
                while vectorised, k &+ 8 <= count {
                    var sum = wx8 * (Lanes(west, k) + Lanes(east, k))
                    sum = multiplyAdd(c8, Lanes(centre, k), sum)
                    sum = multiplyAdd(wy8, Lanes(north, k) + Lanes(south, k), sum)
                    sum = multiplyAdd(wz8, Lanes(back, k) + Lanes(front, k), sum)
                    sum.store(to: out, at: k)
                    k &+= 8
                }
                while k < count {
                    var sum = wx * (west[k] + east[k])
                    sum = multiplyAdd(c, centre[k], sum)
                    sum = multiplyAdd(wy, north[k] + south[k], sum)
                    sum = multiplyAdd(wz, back[k] + front[k], sum)
                    out[k] = sum
                    k &+= 1
                }
            }
        }
    }

    // MARK: Row operations (conjugate gradient)

    /// Σ a[j] b[j] over one row, in eight fixed lanes (two SIMD4 accumulators) and then the remainder:
    /// vectorised, and the same bits for the same row every time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        let (rawA, rawB) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        var low = SIMD4<Double>(), high = SIMD4<Double>()
        var j = 0
        while j &+ 8 <= count {
            let offset = j &* 8
            low += rawA.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                * rawB.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            high += rawA.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
                * rawB.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
            j &+= 8
        }
        let lanes = low + high
        var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
        while j < count {
            sum += a[j] * b[j]
            j &+= 1
        }
        return sum
    }

    /// x += a p and r −= a q along one row; returns Σ r² of the updated row.
    @inline(__always)
    static func updateSolution(
        x: UnsafeMutablePointer<Double>, r: UnsafeMutablePointer<Double>, p: UnsafePointer<Double>,
        q: UnsafePointer<Double>, step a: Double, count: Int
    ) -> Double {
        for j in 0..<count {
            x[j] += a * p[j]
            r[j] -= a * q[j]
        }
        return dot(r, r, count: count)
    }

    /// p = r + β p along one row.
    @inline(__always)
    static func updateDirection(p: UnsafeMutablePointer<Double>, r: UnsafePointer<Double>, beta: Double, count: Int) {
        for j in 0..<count {
            p[j] = r[j] + beta * p[j]
        }
    }
}
