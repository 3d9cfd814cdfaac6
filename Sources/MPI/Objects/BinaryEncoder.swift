/// Encodes Codable values into a compact binary form (not self-describing; decoded with the same type).
///
/// Use ``BinaryDecoder`` to decode.
///
/// ## Wire format
///
/// A message decodes only with the type that encoded it (or one with the same `Codable` shape).
/// Multi-byte numbers are little-endian; a *varint* is unsigned LEB128.
///
/// Primitives are fixed width: `Bool` 1 byte (0 or 1); `Int8`/`UInt8` 1; `Int16`/`UInt16` 2;
/// `Int32`/`UInt32`/`Float` 4; `Int`/`UInt`/`Int64`/`UInt64`/`Double` 8; `Int128`/`UInt128` 16.
/// Floating point is stored as its IEEE bit pattern, so NaN payloads, infinities and -0.0 survive.
/// Strings are UTF-8.
///
/// Every value fills a *region* whose byte length its surroundings already give, so containers
/// carry no length or count of their own:
///
/// - A message is a varint byte length followed by the top-level region (so truncation and trailing
///   bytes are detected). A primitive top-level value fills it raw.
/// - Keyed container: entries back to back until the region ends. An entry is a varint header
///   `keyByteCount << 3 | sizeClass`, the key (`CodingKey.stringValue`) as UTF-8, then the value.
///   Size classes: 0 nil (no bytes), 1 empty (no bytes, not nil), 2...6 exactly 1, 2, 4, 8, 16 bytes,
///   7 a varint byte length and that many bytes. Keys make `allKeys`, `contains`, absent keys and
///   any decoding order work; decoding in encoding order finds each key at the first try.
/// - Unkeyed container: elements back to back until the region ends, uncounted. A fixed-width
///   primitive element is written raw; any other element (String included) is a varint `n + 1`
///   followed by its n bytes, or a single 0 for nil.
/// - Single value: the value fills the region (a String without length). Nil is the size class or
///   element marker of the enclosing entry or element. Where that is unavailable, a presence byte
///   (0 nil, 1 present) precedes single values: at the top level, and inside an `Optional` for an
///   inner `Optional` (as in `Int??`).
///
/// Nested containers are streamed: a container cannot be written to after its parent was written
/// to again (the synthesized conformances never do this).
public struct BinaryEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Returns the binary encoding of `value`.
    ///
    /// - Parameter value: The value to encode.
    /// - Returns: The encoding, which ``BinaryDecoder`` reads back.
    /// - Throws: ``BinaryCodingError`` when `value`'s own encoding throws.
    public func encode<T: Encodable>(_ value: T) throws(BinaryCodingError) -> [UInt8] {
        var bytes: [UInt8] = []
        try encode(value) { bytes = Array($0) }
        return bytes
    }

    /// Appends the binary encoding of `value` to `bytes` (reusing its capacity); on error `bytes` is unchanged.
    func encode<T: Encodable>(_ value: T, into bytes: inout [UInt8]) throws(BinaryCodingError) {
        try encode(value) { bytes.append(contentsOf: $0) }
    }

    /// Encodes `value` and passes the bytes to `body`. (No generic result type: in this unspecialized
    /// code it would cost a metadata lookup per call.)
    private func encode<T: Encodable>(_ value: T, _ body: (UnsafeRawBufferPointer) -> Void) throws(BinaryCodingError) {
        // Small messages are built in stack memory; the state moves to the heap if they outgrow it.
        let error = withUnsafeTemporaryAllocation(byteCount: 512, alignment: 1) { scratch -> BinaryCodingError? in
            let state = State(scratch: scratch)
            defer { state.releaseScratch() }
            do {
                try state.encodeRoot(value)
                state.withBytes(body)
                return nil
            } catch {
                return BinaryCodingError.wrap(error, .encoding)
            }
        }
        if let error { throw error }
    }
}

/// Definitions shared by the encoder and the decoder.
enum BinaryFormat {
    /// How many value bytes follow a keyed entry's header (the low 3 bits of the header).
    enum SizeClass: UInt8 {
        case null = 0, empty, one, two, four, eight, sixteen, variable

