#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Arrays that the API allocates for the caller (a receive or gather result) are sized by a count the
// caller passes. Swift's allocator traps rather than failing, so a count that could never fit in memory
// must be refused before allocating: as an error, not a crash.

/// Throws an error of class ``ErrorClass/noMemory`` when `count` elements of `T` exceed this machine's
/// physical memory. Cheap for ordinary counts: the system is asked only about large ones.
@inlinable @inline(__always)
func checkAllocation<T>(_ count: Int, of type: T.Type) throws(MPIError) {
    if _slowPath(count > 1 << 20) { try checkLargeAllocation(count, of: T.self) }
}

@usableFromInline
func checkLargeAllocation<T>(_ count: Int, of type: T.Type) throws(MPIError) {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
    guard overflow || bytes > memory else { return }
    let gibibytes = { (bytes: Int) in String(Double(bytes / (1 << 20)) / 1024) }
    throw MPIError(.noMemory, "\(count) elements of \(T.self) need \(overflow ? "more than \(Int.max) bytes" : gibibytes(bytes) + " GiB"); "
        + "this machine has \(gibibytes(memory)) GiB")
}
