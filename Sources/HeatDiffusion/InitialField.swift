#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
public import DomainDecomposition
import MPI

/// Fills a field with a generated initial condition.
///
/// Both generated fields are products of one factor per axis, each a function of the global cell index
/// alone, so every process computes exactly the bits a single process would for the same cell.
public enum InitialField {
    /// Sets the owned cells of `field` to `condition` (``InitialCondition/sine`` or
    /// ``InitialCondition/gaussian``; files are read elsewhere).
    public static func fill(_ field: DistributedArray<Double>, with condition: InitialCondition, problem: HeatProblem) {
        let tables = field.globalExtent.indices.map { axis in
            field.ownedStart[axis]..<field.ownedStart[axis] + field.ownedExtent[axis]
        }.enumerated().map { axis, indices in
            indices.map { factor(condition, axis: axis, index: $0, problem: problem) }
        }
        field.withUnsafeMutableElements { storage in
            let base = storage.baseAddress!
            if tables.count == 2 {
                for i in tables[0].indices {
                    let row = base + field.offset(i, 0)
                    for j in tables[1].indices { row[j] = tables[0][i] * tables[1][j] }
                }
            } else {
                for i in tables[0].indices {
                    for j in tables[1].indices {
                        let row = base + field.offset(i, j, 0)
                        let outer = tables[0][i] * tables[1][j]
                        for k in tables[2].indices { row[k] = outer * tables[2][k] }
                    }
                }
            }
        }
    }

    /// The factor of cell `index` along `axis`: sin(π x / L), or the Gaussian exp(−(x − L/2)² / (2σ²)).
    static func factor(_ condition: InitialCondition, axis: Int, index: Int, problem: HeatProblem) -> Double {
        let length = problem.lengths[axis]
        let x = cellCentre(index, axis: axis, problem: problem)
        switch condition {
        case .sine:
            return sin(Double.pi * x / length)
        case .gaussian:
            let sigma = InitialCondition.gaussianWidth * length
            let d = x - 0.5 * length
            return exp(-(d * d) / (2 * sigma * sigma))
        case .file:
            preconditionFailure("a file initial condition is read, not generated")
        }
    }

    /// The centre of cell `index` along `axis`: (index + ½) h.
    static func cellCentre(_ index: Int, axis: Int, problem: HeatProblem) -> Double {
        (Double(index) + 0.5) * problem.spacing[axis]
    }
}

/// The exact solution of the `sine` problem with Dirichlet 0 on every boundary:
/// u(x, t) = Π_a sin(π x_a / L_a) · exp(−α π² Σ_a 1/L_a² · t).
public enum ExactSolution {
    /// The L2 error √(Σ (u − u_exact)² Π h_a) (the continuous L2 norm by the midpoint rule) and the
    /// largest absolute error of a whole field in global row-major order at time `time`.
    public static func errors(of field: [Double], problem: HeatProblem, time: Double) -> (l2: Double, maximum: Double) {
        let decayRate = Double.pi * Double.pi * problem.alpha * problem.lengths.reduce(0) { $0 + 1 / ($1 * $1) }
        let decay = exp(-decayRate * time)
        let tables = problem.extent.indices.map { axis in
            (0..<problem.extent[axis]).map { InitialField.factor(.sine, axis: axis, index: $0, problem: problem) }
        }
        let rowLength = problem.extent.last!
        var sumOfSquares = 0.0
        var maximum = 0.0
        var offset = 0
        let rows = problem.extent.dropLast().reduce(1, *)
        for row in 0..<rows {
            var outer = decay
            if problem.axisCount == 2 {
                outer *= tables[0][row]
            } else {
                outer *= tables[0][row / problem.extent[1]] * tables[1][row % problem.extent[1]]
            }
            let last = tables[problem.axisCount - 1]
            for j in 0..<rowLength {
                let error = field[offset + j] - outer * last[j]
                sumOfSquares += error * error
                maximum = max(maximum, abs(error))
            }
            offset += rowLength
        }
        let cellVolume = problem.spacing.reduce(1, *)
        return ((sumOfSquares * cellVolume).squareRoot(), maximum)
    }
}
