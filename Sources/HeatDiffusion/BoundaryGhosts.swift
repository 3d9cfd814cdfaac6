import DomainDecomposition

/// Sets the ghost cells that lie beyond the physical boundary — the ones no halo exchange touches —
/// from the block's edge cells: ghost = shift + scale · u_edge.
///
/// | condition | ghost (inhomogeneous) | ghost (homogeneous, for the implicit operator) |
/// |---|---|---|
/// | Dirichlet g | 2g − u_edge | −u_edge |
/// | Neumann | u_edge | u_edge |
///
/// Periodic axes have no physical boundary: the halo exchange fills their ghosts. Only faces are set;
/// the 5- and 7-point stencils read no edge or corner ghost.
struct BoundaryGhosts {
    /// One face of the block that lies on the physical boundary.
    struct Face {
        /// The axis the face is normal to.
        let axis: Int
        /// Whether it is the lower (index −1) or upper (index n) side.
        let isLower: Bool
        /// The Dirichlet value, or nil for Neumann.
        let dirichletValue: Double?
    }

    /// The faces of this process's block on the physical boundary, in axis order, lower side first.
    let faces: [Face]
    let layout: BlockLayout
    let ownedExtent: [Int]

    init(array: DistributedArray<Double>, boundaries: [BoundaryCondition], layout: BlockLayout) {
        var faces: [Face] = []
        let grid = array.grid
        for axis in boundaries.indices {
            let value: Double?
            switch boundaries[axis] {
            case .periodic: continue
            case .neumann: value = nil
            case .dirichlet(let g): value = g
            }
            if grid.coordinates[axis] == 0 { faces.append(Face(axis: axis, isLower: true, dirichletValue: value)) }
            if grid.coordinates[axis] == grid.dimensions[axis] - 1 {
                faces.append(Face(axis: axis, isLower: false, dirichletValue: value))
            }
        }
        self.faces = faces
        self.layout = layout
        self.ownedExtent = array.ownedExtent
    }

    /// Sets every physical ghost of the array at `base`; with `homogeneous`, Dirichlet values count as 0.
    func fill(_ base: UnsafeMutablePointer<Double>, homogeneous: Bool) {
        for face in faces {
            let scale: Double = face.dirichletValue == nil ? 1 : -1
            let shift = homogeneous ? 0 : 2 * (face.dirichletValue ?? 0)
            let outward = face.isLower ? -layout.strides[face.axis] : layout.strides[face.axis]
            forEachEdgeCell(of: face) { edge in
                base[edge &+ outward] = shift + scale * base[edge]
            }
        }
    }

    /// Adds the Dirichlet values' share of the backward Euler right-hand side to the edge cells of `b`:
    /// the inhomogeneous ghost 2g − u contributes 2 g w_a beyond what the homogeneous operator sees.
    func addDirichletTerms(to b: UnsafeMutablePointer<Double>, weights: StencilWeights) {
        for face in faces {
            guard let g = face.dirichletValue else { continue }
            let term = 2 * g * weights.axis[face.axis]
            forEachEdgeCell(of: face) { edge in b[edge] += term }
        }
    }

    /// Calls `body` with the storage offset of each owned cell next to `face`.
    @inline(__always)
    private func forEachEdgeCell(of face: Face, _ body: (Int) -> Void) {
        let axes = ownedExtent.count
        var lower = Array(repeating: 0, count: axes)
        var upper = ownedExtent
        lower[face.axis] = face.isLower ? 0 : ownedExtent[face.axis] - 1
        upper[face.axis] = lower[face.axis] + 1
        layout.forEachRow(of: Box(lower: lower, upper: upper)) { start, count in
            for j in 0..<count { body(start &+ j) }
        }
    }
}
