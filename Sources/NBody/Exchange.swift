/// How every rank obtains the positions of all bodies before each force evaluation.
///
/// Both give bitwise identical results (see ``GravityKernel``); they differ only in speed.
public enum Exchange: String, Sendable, CaseIterable, CustomStringConvertible {
    /// One `MPI_Allgatherv` per coordinate, then the forces: simple, and the faster one measured here.
    case allGather = "allgather"
    /// Blocks passed around a ring with nonblocking sends and receives, forces computed on the chunks
    /// already present while the next block travels.
    case ring

    public var description: String { rawValue }
}
