import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Memory for a distributed array: allocated once, never moved, aligned for vector loads, and for large
/// arrays aligned to 2 MiB and advised as transparent huge pages.
///
/// Huge pages matter for message buffers: on this class of machine a 4 MiB transfer between huge-page
/// buffers ran at about twice the bandwidth of plain `malloc` memory (see the project guide).
@usableFromInline
final class AlignedStorage<Element>: @unchecked Sendable {
    // Unchecked: the storage is shared by design (MPI reads and writes it); the owning array mediates.

    @usableFromInline let elements: UnsafeMutableBufferPointer<Element>

    /// Allocates `count` elements, zero-filled.
    ///
    /// - Throws: An error of class ``/MPI/ErrorClass/noMemory`` when the memory is not available.
    init(count: Int) throws(MPIError) {
        let (bytes, overflow) = Swift.max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        let hugePage = 2 << 20
        let alignment = bytes >= hugePage ? hugePage : 64
        var raw: UnsafeMutableRawPointer?
        guard !overflow, posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            throw MPIError(.noMemory, "cannot allocate \(count) elements of \(Element.self) for a distributed array")
        }
        #if os(Linux)
        if alignment == hugePage { madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        memset(raw, 0, bytes)
        elements = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Element.self, capacity: count), count: count)
    }

    deinit {
        free(elements.baseAddress)
    }
}
