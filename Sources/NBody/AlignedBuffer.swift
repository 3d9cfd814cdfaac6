/// Doubles in memory aligned to a 64-byte cache line, owned by the instance.
///
/// The force kernel loads eight doubles at a time; with this alignment no load straddles two cache
/// lines, which `Array` storage (16-byte aligned) cannot promise.
final class AlignedBuffer {
    /// The elements; valid while the instance lives.
    let elements: UnsafeMutableBufferPointer<Double>

    /// Allocates `count` doubles set to zero.
    init(count: Int) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 8, alignment: 64)
        elements = UnsafeMutableBufferPointer(start: raw.initializeMemory(as: Double.self, repeating: 0, count: count),
                                              count: count)
    }

    /// Allocates a copy of `values`.
    convenience init(_ values: some Collection<Double>) {
        self.init(count: values.count)
        _ = elements.update(fromContentsOf: values)
    }

    deinit {
        elements.baseAddress!.deinitialize(count: elements.count)
        UnsafeMutableRawPointer(elements.baseAddress!).deallocate()
    }

    var pointer: UnsafeMutablePointer<Double> { elements.baseAddress! }

    /// Sets every element to zero.
    func zero() {
        elements.update(repeating: 0)
    }
}
