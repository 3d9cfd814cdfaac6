import CMPI

// Cartesian process topologies (MPI 3.1, sections 7.5.1, 7.5.2, 7.5.5 and 7.5.6): processes arranged on
// a grid, addressed by coordinates, with shifts along an axis and sub-grids.

extension Communicator {
    /// Balanced grid dimensions for `nodes` processes: the free axes (0 in `dims`) are filled in so the
    /// product of all dimensions is `nodes` and the free ones are as close to each other as possible, in
    /// non-increasing order.
    ///
    /// `dimensions(for: 12, fixing: [0, 0])` is `[4, 3]`; `dimensions(for: 12, fixing: [0, 2])` is `[6, 2]`.
    ///
    /// - Parameters:
    ///   - nodes: The number of processes, at least 1.
    ///   - dims: One entry per axis: a positive size to keep, or 0 for an axis to choose.
    /// - Throws: An error of class ``ErrorClass/dimensions`` when `dims` is empty, has a negative entry,
    ///   or its fixed sizes do not divide `nodes`.
    /// - Returns: The sizes of every axis, the fixed ones unchanged, whose product is `nodes`.
    ///
    /// The corresponding MPI function is `MPI_Dims_create`.
    public static func dimensions(for nodes: Int, fixing dims: [Int]) throws(MPIError) -> [Int] {
        try Environment.checkActive()
        guard nodes >= 1 else { throw MPIError(.dimensions, "a grid needs at least one process, got \(nodes)") }
        guard !dims.isEmpty else { throw MPIError(.dimensions, "a grid needs at least one axis") }
        guard dims.allSatisfy({ $0 >= 0 }) else {
            throw MPIError(.dimensions, "axis sizes must be positive, or 0 for a free axis; got \(dims)")
        }
        guard let fixed = product(dims.filter { $0 > 0 }), nodes % fixed == 0, dims.contains(0) || fixed == nodes else {
            throw MPIError(.dimensions, "the fixed axis sizes in \(dims) do not make a grid of \(nodes) processes")
        }
        var result = try dims.map { (size: Int) throws(MPIError) in try mpiInt(size, "axis size") }
        try check(MPI_Dims_create(try mpiInt(nodes, "process count"), try mpiCount(result.count), &result))
        return result.map(Int.init)
    }

    /// Arranges the processes on a Cartesian grid and returns the communicator that carries it.
    ///
    /// Collective. Processes are placed in row-major order of their coordinates (the last axis varies
    /// fastest); when the grid holds fewer processes than this communicator, the highest ranks are left out.
    ///
    /// - Parameters:
    ///   - dimensions: The number of processes along each axis; their product must not exceed ``size``.
    ///   - periodic: For each axis, whether it wraps around (a ring or torus) or has open edges.
    ///   - reorder: Whether MPI may renumber the processes to suit the machine.
    /// - Returns: The grid communicator, or `nil` on a process left out of the grid.
    /// - Throws: ``MPIError`` when the arrays differ in length, the grid has more processes than the
    ///   communicator, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Cart_create`.
    public func cartesian(
        dimensions: [Int], periodic: [Bool], reorder: Bool = false
    ) throws(MPIError) -> Communicator? {
        try Environment.checkActive()
        guard dimensions.count == periodic.count else {
            throw MPIError(.dimensions, "\(dimensions.count) dimensions but \(periodic.count) periodicity flags")
        }
        guard dimensions.allSatisfy({ $0 >= 1 }) else {
            throw MPIError(.dimensions, "every axis needs at least one process; got \(dimensions)")
        }
        let size = try self.size
        guard let processes = product(dimensions), processes <= size else {
            throw MPIError(.dimensions, "a \(dimensions) grid needs more than the \(size) processes of this communicator")
        }
        let dims = try dimensions.map { (size: Int) throws(MPIError) in try mpiInt(size, "axis size") }
        let periods = periodic.map { Int32($0 ? 1 : 0) }
        var newHandle = cmpi_comm_null()
        try check(MPI_Cart_create(
            handle, try mpiCount(dims.count), dims, periods, reorder ? 1 : 0, &newHandle))
        return newHandle == cmpi_comm_null() ? nil : Communicator(adopting: newHandle)
    }

    /// The grid of a Cartesian communicator and the calling process's place in it.
    ///
    /// - Throws: An error of class ``ErrorClass/topology`` when the communicator is not Cartesian.
    /// - Returns: The number of processes along each axis, whether each axis wraps around, and the caller's
    ///   coordinates.
    ///
    /// The corresponding MPI functions are `MPI_Cartdim_get` and `MPI_Cart_get`.
    public func cartesianTopology() throws(MPIError) -> (dimensions: [Int], periodic: [Bool], coordinates: [Int]) {
        let axes = try cartesianAxisCount()
        var dims = [Int32](repeating: 0, count: axes)
        var periods = [Int32](repeating: 0, count: axes)
        var coordinates = [Int32](repeating: 0, count: axes)
        try check(MPI_Cart_get(handle, Int32(axes), &dims, &periods, &coordinates))
        return (dims.map(Int.init), periods.map { $0 != 0 }, coordinates.map(Int.init))
    }

