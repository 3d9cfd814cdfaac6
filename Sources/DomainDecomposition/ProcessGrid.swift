import MPI

/// A Cartesian grid of processes in one, two or three dimensions: who owns which block, and who the
/// neighbours are.
///
/// Axis 0 is the slowest-varying, as in a C array `u[nz][ny][nx]`. Dimensions left at 0 are chosen by
/// MPI (`MPI_Dims_create`) to make the grid as square as possible; the user may fix any of them.
public struct ProcessGrid: Sendable {
    /// The Cartesian communicator of the grid (no reordering, so ranks equal those of the parent).
    public let communicator: Communicator
    /// The number of processes along each axis.
    public let dimensions: [Int]
    /// Whether each axis wraps around.
    public let periodic: [Bool]
    /// The calling process's position along each axis.
    public let coordinates: [Int]
    /// The calling process's rank in ``communicator``.
    public let rank: Int
    /// The number of processes in the grid.
    public let size: Int

    /// Arranges every process of `communicator` in a grid.
    ///
    /// - Parameters:
    ///   - dimensions: Processes per axis, one entry per axis (1 to 3 axes); 0 lets MPI choose.
    ///   - periodic: For each axis, whether it wraps around; default: no axis does.
    ///   - communicator: The processes to arrange; all of them take part.
    /// - Throws: ``/MPI/MPIError`` of class ``/MPI/ErrorClass/dimensions`` when the fixed dimensions do not
    ///   multiply up to the number of processes.
    public init(dimensions: [Int], periodic: [Bool]? = nil, communicator: Communicator = .world) throws(MPIError) {
        guard (1...3).contains(dimensions.count) else {
            throw MPIError(.dimensions, "a process grid has 1, 2 or 3 axes, not \(dimensions.count)")
        }
        let periodic = periodic ?? Array(repeating: false, count: dimensions.count)
        guard periodic.count == dimensions.count else {
            throw MPIError(.dimensions, "\(dimensions.count) axes but \(periodic.count) periodicity flags")
        }
        let size = try communicator.size
        let chosen = try Communicator.dimensions(for: size, fixing: dimensions)
        guard let grid = try communicator.cartesian(dimensions: chosen, periodic: periodic, reorder: false) else {
            throw MPIError(.dimensions, "the \(chosen) process grid leaves this process out")
        }
        self.communicator = grid
        self.dimensions = chosen
        self.periodic = periodic
        self.coordinates = try grid.cartesianTopology().coordinates
        self.rank = try grid.rank
        self.size = size
    }

    /// A grid of `axes` axes whose dimensions MPI chooses.
    ///
    /// - Parameters:
    ///   - axes: The number of axes, 1 to 3.
    ///   - periodic: For each axis, whether it wraps around; default: no axis does.
    ///   - communicator: The processes to arrange; all of them take part.
    /// - Throws: ``/MPI/MPIError`` of class ``/MPI/ErrorClass/dimensions`` when `axes` is not 1, 2 or 3 or
    ///   `periodic` has another length, or when MPI reports an error.
    public init(axes: Int, periodic: [Bool]? = nil, communicator: Communicator = .world) throws(MPIError) {
        try self.init(dimensions: Array(repeating: 0, count: axes), periodic: periodic, communicator: communicator)
    }

    /// The number of axes.
    public var axisCount: Int { dimensions.count }

    /// The rank of the process at `offset` from the caller (one entry per axis, each -1, 0 or 1 or
    /// more), wrapping around periodic axes; ``/MPI/Communicator/nullProcess`` past an open edge.
    ///
    /// - Parameter offset: One step count per axis, exactly ``axisCount`` of them: `[-1, 0]` is the
    ///   neighbour before the caller along axis 0.
    /// - Returns: The neighbour's rank, or ``/MPI/Communicator/nullProcess``.
    /// - Throws: ``/MPI/MPIError`` of class ``/MPI/ErrorClass/dimensions`` when `offset` does not have
    ///   exactly ``axisCount`` entries, or when MPI reports an error.
    public func neighbor(at offset: [Int]) throws(MPIError) -> Int {
        guard offset.count == axisCount else {
            throw MPIError(.dimensions, "a neighbour offset needs one step per axis (\(axisCount)), got \(offset.count)")
        }
        var position = coordinates
        for axis in dimensions.indices {
            position[axis] += offset[axis]
            if periodic[axis] {
                position[axis] = ((position[axis] % dimensions[axis]) + dimensions[axis]) % dimensions[axis]
            } else if !(0..<dimensions[axis]).contains(position[axis]) {
                return Communicator.nullProcess
            }
        }
        return try communicator.cartesianRank(of: position)
    }

    /// The ranks of the lower and upper neighbours along `axis` (``/MPI/Communicator/nullProcess`` at an open
    /// edge).
    ///
    /// - Parameter axis: The axis, `0 ..< axisCount`.
    /// - Returns: The rank before and the rank after the caller along `axis`.
    /// - Throws: ``/MPI/MPIError`` when `axis` is out of range or MPI reports an error.
    public func neighbors(along axis: Int) throws(MPIError) -> (lower: Int, upper: Int) {
        let shift = try communicator.cartesianShift(axis: axis, displacement: 1)
        return (shift.source, shift.destination)
    }

    /// The grid coordinates of the process with rank `rank`.
    ///
    /// - Parameter rank: A rank of the grid's communicator.
    /// - Returns: The process's coordinates, one per axis.
    /// - Throws: ``/MPI/MPIError`` when `rank` is out of range or MPI reports an error.
    public func coordinates(of rank: Int) throws(MPIError) -> [Int] {
        try communicator.cartesianCoordinates(of: rank)
    }
}