        init(byteCount: Int) {
            switch byteCount {
            case 0: self = .empty
            case 1: self = .one
            case 2: self = .two
            case 4: self = .four
            case 8: self = .eight
            case 16: self = .sixteen
            default: self = .variable
            }
        }

        /// The value length implied by the class, or nil for `.variable`.
        var byteCount: Int? {
            switch self {
            case .null, .empty: 0
            case .one: 1
            case .two: 2
            case .four: 4
            case .eight: 8
            case .sixteen: 16
            case .variable: nil
            }
        }
    }

    /// The types the container protocols handle natively.
    enum PrimitiveType {
        case bool, string, float, double
        case int, int8, int16, int32, int64, int128
        case uint, uint8, uint16, uint32, uint64, uint128

        /// The primitive type `T` is, if any. Generic paths (`Array.encode(to:)` reaches `encode<T>`
        /// once per element) must code primitives exactly like the concrete overloads.
        @inline(__always)
        init?<T>(_ type: T.Type) {
            // Dispatching on the size first keeps a miss (any other type) to a handful of comparisons.
            switch MemoryLayout<T>.size {
            case 8:
                if T.self == Int.self { self = .int }
                else if T.self == Double.self { self = .double }
                else if T.self == UInt.self { self = .uint }
                else if T.self == Int64.self { self = .int64 }
                else if T.self == UInt64.self { self = .uint64 }
                else { return nil }
            case 16:
                if T.self == String.self { self = .string }
                else if T.self == Int128.self { self = .int128 }
                else if T.self == UInt128.self { self = .uint128 }
                else { return nil }
            case 4:
                if T.self == Int32.self { self = .int32 }
                else if T.self == UInt32.self { self = .uint32 }
                else if T.self == Float.self { self = .float }
                else { return nil }
            case 2:
                if T.self == Int16.self { self = .int16 }
                else if T.self == UInt16.self { self = .uint16 }
                else { return nil }
            case 1:
                if T.self == Bool.self { self = .bool }
                else if T.self == UInt8.self { self = .uint8 }
                else if T.self == Int8.self { self = .int8 }
                else { return nil }
            default:
                return nil
            }
        }
    }

    /// A primitive value reduced to its wire form.
    enum Primitive {
        /// The low `size` bytes of the bits.
        case fixed(UInt64, size: Int)
        case wide(UInt128)
        case string(String)

        init(_ value: Bool) { self = .fixed(value ? 1 : 0, size: 1) }
        init(_ value: Float) { self = .fixed(UInt64(value.bitPattern), size: 4) }
        init(_ value: Double) { self = .fixed(value.bitPattern, size: 8) }
        init(_ value: Int128) { self = .wide(UInt128(truncatingIfNeeded: value)) }
        init(_ value: UInt128) { self = .wide(value) }
        @inline(__always) // Specialized at the concrete overloads even where the key type is still generic.
        init<I: FixedWidthInteger>(_ value: I) {
            self = .fixed(UInt64(truncatingIfNeeded: value), size: MemoryLayout<I>.size)
        }

