#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
public import MPI

/// Refuses a run whose arrays could never fit in the memory of the nodes it runs on, before anything is
/// allocated: a request for too much memory must end with a clear line, not with the kernel's
/// out-of-memory killer or an allocation trap halfway through the set-up.
public enum MemoryBudget {
    /// Checks that every node has the physical memory its ranks will allocate. Collective.
    ///
    /// The ranks on one node (`MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`) add up what they will
    /// allocate; every rank then learns the largest need of any node against the smallest node memory,
    /// so that all of them reach the same verdict.
    ///
    /// - Parameters:
    ///   - bytes: What this rank will allocate, in bytes; `nil` when the amount overflows `Int`.
    ///   - what: The request, for the message, e.g. "65536×65536 cells".
    /// - Throws: ``ValidationError`` on every rank when some node lacks the memory.
    public static func require(_ bytes: Int?, for what: String, communicator: Communicator = .world) throws {
        let node = try communicator.splitShared()
        let nodeNeed = try node.allReduce(Double(bytes ?? Int.max), .sum)
        let need = try communicator.allReduce(nodeNeed, .max)
        let memory = try communicator.allReduce(Double(physicalMemory), .min)
        guard need > memory else { return }
        throw ValidationError("\(what) need \(gibibytes(need)) GiB of memory on one node, but this machine has "
            + "\(gibibytes(memory)) GiB; use a smaller problem or more nodes")
    }

    /// This node's physical memory in bytes.
    public static var physicalMemory: Int { Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// `bytes` in GiB with one decimal (or `more than 8 EiB` for an amount past `Int`).
    static func gibibytes(_ bytes: Double) -> String {
        bytes >= Double(Int.max) ? "more than 8589934592" : formatted(bytes / Double(1 << 30), "%.1f")
    }
}
