/// How a send completes relative to the matching receive.
public enum SendMode: Sendable, Hashable {
    /// MPI decides whether to buffer the message or wait for the receive (`MPI_Send`, `MPI_Isend`).
    case standard
    /// Completes only once the matching receive has started (`MPI_Ssend`, `MPI_Issend`): the mode that
    /// exposes programs relying on buffering for correctness.
    case synchronous
    /// The matching receive must already be posted (`MPI_Rsend`, `MPI_Irsend`).
    case ready
}
