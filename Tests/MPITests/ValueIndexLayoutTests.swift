import MPI
import Testing

/// `ValueIndex` must lay out exactly like the C structs behind MPI's pair types (a value then an `int`),
/// or MINLOC/MAXLOC would misread every element after the first.
@Suite struct ValueIndexLayoutTests {
    @Test func doubleIntMatchesCStruct() {
        #expect(MemoryLayout<ValueIndex<Double>>.size == 12)
        #expect(MemoryLayout<ValueIndex<Double>>.stride == 16)
        #expect(MemoryLayout<ValueIndex<Double>>.offset(of: \.index) == 8)
    }

    @Test func floatIntMatchesCStruct() {
        #expect(MemoryLayout<ValueIndex<Float>>.size == 8)
        #expect(MemoryLayout<ValueIndex<Float>>.stride == 8)
        #expect(MemoryLayout<ValueIndex<Float>>.offset(of: \.index) == 4)
    }

    @Test func shortIntMatchesCStruct() {
        #expect(MemoryLayout<ValueIndex<Int16>>.stride == 8)
        #expect(MemoryLayout<ValueIndex<Int16>>.offset(of: \.index) == 4)
    }
}
