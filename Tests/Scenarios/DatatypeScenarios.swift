import ComplexModule
import MPI

/// Every `MPIType` round-trips between ranks bit for bit, and its datatype has the size of the Swift type.
enum DatatypeScenarios {
    static func datatypes() throws {
        let ring = try Ring()
        try roundTrip(ring, tag: 1) { integerEdges(Int8.self, sender: $0) }
        try roundTrip(ring, tag: 2) { integerEdges(Int16.self, sender: $0) }
        try roundTrip(ring, tag: 3) { integerEdges(Int32.self, sender: $0) }
        try roundTrip(ring, tag: 4) { integerEdges(Int64.self, sender: $0) }
        try roundTrip(ring, tag: 5) { integerEdges(UInt8.self, sender: $0) }
        try roundTrip(ring, tag: 6) { integerEdges(UInt16.self, sender: $0) }
        try roundTrip(ring, tag: 7) { integerEdges(UInt32.self, sender: $0) }
        try roundTrip(ring, tag: 8) { integerEdges(UInt64.self, sender: $0) }
        try roundTrip(ring, tag: 9) { integerEdges(Int.self, sender: $0) }
        try roundTrip(ring, tag: 10) { integerEdges(UInt.self, sender: $0) }
        try roundTrip(ring, tag: 11, floatEdges)
        try roundTrip(ring, tag: 12, doubleEdges)
        try roundTrip(ring, tag: 13) { [true, false, $0 % 2 == 0] }
        try roundTrip(ring, tag: 14) { sender in
            let parts = floatEdges(sender: sender)
            return zip(parts, parts.reversed()).map { Complex($0, $1) }
        }
        try roundTrip(ring, tag: 15) { sender in
            let parts = doubleEdges(sender: sender)
            return zip(parts, parts.reversed()).map { Complex($0, $1) }
        }
    }

    /// Checks the datatype's size, then sends `values(rank)` to the next rank as an array and value by
    /// value, and checks that what arrives from the previous rank is `values(previous)`, byte for byte.
    private static func roundTrip<T: MPIType>(_ ring: Ring, tag: Int, _ values: (Int) -> [T]) throws {
        let size = try T.mpiDatatype.size()
        try expect(size == MemoryLayout<T>.size,
                   "\(T.self): MPI datatype size \(size), MemoryLayout size \(MemoryLayout<T>.size)")

        let world = ring.communicator
        let outgoing = values(ring.rank)
        let expected = values(ring.previous)
        // Each receive is posted before the blocking send it answers, so no send waits on a sending peer.
        let receive = try world.ireceive(count: expected.count, of: T.self, from: ring.previous, tag: tag)
        try world.send(outgoing, to: ring.next, tag: tag)
        let (received, status) = try receive.wait()
        try expect(status.count == expected.count, "\(T.self) array: \(status.count) elements arrived, expected \(expected.count)")
        try expect(sameBytes(received, expected), "\(T.self) array arrived as \(hex(received)), expected \(hex(expected))")

        for (index, value) in outgoing.enumerated() {
            let single = try world.ireceive(count: 1, of: T.self, from: ring.previous, tag: tag)
            try world.send(value, to: ring.next, tag: tag)
            let (arrived, _) = try single.wait()
            try expect(sameBytes(arrived, [expected[index]]),
                       "\(T.self) value sent alone arrived as \(hex(arrived)), expected \(hex([expected[index]]))")

            let send = try world.isend([value], to: ring.next, tag: tag)
            let unpacked = try world.receive(T.self, from: ring.previous, tag: tag)
            _ = try send.wait()
            try expect(sameBytes([unpacked], [expected[index]]),
                       "\(T.self) value received alone as \(hex([unpacked])), expected \(hex([expected[index]]))")
        }
    }

    /// The extremes, zero, one and all bits set, plus a value that depends on the sender so a message
    /// from the wrong rank shows.
    private static func integerEdges<T: FixedWidthInteger>(_: T.Type, sender: Int) -> [T] {
        [.min, .min + 1, 0, 1, T(truncatingIfNeeded: -1), .max - 1, .max, T(truncatingIfNeeded: sender * 37 + 5)]
    }

    /// Signed zeros, infinities, extremes, subnormals and NaNs with payloads and either sign, quiet and
    /// signalling, which only a bitwise copy preserves.
    private static func floatEdges(sender: Int) -> [Float] {
        [0, -0.0, 1, -1, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
         .leastNormalMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .ulpOfOne, .nan, -.nan,
         Float(bitPattern: 0x7FC0_1234), Float(bitPattern: 0xFFA0_0001), Float(bitPattern: 0x7F80_0001),
         Float(sender) + 0.5]
    }

    private static func doubleEdges(sender: Int) -> [Double] {
        [0, -0.0, 1, -1, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
         .leastNormalMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .ulpOfOne, .nan, -.nan,
         Double(bitPattern: 0x7FF8_0000_0000_1234), Double(bitPattern: 0xFFF4_0000_0000_0001),
         Double(bitPattern: 0x7FF0_0000_0000_0001), Double(sender) + 0.5]
    }

    /// Compares memory, not values: NaN payloads and the sign of zero count, and NaN equals itself.
    private static func sameBytes<T>(_ lhs: [T], _ rhs: [T]) -> Bool {
        lhs.count == rhs.count && lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { left.elementsEqual($0) } }
    }

    /// The bytes of each element in hexadecimal, for messages about values that print alike (NaNs).
    private static func hex<T>(_ values: [T]) -> String {
        values.map { value in
            withUnsafeBytes(of: value) { bytes in bytes.map { String($0, radix: 16) }.joined(separator: ".") }
        }.joined(separator: " ")
    }
}