        /// `value` as a primitive when `T` is a primitive type. (A function, not an initializer, so
        /// that the value is borrowed rather than copied.)
        static func of<T>(_ value: T) -> Primitive? {
            guard let type = PrimitiveType(T.self) else { return nil }
            switch type {
            case .bool: return Primitive(unsafeBitCast(value, to: Bool.self))
            case .string: return .string(unsafeBitCast(value, to: String.self))
            case .float: return Primitive(unsafeBitCast(value, to: Float.self))
            case .double: return Primitive(unsafeBitCast(value, to: Double.self))
            case .int: return Primitive(unsafeBitCast(value, to: Int.self))
            case .int8: return Primitive(unsafeBitCast(value, to: Int8.self))
            case .int16: return Primitive(unsafeBitCast(value, to: Int16.self))
            case .int32: return Primitive(unsafeBitCast(value, to: Int32.self))
            case .int64: return Primitive(unsafeBitCast(value, to: Int64.self))
            case .int128: return Primitive(unsafeBitCast(value, to: Int128.self))
            case .uint: return Primitive(unsafeBitCast(value, to: UInt.self))
            case .uint8: return Primitive(unsafeBitCast(value, to: UInt8.self))
            case .uint16: return Primitive(unsafeBitCast(value, to: UInt16.self))
            case .uint32: return Primitive(unsafeBitCast(value, to: UInt32.self))
            case .uint64: return Primitive(unsafeBitCast(value, to: UInt64.self))
            case .uint128: return Primitive(unsafeBitCast(value, to: UInt128.self))
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `string`. Unlike `String.withUTF8`, this reads a small
    /// (≤ 15 bytes) string, such as a typical coding key, without copying it first.
    @inline(__always)
    static func withUTF8<R>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return try copy.withUTF8(body)
    }
}

/// Lets generic code recognise `Optional` types: an `Optional` that cannot use an entry's or element's
/// nil marker (at the top level, or directly inside another `Optional`) needs a presence byte.
protocol BinaryCodingOptional {}
extension Optional: BinaryCodingOptional {}

/// An element type whose arrays are coded in bulk rather than through `Array`'s `Codable` conformance,
/// whose unspecialized per-element calls dominate the cost of small messages. The bytes are those of
/// the element-by-element encoding (elements back to back, Strings prefixed with `n + 1`).
protocol BinaryBulkElement {
    static func append(_ elements: [Self], to state: BinaryEncoder.State, prefix: (Int) -> Void)
    static func decode(from state: BinaryDecoder.State, start: Int, end: Int) throws -> [Self]
}

extension BinaryBulkElement where Self: BitwiseCopyable {
    /// Bulk coding is only used on little-endian machines, where the in-memory bytes are the wire bytes.
    static func append(_ elements: [Self], to state: BinaryEncoder.State, prefix: (Int) -> Void) {
        elements.withUnsafeBytes { raw in
            prefix(raw.count)
            state.appendBytes(raw)
        }
    }

    static func decode(from state: BinaryDecoder.State, start: Int, end: Int) throws -> [Self] {
        try state.rawArray(Self.self, start: start, end: end)
    }
}

extension Int: BinaryBulkElement {}
extension Int8: BinaryBulkElement {}
extension Int16: BinaryBulkElement {}
extension Int32: BinaryBulkElement {}
extension Int64: BinaryBulkElement {}
extension UInt: BinaryBulkElement {}
extension UInt8: BinaryBulkElement {}
extension UInt16: BinaryBulkElement {}
extension UInt32: BinaryBulkElement {}
extension UInt64: BinaryBulkElement {}
extension Float: BinaryBulkElement {}
extension Double: BinaryBulkElement {}

extension Bool: BinaryBulkElement {
    static func decode(from state: BinaryDecoder.State, start: Int, end: Int) throws -> [Bool] {
        var cursor = BinaryDecoder.Cursor(state: state, offset: start, end: end)
        var elements: [Bool] = []
        elements.reserveCapacity(end - start)
        while !cursor.isAtEnd { elements.append(try cursor.bool()) }
        return elements
    }
}

extension String: BinaryBulkElement {
    static func append(_ elements: [String], to state: BinaryEncoder.State, prefix: (Int) -> Void) {
        var byteCount = 0
        for string in elements {
            var header = UInt64(string.utf8.count) + 1
            byteCount += Int(header)
            while header >= 0x80 { header >>= 7; byteCount += 1 }
        }
        prefix(byteCount)
        for string in elements { state.append(.string(string), lengthPrefixed: true) }
    }

