import Foundation
import MPITestSupport

/// Runs one of the teaching examples under mpirun in a scratch directory of its own.
enum Example {
    /// Launches `name` with `arguments` on `ranks` ranks; `-q` keeps mpirun's own banners out of the output.
    static func run(_ name: String, _ arguments: [String] = [], ranks: Int, in directory: URL? = nil) throws -> MPIJobResult {
        try MPIJob.run(name, arguments, ranks: ranks, timeout: 60, quietLauncher: true,
                       directory: directory ?? scratchDirectory())
    }

    /// A new empty directory under the system's temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("example-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension MPIJobResult {
    /// The exit status and output, for a failed expectation's message.
    var description: String { "exit \(exitCode):\n\(output)" }
}
