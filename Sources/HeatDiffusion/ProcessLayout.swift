import MPI
import SolverSupport

/// How the ranks are arranged over the box.
public enum ProcessLayout {
    /// The process grid MPI chooses for `ranks` ranks (`MPI_Dims_create`, as square as possible; array
    /// order), refused when some axis would have more ranks than cells. The same on every rank, without
    /// communicating.
    public static func dimensions(ranks: Int, extent: [Int]) throws -> [Int] {
        let dimensions = try Communicator.dimensions(for: ranks, fixing: Array(repeating: 0, count: extent.count))
        let names = HeatProblem.axisNames(extent.count)
        for axis in extent.indices where extent[axis] < dimensions[axis] {
            throw ValidationError("\(ranks) ranks form a \(describe(dimensions)) process grid (x×y\(extent.count == 3 ? "×z" : "")) "
                + "with \(dimensions[axis]) ranks along \(names[axis]), but \(names[axis]) has only \(extent[axis]) cells "
                + "(--n\(names[axis]) \(extent[axis])); every rank needs at least one cell per axis: use fewer ranks or more cells")
        }
        return dimensions
    }

    /// A process grid as the user reads it, x first: "2×1".
    public static func describe(_ dimensions: [Int]) -> String {
        dimensions.reversed().map(String.init).joined(separator: "×")
    }
}