    static func decode(from state: BinaryDecoder.State, start: Int, end: Int) throws -> [String] {
        var cursor = BinaryDecoder.Cursor(state: state, offset: start, end: end)
        var elements: [String] = []
        while !cursor.isAtEnd { elements.append(try cursor.string(lengthPrefixed: true)) }
        return elements
    }
}

/// Arrays of `BinaryBulkElement`s. (`SendableMetatype` lets a global constant list these types.)
protocol BinaryBulkArray: SendableMetatype {
    func append(to state: BinaryEncoder.State, prefix: (Int) -> Void)
    static func decode(from state: BinaryDecoder.State, start: Int, end: Int) throws -> Self
}

extension BinaryFormat {
    /// The `BinaryBulkArray` types, looked up by identity: scanning them is several times cheaper
    /// than a dynamic cast to the protocol, whether `T` is one of them or not.
    private static let bulkArrayTypes: [any BinaryBulkArray.Type] = [
        [Int].self, [Double].self, [UInt8].self, [Float].self, [Int32].self, [Int64].self, [UInt64].self,
        [UInt32].self, [UInt].self, [Int16].self, [UInt16].self, [Int8].self, [Bool].self, [String].self,
    ]
    private static let bulkArrayIdentifiers = bulkArrayTypes.map { ObjectIdentifier($0) }

    /// `T` as a bulk-coded array type, if it is one. Bulk coding is only used on little-endian
    /// machines, where the elements' in-memory bytes are their wire bytes.
    @inline(__always)
    static func bulkArrayType<T>(_ type: T.Type) -> (any BinaryBulkArray.Type)? {
        #if _endian(little)
        guard MemoryLayout<T>.size == MemoryLayout<[Int]>.size else { return nil }
        let identifier = ObjectIdentifier(T.self)
        for (index, candidate) in bulkArrayIdentifiers.enumerated() where candidate == identifier {
            return bulkArrayTypes[index]
        }
        #endif
        return nil
    }
}

extension Array: BinaryBulkArray where Element: BinaryBulkElement {
    func append(to state: BinaryEncoder.State, prefix: (Int) -> Void) {
        Element.append(self, to: state, prefix: prefix)
    }

    static func decode(from state: BinaryDecoder.State, start: Int, end: Int) throws -> [Element] {
        try Element.decode(from: state, start: start, end: end)
    }
}

extension BinaryEncoder {
    typealias SizeClass = BinaryFormat.SizeClass
    typealias Primitive = BinaryFormat.Primitive

    /// How a region marks nil.
    enum NilMarking: UInt8 {
        /// Through the size class or marker of its entry or element header.
        case header
        /// With a presence byte (0 nil, 1 present) before each single value: the region holds an
        /// `Optional` whose header marker is unavailable.
        case presenceByte
        /// It cannot: the region holds a non-`Optional` value and its header marker, if any, is taken.
        case unavailable

        /// The marking for a value of type `T` stored where no header marker is available.
        init<T>(withoutHeaderFor type: T.Type) {
            self = T.self is any BinaryCodingOptional.Type ? .presenceByte : .unavailable
        }
    }

    /// Shared state of one `encode` call: the output, and the stack of regions whose length is
    /// written once their value is complete.
    ///
    /// Output is streamed, so a container may only be written while no container nested in it is
    /// still being written to; writing to an outer container finishes the nested ones.
    ///
    /// Properties are `@exclusivity(unchecked)`: they are only accessed briefly, never across a call
    /// that could reenter, and the run-time checks would cost more than the encoding itself.
    final class State {
        /// The output, in a buffer managed by hand: the hot path is a stream of tiny appends. It
        /// starts as caller-provided scratch memory and moves to an owned heap buffer if it outgrows that.
        @exclusivity(unchecked) private var buffer: UnsafeMutableRawPointer
        @exclusivity(unchecked) private var capacity: Int
        @exclusivity(unchecked) private var count = 0
        @exclusivity(unchecked) private var ownsBuffer = false
        /// Open regions nested in the top-level one, innermost last.
        @exclusivity(unchecked) private var frames: [Frame] = []
        @exclusivity(unchecked) private var lastID: UInt32 = 0
        /// A misuse noticed by a non-throwing `Encoder` API (such as `nestedContainer`), thrown at the end.
        @exclusivity(unchecked) private var deferredError: BinaryCodingError?

