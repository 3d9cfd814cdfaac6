import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The processor cores this process may run on: what a job on this machine can use without
/// oversubscribing.
public enum AvailableCores {
    /// The cores in this process's affinity mask (`Cpus_allowed_list` in `/proc/self/status`, which is
    /// `sched_getaffinity`'s answer and honours `taskset`, cgroups cpusets and batch-system binding), or
    /// the online processors (`sysconf(_SC_NPROCESSORS_ONLN)`) where that is unavailable.
    public static func count() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
           let count = countCPUs(inList: line.dropFirst("Cpus_allowed_list:".count)) {
            return count
        }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The number of CPUs in a kernel CPU list such as `0-3,8,10-11`, or `nil` when it is malformed.
    static func countCPUs(inList list: Substring) -> Int? {
        var count = 0
        for range in list.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = range.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch bounds.count {
            case 1 where bounds[0] != nil:
                count += 1
            case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!:
                count += bounds[1]! - bounds[0]! + 1
            default:
                return nil
            }
        }
        return count > 0 ? count : nil
    }
}
