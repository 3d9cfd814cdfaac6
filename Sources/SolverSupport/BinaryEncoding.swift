/// Appends fixed-width numbers to a byte array in little-endian order, the layout of checkpoints and
/// state fingerprints on every platform.
public struct LittleEndianWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer, reserving room for `capacity` bytes.
    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends raw bytes unchanged.
    public mutating func write(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Appends an integer in little-endian byte order.
    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends the IEEE 754 bit pattern of a double in little-endian byte order.
    public mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    /// Appends doubles one after another.
    public mutating func write(_ values: some Collection<Double>) {
        bytes.reserveCapacity(bytes.count + 8 * values.count)
        for value in values { write(value.bitPattern) }
    }
}

/// Reads fixed-width little-endian numbers from bytes, throwing instead of reading past the end.
public struct LittleEndianReader: Sendable {
    /// The bytes being read.
    public let bytes: [UInt8]
    /// The offset of the next byte to read.
    public private(set) var offset = 0

    /// Creates a reader positioned at the first byte.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The number of bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    /// Reads `count` raw bytes.
    public mutating func read(count: Int) throws(ValidationError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw ValidationError("needs \(count) more bytes at offset \(offset) but only \(remaining) remain")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Reads an integer stored in little-endian byte order.
    public mutating func read<T: FixedWidthInteger>(_: T.Type) throws(ValidationError) -> T {
        let raw = try read(count: MemoryLayout<T>.size)
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: raw) }
        return T(littleEndian: value)
    }

    /// Reads a double stored as its little-endian IEEE 754 bit pattern.
    public mutating func read(_: Double.Type) throws(ValidationError) -> Double {
        Double(bitPattern: try read(UInt64.self))
    }
}
