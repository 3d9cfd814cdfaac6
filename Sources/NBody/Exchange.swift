/// How every rank obtains the positions of all bodies before each force evaluation.
///
/// Both give bitwise identical results (see ``GravityKernel``); they differ only in speed.
public enum Exchange: String, Sendable, CaseIterable, CustomStringConvertible {
    /// One `MPI_Allgatherv` per coordinate, then the forces.
    case allGather = "allgather"
    /// Blocks passed around a ring with nonblocking sends and receives, forces computed on the chunks
    /// already present while the next block travels.
    ///
    /// The default: moving the positions takes microseconds either way, but a rank that starts a step
    /// late (a busy core, an uneven step) stalls the all-gather for everyone, while along the ring the
    /// others first compute their own chunks. On 2 ranks of a shared 2-core machine it ran 1.3 to 2
    /// times as fast as the all-gather (`make bench-nbody`).
    case ring

    public var description: String { rawValue }
}