    /// The rank of the process at the given grid coordinates.
    ///
    /// On a periodic axis any coordinate is allowed and wraps around; on an open one it must lie on the grid.
    ///
    /// - Parameter coordinates: One coordinate per axis; periodic axes take any value and wrap around.
    /// - Returns: The rank of the process at `coordinates`.
    /// - Throws: ``MPIError`` when the communicator has no Cartesian topology (class
    ///   ``ErrorClass/topology``), an argument does not fit it, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Cart_rank`.
    public func cartesianRank(of coordinates: [Int]) throws(MPIError) -> Int {
        let axes = try cartesianAxisCount()
        guard coordinates.count == axes else {
            throw MPIError(.dimensions, "\(coordinates.count) coordinates for a grid of \(axes) axes")
        }
        let coordinates = try coordinates.map { (value: Int) throws(MPIError) in try mpiInt(value, "coordinate") }
        var rank: Int32 = 0
        try check(MPI_Cart_rank(handle, coordinates, &rank))
        return Int(rank)
    }

    /// The grid coordinates of the process with the given rank.
    ///
    /// - Parameter rank: A rank of this communicator.
    /// - Returns: The process's coordinates, one per axis.
    /// - Throws: ``MPIError`` when the communicator has no Cartesian topology (class
    ///   ``ErrorClass/topology``), an argument does not fit it, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Cart_coords`.
    public func cartesianCoordinates(of rank: Int) throws(MPIError) -> [Int] {
        let axes = try cartesianAxisCount()
        let size = try self.size
        guard (0..<size).contains(rank) else {
            throw MPIError(.rank, "rank \(rank) is not in a grid of \(size) processes")
        }
        var coordinates = [Int32](repeating: 0, count: axes)
        try check(MPI_Cart_coords(handle, Int32(rank), Int32(axes), &coordinates))
        return coordinates.map(Int.init)
    }

    /// The processes `displacement` steps before and after the calling one along an axis: receive from
    /// `source` and send to `destination` to shift data by `displacement` along it.
    ///
    /// Past an open edge the neighbour is ``nullProcess``, so the same send-receive code works on every
    /// process; on a periodic axis the shift wraps around.
    ///
    /// - Parameters:
    ///   - axis: The axis to move along.
    ///   - displacement: The number of steps, negative to move backwards.
    /// - Returns: The rank to receive from and the rank to send to; ``nullProcess`` past an open edge.
    /// - Throws: ``MPIError`` when the communicator has no Cartesian topology (class
    ///   ``ErrorClass/topology``), an argument does not fit it, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Cart_shift`.
    public func cartesianShift(axis: Int, displacement: Int = 1) throws(MPIError) -> (source: Int, destination: Int) {
        let axes = try cartesianAxisCount()
        guard (0..<axes).contains(axis) else {
            throw MPIError(.dimensions, "axis \(axis) is not one of the grid's \(axes) axes")
        }
        var source: Int32 = 0
        var destination: Int32 = 0
        try check(MPI_Cart_shift(
            handle, Int32(axis), try mpiInt(displacement, "displacement"), &source, &destination))
        return (Int(source), Int(destination))
    }

    /// Splits the grid into sub-grids that keep the chosen axes, and returns the calling process's one.
    ///
    /// On a 4 × 3 grid, `cartesianSubgroup(keeping: [false, true])` gives each process its row (3 processes),
    /// and `[true, false]` its column (4 processes). Collective.
    ///
    /// - Parameter axes: For each axis, whether the sub-grids keep it.
    /// - Returns: The communicator of the calling process's sub-grid.
    /// - Throws: ``MPIError`` when the communicator has no Cartesian topology (class
    ///   ``ErrorClass/topology``), an argument does not fit it, or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Cart_sub`.
    public func cartesianSubgroup(keeping axes: [Bool]) throws(MPIError) -> Communicator {
        let count = try cartesianAxisCount()
        guard axes.count == count else {
            throw MPIError(.dimensions, "\(axes.count) flags for a grid of \(count) axes")
        }
        let remain = axes.map { Int32($0 ? 1 : 0) }
        var newHandle = cmpi_comm_null()
        try check(MPI_Cart_sub(handle, remain, &newHandle))
        return Communicator(adopting: newHandle)
    }

    /// The number of axes of a Cartesian communicator; throws ``ErrorClass/topology`` for any other.
    func cartesianAxisCount() throws(MPIError) -> Int {
        try Environment.checkActive()
        guard try topology == .cartesian else {
            throw MPIError(.topology, "the communicator has no Cartesian topology")
        }
        var axes: Int32 = 0
        try check(MPI_Cartdim_get(handle, &axes))
        return Int(axes)
    }
}

/// The product of positive integers, or `nil` when it overflows.
private func product(_ factors: [Int]) -> Int? {
    var result = 1
    for factor in factors {
        let (next, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        result = next
    }
    return result
}
