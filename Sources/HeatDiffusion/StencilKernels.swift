// The solver's hot loops. Each works on one box of a block through raw pointers into the arrays'
// storage: the row's first storage offset is computed once per row, the innermost loop runs along the
// contiguous last axis with no bounds checks and no calls, and the compiler vectorises it (AVX2 or
// AVX-512 in a `-Xswiftc -target-cpu -Xswiftc native` release build).
//
// The per-cell arithmetic is the same expression, in the same order, for every cell whichever box it
// falls in, and IEEE arithmetic without contraction (Swift never fuses a*b + c into an FMA on its own)
// gives the same bits in a vector lane as in the scalar remainder loop. So the result does not depend on
// how the grid is cut into blocks or boxes.

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

/// The weights of the 5- or 7-point stencil: w_a = dt α / h_a² per axis (slowest first) and the
/// centre weight of each scheme.
struct StencilWeights {
    /// dt α / h_a², slowest axis first.
    let axis: [Double]
    /// Forward Euler centre weight 1 − 2 Σ w_a.
    let explicitCentre: Double
    /// Backward Euler diagonal 1 + 2 Σ w_a.
    let implicitDiagonal: Double

    init(_ axis: [Double]) {
        self.axis = axis
        let sum = axis.reduce(0, +)
        explicitCentre = 1 - 2 * sum
        implicitDiagonal = 1 + 2 * sum
    }
}

enum StencilKernels {
    // MARK: Forward Euler

    /// v = u + dt α ∇²_h u over `box` of a 2-D block, written as
    /// v = c·u + w_x (u_W + u_E) + w_y (u_N + u_S).
    @inline(never)
    static func forwardEuler2D(
        from u: UnsafePointer<Double>, to v: UnsafeMutablePointer<Double>, box: Box, layout: BlockLayout,
        weights: StencilWeights
    ) {
        let count = box.upper[1] &- box.lower[1]
        guard count > 0, box.upper[0] > box.lower[0] else { return }
        let rowStride = layout.strides[0]
        let (c, wy, wx) = (weights.explicitCentre, weights.axis[0], weights.axis[1])
        for i in box.lower[0]..<box.upper[0] {
            let start = layout.origin &+ i &* rowStride &+ box.lower[1]
            let centre = u + start
            let north = centre - rowStride
            let south = centre + rowStride
            let out = v + start
            for j in 0..<count {
                out[j] = c * centre[j] + wx * (centre[j &- 1] + centre[j &+ 1]) + wy * (north[j] + south[j])
            }
        }
    }

    /// v = u + dt α ∇²_h u over `box` of a 3-D block, written as
    /// v = c·u + w_x (u_W + u_E) + w_y (u_N + u_S) + w_z (u_B + u_F).
    @inline(never)
    static func forwardEuler3D(
        from u: UnsafePointer<Double>, to v: UnsafeMutablePointer<Double>, box: Box, layout: BlockLayout,
        weights: StencilWeights
    ) {
        let count = box.upper[2] &- box.lower[2]
        guard count > 0, box.upper[0] > box.lower[0], box.upper[1] > box.lower[1] else { return }
        let (planeStride, rowStride) = (layout.strides[0], layout.strides[1])
        let (c, wz, wy, wx) = (weights.explicitCentre, weights.axis[0], weights.axis[1], weights.axis[2])
        for i in box.lower[0]..<box.upper[0] {
            for j in box.lower[1]..<box.upper[1] {
                let start = layout.origin &+ i &* planeStride &+ j &* rowStride &+ box.lower[2]
                let centre = u + start
                let north = centre - rowStride
                let south = centre + rowStride
                let back = centre - planeStride
                let front = centre + planeStride
                let out = v + start
                for k in 0..<count {
                    out[k] = c * centre[k] + wx * (centre[k &- 1] + centre[k &+ 1]) + wy * (north[k] + south[k])
                        + wz * (back[k] + front[k])
                }
            }
        }
    }

    // MARK: Backward Euler operator

    /// q = A p = (I − dt α L_h) p over `box` of a 2-D block, the ghosts of `p` already set:
    /// q = d·p − w_x (p_W + p_E) − w_y (p_N + p_S).
    @inline(never)
    static func implicitOperator2D(
        _ p: UnsafePointer<Double>, into q: UnsafeMutablePointer<Double>, box: Box, layout: BlockLayout,
        weights: StencilWeights
    ) {
        let count = box.upper[1] &- box.lower[1]
        guard count > 0, box.upper[0] > box.lower[0] else { return }
        let rowStride = layout.strides[0]
        let (d, wy, wx) = (weights.implicitDiagonal, weights.axis[0], weights.axis[1])
        for i in box.lower[0]..<box.upper[0] {
            let start = layout.origin &+ i &* rowStride &+ box.lower[1]
            let centre = p + start
            let north = centre - rowStride
            let south = centre + rowStride
            let out = q + start
            for j in 0..<count {
                out[j] = d * centre[j] - wx * (centre[j &- 1] + centre[j &+ 1]) - wy * (north[j] + south[j])
            }
        }
    }

    /// q = A p = (I − dt α L_h) p over `box` of a 3-D block, the ghosts of `p` already set.
    @inline(never)
    static func implicitOperator3D(
        _ p: UnsafePointer<Double>, into q: UnsafeMutablePointer<Double>, box: Box, layout: BlockLayout,
        weights: StencilWeights
    ) {
        let count = box.upper[2] &- box.lower[2]
        guard count > 0, box.upper[0] > box.lower[0], box.upper[1] > box.lower[1] else { return }
        let (planeStride, rowStride) = (layout.strides[0], layout.strides[1])
        let (d, wz, wy, wx) = (weights.implicitDiagonal, weights.axis[0], weights.axis[1], weights.axis[2])
        for i in box.lower[0]..<box.upper[0] {
            for j in box.lower[1]..<box.upper[1] {
                let start = layout.origin &+ i &* planeStride &+ j &* rowStride &+ box.lower[2]
                let centre = p + start
                let north = centre - rowStride
                let south = centre + rowStride
                let back = centre - planeStride
                let front = centre + planeStride
                let out = q + start
                for k in 0..<count {
                    out[k] = d * centre[k] - wx * (centre[k &- 1] + centre[k &+ 1]) - wy * (north[k] + south[k])
                        - wz * (back[k] + front[k])
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