        /// An open region. Containers and encoders hold its index (-1 for the top level) and id; the
        /// id tells a finished region from a later one at the same depth.
        private struct Frame {
            enum Kind { case entry, element }
            let kind: Kind
            let id: UInt32
            /// The entry header whose size class is patched on close (entries only).
            let headerOffset: Int
            /// The byte reserved for the length, widened on close if one byte is too small.
            let lengthOffset: Int
            var isNil = false
        }

        init(scratch: UnsafeMutableRawBufferPointer) {
            buffer = scratch.baseAddress!
            capacity = scratch.count
        }

        deinit {
            if ownsBuffer { buffer.deallocate() }
        }

        /// Stops using the scratch memory, which is about to go away. Should a container that escaped
        /// its `encode(to:)` still write, the write goes to a new heap buffer, and no open region
        /// refers to old offsets.
        func releaseScratch() {
            frames.removeAll()
            guard !ownsBuffer else { return }
            count = 0
            capacity = 0
        }

        func withBytes(_ body: (UnsafeRawBufferPointer) -> Void) {
            body(UnsafeRawBufferPointer(start: buffer, count: count))
        }

        func encodeRoot<T: Encodable>(_ value: T) throws {
            appendByte(0) // The message length, patched below.
            if let primitive = Primitive.of(value) {
                append(primitive, lengthPrefixed: false)
            } else if !appendPrimitiveArray(value, prefix: { _ in }) {
                try value.encode(to: Scope(state: self, frame: -1, id: 0, nilMarking: .presenceByte))
            }
            close(downTo: 0)
            if let deferredError { throw deferredError }
            patchVarint(count - 1, at: 0)
        }

        // MARK: Regions

        /// Throws unless region `index` (with `id`) is still open; finishes the regions nested in it.
        @inline(__always)
        func prepare(_ index: Int32, _ id: UInt32) throws {
            if _slowPath(frames.count != Int(index) &+ 1 || (index >= 0 && frames[Int(index)].id != id)) {
                try reopen(Int(index), id)
            }
        }

        private func reopen(_ index: Int, _ id: UInt32) throws {
            guard index < frames.count, index < 0 || frames[index].id == id else {
                throw BinaryCodingError(.encoding, "a container was written to after the value it belongs to was finished "
                    + "(a nested container cannot be written to once its parent is written to again)")
            }
            close(downTo: index + 1)
        }

        /// Starts the value of a keyed entry; the returned encoder writes into it.
        func openEntry(_ key: String) -> Scope {
            let header = appendHeader(key, .variable)
            return open(.entry, headerOffset: header)
        }

        /// Starts a non-primitive unkeyed element; the returned encoder writes into it.
        func openElement() -> Scope {
            open(.element, headerOffset: -1)
        }

        /// `prepare` followed by `openEntry`/`openElement`, for the non-throwing nesting APIs: a
        /// misuse is remembered and thrown when encoding ends.
        func openNested(_ key: String?, in index: Int32, _ id: UInt32) -> Scope {
            do {
                try prepare(index, id)
            } catch {
                deferredError = deferredError ?? (error as? BinaryCodingError)
                return Scope(state: self, frame: .max, id: 0, nilMarking: .unavailable)
            }
            if let key { return openEntry(key) }
            return openElement()
        }

        /// Marks the entry or element of region `index` as nil.
        func markNil(_ index: Int32) {
            frames[Int(index)].isNil = true
        }

        /// Finishes regions until only `count` nested ones remain.
        func close(downTo count: Int) {
            while frames.count > count { close(frames.removeLast()) }
        }

        private func open(_ kind: Frame.Kind, headerOffset: Int) -> Scope {
            lastID &+= 1
            appendByte(0)
            frames.append(Frame(kind: kind, id: lastID, headerOffset: headerOffset, lengthOffset: count - 1))
            return Scope(state: self, frame: Int32(frames.count - 1), id: lastID, nilMarking: .header)
        }

