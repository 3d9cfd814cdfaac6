import CMPI

// Process topologies (MPI 3.1, sections 7.4, 7.5.4 and 7.5.7): which kind a communicator carries, the
// distributed graph topology, and the neighbours that the neighbourhood collectives exchange with.
// Cartesian grids are in CartesianTopology.swift.

extension Communicator {
    /// The kind of virtual topology a communicator carries.
    public enum Topology: Sendable, Hashable {
        /// A Cartesian grid (`MPI_CART`), from ``Communicator/cartesian(dimensions:periodic:reorder:)``.
        case cartesian
        /// A general graph known to every process (`MPI_GRAPH`), made by C code with `MPI_Graph_create`.
        case graph
        /// A distributed graph (`MPI_DIST_GRAPH`), from
        /// ``Communicator/distributedGraph(sources:destinations:reorder:)``.
        case distributedGraph
    }

    /// The virtual topology of this communicator, or `nil` when it has none.
    ///
    /// The corresponding MPI function is `MPI_Topo_test`.
    public var topology: Topology? {
        get throws(MPIError) {
            try Environment.checkActive()
            var status: Int32 = 0
            try check(MPI_Topo_test(handle, &status))
            switch status {
            case cmpi_topology_cartesian(): return .cartesian
            case cmpi_topology_graph(): return .graph
            case cmpi_topology_distributed_graph(): return .distributedGraph
            default: return nil
            }
        }
    }

    /// Creates a communicator with a distributed graph topology, each process naming its own neighbours:
    /// the processes it receives from and those it sends to in neighbourhood collectives.
    ///
    /// The edges must agree: when process `a` lists `b` among its destinations, `b` lists `a` among its
    /// sources, as often and in the same relative order. Collective. For a ring, every process passes
    /// `sources: [previous, next]` and `destinations: [previous, next]`.
    ///
    /// - Parameters:
    ///   - sources: The ranks (in this communicator) this process receives from, in the order of the
    ///     blocks of a neighbourhood collective's receive buffer.
    ///   - destinations: The ranks this process sends to, in the order of the send buffer's blocks.
    ///   - reorder: Whether MPI may renumber the processes to suit the machine.
    /// - Returns: The communicator carrying the graph.
    /// - Throws: ``MPIError`` when a rank is out of range or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Dist_graph_create_adjacent` (unweighted).
    public func distributedGraph(
        sources: [Int], destinations: [Int], reorder: Bool = false
    ) throws(MPIError) -> Communicator {
        try Environment.checkActive()
        let size = try self.size
        let convert = { (rank: Int) throws(MPIError) -> Int32 in
            guard (0..<size).contains(rank) else {
                throw MPIError(.rank, "neighbour rank \(rank) is not in a communicator of \(size) processes")
            }
            return Int32(truncatingIfNeeded: rank)
        }
        let sources32 = try sources.map(convert)
        let destinations32 = try destinations.map(convert)
        var newHandle = cmpi_comm_null()
        try check(MPI_Dist_graph_create_adjacent(
            handle, try mpiCount(sources32.count), sources32, cmpi_unweighted(),
            try mpiCount(destinations32.count), destinations32, cmpi_unweighted(),
            cmpi_info_null(), reorder ? 1 : 0, &newHandle))
        return Communicator(adopting: newHandle)
    }

    /// The neighbours of the calling process, in the order neighbourhood collectives use: block `i` of
    /// the receive buffer comes from `sources[i]`, block `j` of the send buffer goes to `destinations[j]`.
    ///
    /// On a Cartesian grid both lists are, for each axis in turn, the neighbour one step back and the one
    /// step forward; past an open edge the neighbour is ``nullProcess``, with which nothing is exchanged.
    ///
    /// - Throws: An error of class ``ErrorClass/topology`` when the communicator has no topology.
    /// - Returns: The ranks this process receives from and sends to.
    ///
    /// The corresponding MPI functions are `MPI_Dist_graph_neighbors`, `MPI_Cart_shift` and
    /// `MPI_Graph_neighbors`.
    public func neighbors() throws(MPIError) -> (sources: [Int], destinations: [Int]) {
        switch try topology {
        case .cartesian:
            var ranks: [Int] = []
            for axis in 0..<(try cartesianAxisCount()) {
                let (back, forward) = try cartesianShift(axis: axis, displacement: 1)
                ranks += [back, forward]
            }
            return (ranks, ranks)
        case .graph:
            let rank = try mpiInt(try self.rank, "rank")
            var count: Int32 = 0
            try check(MPI_Graph_neighbors_count(handle, rank, &count))
            var ranks = [Int32](repeating: 0, count: Int(count))
            try check(MPI_Graph_neighbors(handle, rank, count, &ranks))
            return (ranks.map(Int.init), ranks.map(Int.init))
        case .distributedGraph:
            var sourceCount: Int32 = 0
            var destinationCount: Int32 = 0
            var weighted: Int32 = 0
            try check(MPI_Dist_graph_neighbors_count(handle, &sourceCount, &destinationCount, &weighted))
            var sources = [Int32](repeating: 0, count: Int(sourceCount))
            var destinations = [Int32](repeating: 0, count: Int(destinationCount))
            if weighted != 0 {
                var sourceWeights = [Int32](repeating: 0, count: Int(sourceCount))
                var destinationWeights = [Int32](repeating: 0, count: Int(destinationCount))
                try check(MPI_Dist_graph_neighbors(
                    handle, sourceCount, &sources, &sourceWeights, destinationCount, &destinations, &destinationWeights))
            } else {
                try check(MPI_Dist_graph_neighbors(
                    handle, sourceCount, &sources, cmpi_unweighted(), destinationCount, &destinations, cmpi_unweighted()))
            }
            return (sources.map(Int.init), destinations.map(Int.init))
        case nil:
            throw MPIError(.topology, "the communicator has no topology, so it has no neighbours")
        }
    }

    /// How many neighbours the calling process receives from and sends to in neighbourhood collectives.
    ///
    /// The corresponding MPI functions are `MPI_Dist_graph_neighbors_count`, `MPI_Cartdim_get` and
    /// `MPI_Graph_neighbors_count`.
    @usableFromInline
    func neighborCounts() throws(MPIError) -> (sources: Int, destinations: Int) {
        switch try topology {
        case .cartesian:
            let count = 2 * (try cartesianAxisCount())
            return (count, count)
        case .graph:
            var count: Int32 = 0
            try check(MPI_Graph_neighbors_count(handle, try mpiInt(try self.rank, "rank"), &count))
            return (Int(count), Int(count))
        case .distributedGraph:
            var sourceCount: Int32 = 0
            var destinationCount: Int32 = 0
            var weighted: Int32 = 0
            try check(MPI_Dist_graph_neighbors_count(handle, &sourceCount, &destinationCount, &weighted))
            return (Int(sourceCount), Int(destinationCount))
        case nil:
            throw MPIError(.topology, "the communicator has no topology, so it has no neighbours")
        }
    }
}
