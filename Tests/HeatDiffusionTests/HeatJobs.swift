import Foundation
import MPITestSupport
import Testing

/// One run of the `heat` executable and what it reported.
struct HeatRun {
    let job: MPIJobResult
    /// The parsed `--summary-json`, when the run wrote one.
    let summary: [String: Any]?
    /// The run's scratch directory (checkpoints, snapshots, the summary).
    let directory: URL

    var succeeded: Bool { job.exitCode == 0 && summary != nil }
    var sha256: String { summary?["field_sha256"] as? String ?? "missing" }
    func number(_ key: String) -> Double { (summary?[key] as? NSNumber)?.doubleValue ?? .nan }
    func integer(_ key: String) -> Int { (summary?[key] as? NSNumber)?.intValue ?? -1 }
    var description: String { "exit \(job.exitCode):\n\(job.output)" }
}

/// Launches `heat` under mpirun in a fresh scratch directory, with `--summary-json` in it.
enum Heat {
    static func run(_ arguments: [String], ranks: Int, in directory: URL? = nil, timeout: Int = 60) throws -> HeatRun {
        let directory = try directory ?? scratchDirectory()
        let summary = directory.appendingPathComponent("summary-\(UUID().uuidString).json")
        let job = try MPIJob.run("heat", arguments + ["--quiet", "--summary-json", summary.path], ranks: ranks,
                                 timeout: timeout, quietLauncher: true, directory: directory)
        let parsed = (try? Data(contentsOf: summary)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return HeatRun(job: job, summary: parsed, directory: directory)
    }

    /// Launches `heat` expecting it to refuse the request.
    static func refuse(_ arguments: [String], ranks: Int, in directory: URL? = nil) throws -> MPIJobResult {
        let directory = try directory ?? scratchDirectory()
        return try MPIJob.run("heat", arguments, ranks: ranks, timeout: 30, quietLauncher: true, directory: directory)
    }

    /// A new empty directory under the system's temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("heat-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The field stored in a checkpoint (after its 256-byte header), in global row-major order.
    static func checkpointField(_ url: URL) throws -> [Double] {
        try doubles(Data(contentsOf: url).dropFirst(256))
    }

    static func doubles(_ data: Data) -> [Double] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 7, by: 8).map { offset in
            var bits: UInt64 = 0
            for byte in 0..<8 { bits |= UInt64(bytes[offset + byte]) << (8 * UInt64(byte)) }
            return Double(bitPattern: bits)
        }
    }

    /// Writes `values` as a raw array file (the format of `DistributedArray.write(toRawFile:)`): 64-byte
    /// header, then little-endian doubles. `extent` is in array order, slowest axis first.
    static func writeRawArray(_ values: [Double], extent: [Int], to url: URL, magic: String = "SWMPIARR") throws {
        var bytes = Array(magic.utf8)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(UInt32(1))
        append(UInt32(extent.count))
        append(UInt32(8))
        append(UInt32(1))
        for axis in 0..<3 { append(UInt64(axis < extent.count ? extent[axis] : 1)) }
        bytes += [UInt8](repeating: 0, count: 64 - bytes.count)
        for value in values { append(value.bitPattern) }
        try Data(bytes).write(to: url)
    }
}