        private func close(_ frame: Frame) {
            let length = count - frame.lengthOffset - 1
            if frame.isNil && length != 0 {
                deferredError = deferredError ?? BinaryCodingError(.encoding, "a value was encoded after encodeNil() for the same value")
            }
            switch frame.kind {
            case .element:
                patchVarint(frame.isNil ? 0 : length + 1, at: frame.lengthOffset)
            case .entry:
                let sizeClass = frame.isNil ? .null : SizeClass(byteCount: length)
                let header = buffer.load(fromByteOffset: frame.headerOffset, as: UInt8.self)
                buffer.storeBytes(of: header & ~7 | sizeClass.rawValue, toByteOffset: frame.headerOffset, as: UInt8.self)
                if sizeClass == .variable {
                    patchVarint(length, at: frame.lengthOffset)
                } else {
                    removeByte(at: frame.lengthOffset)
                }
            }
        }

        // MARK: Writing

        /// Grows the output by `byteCount` bytes and returns where they start.
        @inline(__always)
        private func extend(by byteCount: Int) -> UnsafeMutableRawPointer {
            if _slowPath(capacity - count < byteCount) { grow(to: count + byteCount) }
            defer { count += byteCount }
            return buffer + count
        }

        private func grow(to minimum: Int) {
            capacity = max(minimum, capacity * 2)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
            grown.copyMemory(from: buffer, byteCount: count)
            if ownsBuffer { buffer.deallocate() }
            buffer = grown
            ownsBuffer = true
        }

        @inline(__always)
        func appendByte(_ byte: UInt8) {
            extend(by: 1).storeBytes(of: byte, as: UInt8.self)
        }

        @inline(__always)
        func appendBytes(_ bytes: UnsafeRawBufferPointer) {
            guard let source = bytes.baseAddress else { return }
            extend(by: bytes.count).copyMemory(from: source, byteCount: bytes.count)
        }

        @inline(__always)
        func appendVarint(_ value: UInt64) {
            if value < 0x80 { return appendByte(UInt8(value)) }
            appendLongVarint(value)
        }

        private func appendLongVarint(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                appendByte(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            appendByte(UInt8(rest))
        }

        /// Stores `value` in the one-byte placeholder at `offset`, shifting what follows if it needs more.
        private func patchVarint(_ value: Int, at offset: Int) {
            var rest = UInt64(value)
            var size = 1
            while rest >= 0x80 { rest >>= 7; size += 1 }
            if size > 1 {
                _ = extend(by: size - 1)
                (buffer + offset + size).copyMemory(from: buffer + offset + 1, byteCount: count - offset - size)
            }
            rest = UInt64(value)
            for index in 0 ..< size {
                let byte = UInt8(truncatingIfNeeded: rest) | (index < size - 1 ? 0x80 : 0)
                buffer.storeBytes(of: byte, toByteOffset: offset + index, as: UInt8.self)
                rest >>= 7
            }
        }

        private func removeByte(at offset: Int) {
            (buffer + offset).copyMemory(from: buffer + offset + 1, byteCount: count - offset - 1)
            count -= 1
        }

        /// Appends an entry header and key; returns the header's offset.
        @discardableResult
        func appendHeader(_ key: String, _ sizeClass: SizeClass) -> Int {
            let offset = count
            BinaryFormat.withUTF8(of: key) { utf8 in
                appendVarint(UInt64(utf8.count) << 3 | UInt64(sizeClass.rawValue))
                appendBytes(UnsafeRawBufferPointer(utf8))
            }
            return offset
        }

        /// Appends an entry header and key for a value of `byteCount` bytes, and its length if needed.
        func appendHeader(_ key: String, valueByteCount byteCount: Int) {
            let sizeClass = SizeClass(byteCount: byteCount)
            BinaryFormat.withUTF8(of: key) { name in
                let header = UInt64(name.count) << 3 | UInt64(sizeClass.rawValue)
                guard header < 0x80, byteCount < 0x80, let source = name.baseAddress else {
                    appendVarint(header)
                    appendBytes(UnsafeRawBufferPointer(name))
                    if sizeClass == .variable { appendVarint(UInt64(byteCount)) }
                    return
                }
                // The common case (short key and value) in one reservation.
                let lengthSize = sizeClass == .variable ? 1 : 0
                let target = extend(by: 1 + name.count + lengthSize)
                target.storeBytes(of: UInt8(header), as: UInt8.self)
                (target + 1).copyMemory(from: source, byteCount: name.count)
                if lengthSize == 1 { (target + 1 + name.count).storeBytes(of: UInt8(byteCount), as: UInt8.self) }
            }
        }

        /// Appends a primitive's bytes. A String that does not fill its region (an unkeyed element)
        /// gets a varint `n + 1` first, like any variable-length element, so that 0 stays the nil marker.
        func append(_ value: Primitive, lengthPrefixed: Bool) {
            switch value {
            case .fixed(let bits, let size):
                Self.store(bits, size: size, at: extend(by: size))
            case .wide(let bits):
                extend(by: 16).storeBytes(of: bits.littleEndian, as: UInt128.self)
            case .string(let string):
                BinaryFormat.withUTF8(of: string) { utf8 in
                    if lengthPrefixed { appendVarint(UInt64(utf8.count) + 1) }
                    appendBytes(UnsafeRawBufferPointer(utf8))
                }
            }
        }

        /// Stores the low `size` (1, 2, 4 or 8) bytes of `bits`, little-endian.
        @inline(__always)
        private static func store(_ bits: UInt64, size: Int, at target: UnsafeMutableRawPointer) {
            switch size {
            case 1: target.storeBytes(of: UInt8(truncatingIfNeeded: bits), as: UInt8.self)
            case 2: target.storeBytes(of: UInt16(truncatingIfNeeded: bits).littleEndian, as: UInt16.self)
            case 4: target.storeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian, as: UInt32.self)
            default: target.storeBytes(of: bits.littleEndian, as: UInt64.self)
            }
        }

