#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
public import MPI

/// Output that only one rank writes, so that a job prints each line once rather than once per rank.
public struct RootConsole: Sendable {
    /// Whether this process writes: true on the root rank only.
    public let isRoot: Bool
    /// Whether progress lines are suppressed; errors are written regardless.
    public let isQuiet: Bool

    /// Creates a console that writes on rank `root` of `communicator`.
    public init(communicator: Communicator = .world, root: Int = 0, quiet: Bool = false) throws(MPIError) {
        isRoot = try communicator.rank == root
        isQuiet = quiet
    }

    /// Writes a line to standard output on the root, unless quiet.
    public func print(_ line: String) {
        guard isRoot, !isQuiet else { return }
        writeLine(line, to: STDOUT_FILENO)
    }

    /// Writes a line to standard error on the root.
    public func error(_ line: String) {
        guard isRoot else { return }
        writeLine(line, to: STDERR_FILENO)
    }

    /// Writes unbuffered, so lines from a job that aborts are not lost in a buffer.
    private func writeLine(_ line: String, to descriptor: Int32) {
        var text = line + "\n"
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
