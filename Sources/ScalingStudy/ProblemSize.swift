/// The problem one point of a study runs: the global size handed to the solver.
public enum ProblemSize: Equatable, Sendable {
    /// Heat: interior cells per axis, x first (2 or 3 axes).
    case cells([Int])
    /// N-body: the number of bodies.
    case bodies(Int)

    /// The problem at `ranks` ranks when `self` is the problem at one rank.
    ///
    /// Strong scaling keeps the problem. Weak scaling keeps the work per rank: for heat every rank keeps
    /// the one-rank block of cells, the global grid growing by the process grid the solver forms
    /// (``ProcessGridShape/balanced(ranks:axes:)``); for n-body, whose direct summation costs N² per step,
    /// N grows as √p so that N²/p stays constant (rounded to the nearest whole body).
    public func scaled(to ranks: Int, mode: ScalingMode) -> ProblemSize {
        guard mode == .weak else { return self }
        switch self {
        case .cells(let cells):
            // The solver's process grid is in array order (z, y, x): the first array axis gets the most ranks.
            let grid = ProcessGridShape.balanced(ranks: ranks, axes: cells.count)
            return .cells(zip(cells.reversed(), grid).map { $0 * $1 }.reversed())
        case .bodies(let bodies):
            return .bodies(Int((Double(bodies) * Double(ranks).squareRoot()).rounded()))
        }
    }

    /// The rule ``scaled(to:mode:)`` applies in weak scaling, in words, for help texts and tables.
    public static func weakScalingRule(for solver: SolverKind) -> String {
        switch solver {
        case .heat:
            "cells per rank constant: each rank keeps the 1-rank grid as its block, the global grid is that "
                + "block times the process grid of p ranks (p's prime factors spread evenly over the axes, as "
                + "MPI_Dims_create does: y grows first in 2-D, z in 3-D)"
        case .nbody:
            "work per rank constant: direct summation costs N² per step, so N(p) = round(N1·√p) keeps N²/p fixed"
        }
    }

    /// Work per step: cell updates for heat, pairwise interactions (N², as the solver counts them) for n-body.
    public var workPerStep: Double {
        switch self {
        case .cells(let cells): cells.reduce(1.0) { $0 * Double($1) }
        case .bodies(let bodies): Double(bodies) * Double(bodies)
        }
    }

    /// The size as a table shows it: `2048×2048 cells` or `8192 bodies`.
    public var description: String {
        switch self {
        case .cells(let cells): cells.map(String.init).joined(separator: "×") + " cells"
        case .bodies(let bodies): "\(bodies) bodies"
        }
    }

    /// The size as one CSV field without separators: `2048x2048` or `8192`.
    public var field: String {
        switch self {
        case .cells(let cells): cells.map(String.init).joined(separator: "x")
        case .bodies(let bodies): String(bodies)
        }
    }

    /// The solver options that set this size.
    public var solverArguments: [String] {
        switch self {
        case .cells(let cells):
            ["--dims", String(cells.count)] + zip(["--nx", "--ny", "--nz"], cells).flatMap { [$0, String($1)] }
        case .bodies(let bodies):
            ["--bodies", String(bodies)]
        }
    }
}

/// Process grids as MPI forms them, computed without MPI (the driver never initialises it).
public enum ProcessGridShape {
    /// The grid `MPI_Dims_create` forms for `ranks` ranks over `axes` axes: the prime factors of `ranks`,
    /// largest first, each multiplied into the axis with the fewest ranks so far, then sorted into
    /// non-increasing order (array order: the first axis gets the most ranks).
    public static func balanced(ranks: Int, axes: Int) -> [Int] {
        var grid = Array(repeating: 1, count: axes)
        for factor in primeFactors(ranks).reversed() {
            let smallest = grid.indices.min { grid[$0] < grid[$1] }!
            grid[smallest] *= factor
        }
        return grid.sorted(by: >)
    }

    /// The prime factors of `n` in non-decreasing order (none for 1).
    static func primeFactors(_ n: Int) -> [Int] {
        var factors: [Int] = []
        var rest = n, divisor = 2
        while divisor * divisor <= rest {
            while rest % divisor == 0 {
                factors.append(divisor)
                rest /= divisor
            }
            divisor += 1
        }
        if rest > 1 { factors.append(rest) }
        return factors
    }
}