        /// Appends a primitive as a complete keyed entry.
        func appendEntry(_ key: String, _ value: Primitive) {
            switch value {
            case .fixed(let bits, let size):
                BinaryFormat.withUTF8(of: key) { name in
                    let header = UInt64(name.count) << 3 | UInt64(SizeClass(byteCount: size).rawValue)
                    guard header < 0x80, let source = name.baseAddress else {
                        appendVarint(header)
                        appendBytes(UnsafeRawBufferPointer(name))
                        return append(value, lengthPrefixed: false)
                    }
                    // The common case (a key of up to 15 bytes) in one reservation.
                    let target = extend(by: 1 + name.count + size)
                    target.storeBytes(of: UInt8(header), as: UInt8.self)
                    (target + 1).copyMemory(from: source, byteCount: name.count)
                    Self.store(bits, size: size, at: target + 1 + name.count)
                }
            case .wide:
                appendHeader(key, .sixteen)
                append(value, lengthPrefixed: false)
            case .string(let string):
                appendHeader(key, valueByteCount: string.utf8.count)
                append(value, lengthPrefixed: false)
            }
        }

        /// If `value` is an array of primitives, appends its elements exactly as `Array.encode(to:)`
        /// would, after calling `prefix` with their byte count, and returns true. This skips the
        /// unspecialized per-element path and lets the caller write lengths up front.
        func appendPrimitiveArray<T>(_ value: T, prefix: (Int) -> Void) -> Bool {
            guard let array = BinaryFormat.bulkArrayType(T.self) else { return false }
            appendBulk(unsafeBitCast(value, to: array), prefix)
            return true
        }

        private func appendBulk<A: BinaryBulkArray>(_ array: A, _ prefix: (Int) -> Void) {
            array.append(to: self, prefix: prefix)
        }
    }

    /// The `Encoder` for one region; also its single-value container.
    struct Scope: Encoder, SingleValueEncodingContainer {
        let state: State
        let frame: Int32
        let id: UInt32
        let nilMarking: NilMarking

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(KeyedContainer(state: state, frame: frame, id: id))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            UnkeyedContainer(state: state, frame: frame, id: id)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { self }

        mutating func encodeNil() throws {
            try state.prepare(frame, id)
            switch nilMarking {
            case .header: state.markNil(frame)
            case .presenceByte: state.appendByte(0)
            case .unavailable:
                throw BinaryCodingError(.encoding, "nil cannot be encoded here: only optionals, keyed entries and unkeyed elements can be nil")
            }
        }

