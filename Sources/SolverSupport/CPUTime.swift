#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The processor time this process has used, user and system, in seconds.
///
/// Beside wall-clock time it gives figures that hold on a shared machine: a rank that waits for a core
/// accrues no processor time, while one that spins in MPI waiting for another rank does. So work per
/// processor-second measures the program, not the machine's other load.
public func processorSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
