import MPI
import SolverSupport

// Backward Euler: (I − dt α L_h) u¹ = u⁰ + (Dirichlet terms), solved matrix-free by conjugate gradient.
//
// With homogeneous ghost rules (Dirichlet ghost −u_edge, Neumann ghost u_edge, periodic wrap) L_h is
// symmetric negative semi-definite, so A = I − dt α L_h is symmetric positive definite; the Dirichlet
// values move to the right-hand side b as 2 g dt α / h_a² on the cells next to the boundary.
//
// Each iteration exchanges the search direction's halo (overlapped with the interior of A p) and makes
// two allReduce calls: (p, Ap) and (r, r). Dot products sum each rank's cells in a fixed order, then
// across ranks in MPI's order, so the result is reproducible for a given number of ranks but its last
// bits depend on the decomposition.

extension HeatSolver {
    /// One implicit step: solves for `next`, starting from the current field.
    func backwardEulerStep() throws {
        let (u, x) = (current, next)
        let (r, p, q) = (residual!, direction!, image!)

        // b = u + Dirichlet terms, kept in q; r = b − A u; x = u; p = r.
        timers.measure(.compute) {
            copyOwned(from: u, to: q)
            ghosts.addDirichletTerms(to: q.base, weights: weights)
        }
        try applyOperator(u, into: r)
        var local = timers.measure(.compute) { () -> [Double] in
            var sums = [0.0, 0.0]
            layout.forEachRow(of: owned) { start, count in
                let (b, residualRow, image) = (q.base + start, r.base + start, r.base + start)
                for j in 0..<count { residualRow[j] = b[j] - image[j] }
                sums[0] += StencilKernels.dot(b, b, count: count)
                sums[1] += StencilKernels.dot(residualRow, residualRow, count: count)
            }
            copyOwned(from: u, to: x)
            copyOwned(from: r, to: p)
            return sums
        }
        local = try timers.measure(.reductions) { () throws(MPIError) in try grid.communicator.allReduce(local, .sum) }
        let (normB, initial) = (local[0].squareRoot(), local[1])
        var rr = initial
        var iterations = 0
        if normB == 0 {
            timers.measure(.compute) { zeroOwned(x) }
        }
        while normB > 0 && rr.squareRoot() > tolerance * normB {
            guard iterations < iterationLimit else {
                throw ValidationError("conjugate gradient did not converge at step \(step + 1): relative residual "
                    + "\(formatted(rr.squareRoot() / normB, "%.3e")) after \(iterations) iterations "
                    + "(--max-iterations \(iterationLimit)), above --tolerance \(tolerance)")
            }
            try applyOperator(p, into: q)
            let pq = try reduce { () -> Double in
                var sum = 0.0
                layout.forEachRow(of: owned) { start, count in sum += StencilKernels.dot(p.base + start, q.base + start, count: count) }
                return sum
            }
            guard pq > 0, pq.isFinite else {
                throw ValidationError("conjugate gradient broke down at step \(step + 1) (p·Ap = \(pq)); the field is not finite")
            }
            let a = rr / pq
            let rrNext = try reduce { () -> Double in
                var sum = 0.0
                layout.forEachRow(of: owned) { start, count in
                    sum += StencilKernels.updateSolution(x: x.base + start, r: r.base + start, p: p.base + start,
                                                         q: q.base + start, step: a, count: count)
                }
                return sum
            }
            let beta = rrNext / rr
            rr = rrNext
            iterations += 1
            timers.measure(.compute) {
                layout.forEachRow(of: owned) { start, count in
                    StencilKernels.updateDirection(p: p.base + start, r: r.base + start, beta: beta, count: count)
                }
            }
        }
        lastIterations = iterations
        totalIterations += iterations
        maximumIterations = max(maximumIterations, iterations)
    }

    /// Computes a local partial sum (charged to compute), then sums it over the ranks (reductions).
    private func reduce(_ partial: () -> Double) throws(MPIError) -> Double {
        let local = timers.measure(.compute, partial)
        return try timers.measure(.reductions) { () throws(MPIError) in try grid.communicator.allReduce(local, .sum) }
    }

    private func copyOwned(from source: Field, to destination: Field) {
        layout.forEachRow(of: owned) { start, count in
            (destination.base + start).update(from: source.base + start, count: count)
        }
    }

    private func zeroOwned(_ field: Field) {
        layout.forEachRow(of: owned) { start, count in
            (field.base + start).update(repeating: 0, count: count)
        }
    }
}