        mutating func encode(_ value: Bool) throws { try put(Primitive(value)) }
        mutating func encode(_ value: String) throws { try put(.string(value)) }
        mutating func encode(_ value: Double) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Float) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int8) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int16) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int32) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int64) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int128) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt8) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt16) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt32) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt64) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt128) throws { try put(Primitive(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            if let primitive = Primitive.of(value) { return try put(primitive) }
            try state.prepare(frame, id)
            if nilMarking == .presenceByte { state.appendByte(1) }
            if state.appendPrimitiveArray(value, prefix: { _ in }) { return }
            // The value fills the rest of this region, whose header marker (if any) is now taken.
            try value.encode(to: Scope(state: state, frame: frame, id: id, nilMarking: NilMarking(withoutHeaderFor: T.self)))
        }

        private func put(_ value: Primitive) throws {
            try state.prepare(frame, id)
            if nilMarking == .presenceByte { state.appendByte(1) }
            state.append(value, lengthPrefixed: false)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let state: State
        let frame: Int32
        let id: UInt32

        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            try state.prepare(frame, id)
            state.appendHeader(key.stringValue, .null)
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { try put(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: Int128, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(Primitive(value), key) }
        mutating func encode(_ value: UInt128, forKey key: Key) throws { try put(Primitive(value), key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if let primitive = Primitive.of(value) { return try put(primitive, key) }
            try state.prepare(frame, id)
            let name = key.stringValue
            if state.appendPrimitiveArray(value, prefix: { state.appendHeader(name, valueByteCount: $0) }) { return }
            do {
                try value.encode(to: state.openEntry(name))
            } catch {
                throw BinaryCodingError.wrap(error, .encoding, in: name)
            }
            state.close(downTo: Int(frame) + 1)
        }

        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return }
            // The entry's nil marker must stay free for the outer layer, or `.some(nil)` would read back as nil.
            if T.self is any BinaryCodingOptional.Type {
                try encode(Optional(value), forKey: key)
            } else {
                try encode(value, forKey: key)
            }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            state.openNested(key.stringValue, in: frame, id).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            state.openNested(key.stringValue, in: frame, id).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            state.openNested("super", in: frame, id)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            state.openNested(key.stringValue, in: frame, id)
        }

        private func put(_ value: Primitive, _ key: Key) throws {
            try state.prepare(frame, id)
            state.appendEntry(key.stringValue, value)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let state: State
        let frame: Int32
        let id: UInt32
        private(set) var count = 0

        init(state: State, frame: Int32, id: UInt32) {
            self.state = state
            self.frame = frame
            self.id = id
        }

        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws {
            try state.prepare(frame, id)
            state.appendByte(0)
            count += 1
        }

        mutating func encode(_ value: Bool) throws { try put(Primitive(value)) }
        mutating func encode(_ value: String) throws { try put(.string(value)) }
        mutating func encode(_ value: Double) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Float) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int8) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int16) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int32) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int64) throws { try put(Primitive(value)) }
        mutating func encode(_ value: Int128) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt8) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt16) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt32) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt64) throws { try put(Primitive(value)) }
        mutating func encode(_ value: UInt128) throws { try put(Primitive(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            if let primitive = Primitive.of(value) { return try put(primitive) }
            try state.prepare(frame, id)
            defer { count += 1 }
            if state.appendPrimitiveArray(value, prefix: { state.appendVarint(UInt64($0) + 1) }) { return }
            do {
                try value.encode(to: state.openElement())
            } catch {
                throw BinaryCodingError.wrap(error, .encoding, in: "[\(count)]")
            }
            state.close(downTo: Int(frame) + 1)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            count += 1
            return state.openNested(nil, in: frame, id).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            count += 1
            return state.openNested(nil, in: frame, id).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            count += 1
            return state.openNested(nil, in: frame, id)
        }

        private mutating func put(_ value: Primitive) throws {
            try state.prepare(frame, id)
            state.append(value, lengthPrefixed: true)
            count += 1
        }
    }
}
