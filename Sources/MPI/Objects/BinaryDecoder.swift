/// Decodes values produced by ``BinaryEncoder`` (whose documentation describes the format).
///
/// Decoding is bounds-checked throughout: malformed or truncated input, or input produced for a
/// different type, throws a ``BinaryCodingError`` and never reads outside the given bytes. Length
/// prefixes are checked against the bytes that remain before anything is allocated.
public struct BinaryDecoder: Sendable {
    /// Nesting limit for decoded values, so that hostile input cannot exhaust the stack through a
    /// recursive type.
    static let maxDepth = 512

    /// Creates a decoder.
    public init() {}

    /// Decodes a value of the given type from `bytes`, which must hold exactly one encoded value.
    /// The bytes are only read during the call.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - bytes: Exactly one value's encoding, as ``BinaryEncoder/encode(_:)`` produced it.
    /// - Returns: The decoded value.
    /// - Throws: ``BinaryCodingError`` when the bytes are truncated, have bytes left over, or do not describe
    ///   a `T`, or when `T`'s own decoding throws.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws(BinaryCodingError) -> T {
        let state = State(bytes)
        defer { state.finish() }
        do {
            return try state.decodeRoot(type)
        } catch {
            throw BinaryCodingError.wrap(error, .decoding)
        }
    }

    /// Decodes a value of the given type from `bytes`, which must hold exactly one encoded value.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - bytes: Exactly one value's encoding, as ``BinaryEncoder/encode(_:)`` produced it.
    /// - Returns: The decoded value.
    /// - Throws: ``BinaryCodingError`` when the bytes are truncated, have bytes left over, or do not describe
    ///   a `T`, or when `T`'s own decoding throws.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(BinaryCodingError) -> T {
        do {
            return try bytes.withUnsafeBytes { try decode(type, from: $0) }
        } catch {
            // Always a `BinaryCodingError` already (`withUnsafeBytes` only loses the static type).
            throw BinaryCodingError.wrap(error, .decoding)
        }
    }
}

extension BinaryDecoder {
    typealias SizeClass = BinaryFormat.SizeClass
    typealias PrimitiveType = BinaryFormat.PrimitiveType

    /// Shared state of one `decode` call. (`@exclusivity(unchecked)` for the reason given at
    /// `BinaryEncoder.State`.)
    final class State {
        let buffer: UnsafeRawBufferPointer
        /// `buffer.count` during the call and 0 afterwards, so that a container kept beyond its
        /// `init(from:)` fails cleanly instead of reading memory that may be gone.
        @exclusivity(unchecked) private(set) var limit: Int
        /// Keyed lookups resume at `hintOffset` in the keyed container whose region starts at
        /// `hintRegion`: after the entry decoded last, where decoding in encoding order finds the next one.
        @exclusivity(unchecked) private var hintRegion = -1
        @exclusivity(unchecked) private var hintOffset = 0
        @exclusivity(unchecked) private var depth = 0

        init(_ buffer: UnsafeRawBufferPointer) {
            self.buffer = buffer
            self.limit = buffer.count
        }

        func finish() { limit = 0 }

        func decodeRoot<T: Decodable>(_ type: T.Type) throws -> T {
            var cursor = Cursor(state: self, offset: 0, end: buffer.count)
            let length = try cursor.length("message")
            guard length == cursor.remaining else {
                throw BinaryCodingError(.decoding, "the message header announces \(length) bytes but \(cursor.remaining) follow it")
            }
            if let primitive = PrimitiveType(type) {
                return try cursor.decodeFilling(primitive, as: type)
            }
            return try decode(type, in: Scope(state: self, start: cursor.offset, end: buffer.count, mode: .presenceByte))
        }

        /// Decodes the non-primitive value filling `scope`, one nesting level deeper.
        func decode<T: Decodable>(_ type: T.Type, in scope: Scope) throws -> T {
            if scope.mode != .null, let array = BinaryFormat.bulkArrayType(type) {
                return try decodeBulk(array, as: type, start: scope.start, end: scope.end)
            }
            depth += 1
            defer { depth -= 1 }
            guard depth <= BinaryDecoder.maxDepth else {
                throw BinaryCodingError(.decoding, "values are nested more than \(BinaryDecoder.maxDepth) levels deep")
            }
            return try T(from: scope)
        }

        private func decodeBulk<A: BinaryBulkArray, T>(_ array: A.Type, as type: T.Type, start: Int, end: Int) throws -> T {
            unsafeBitCast(try A.decode(from: self, start: start, end: end), to: T.self)
        }

        /// The region's bytes as elements whose wire bytes are their in-memory bytes.
        func rawArray<Element: BitwiseCopyable>(_ type: Element.Type, start: Int, end: Int) throws -> [Element] {
            let size = MemoryLayout<Element>.size
            guard (end - start) % size == 0 else {
                throw BinaryCodingError(.decoding, "\(end - start) bytes at byte \(start) are not a whole number of \(Element.self) elements")
            }
            var cursor = Cursor(state: self, offset: start, end: end)
            let raw = try cursor.take(end - start, [Element].self)
            let count = raw.count / size
            guard count <= 32 else {
                return Array(unsafeUninitializedCapacity: count) { elements, initialized in
                    UnsafeMutableRawBufferPointer(elements).copyMemory(from: raw)
                    initialized = count
                }
            }
            // For a few elements, appending to a reserved array is cheaper: the allocation in
            // `Array(unsafeUninitializedCapacity:)` is not specialized.
            var elements: [Element] = []
            elements.reserveCapacity(count)
            for index in 0 ..< count {
                elements.append(raw.loadUnaligned(fromByteOffset: index * size, as: Element.self))
            }
            return elements
        }

        // MARK: Keyed entries

        /// Finds the entry for the UTF-8 key `name` in the keyed region `start..<end`, starting the
        /// search after the entry decoded last.
        func find(_ name: UnsafeBufferPointer<UInt8>, start: Int, end: Int) throws -> Entry? {
            let resume = hintRegion == start && hintOffset <= end ? hintOffset : start
            if let entry = try scan(for: name, from: resume, to: end) { return entry }
            // Wrap around; `resume` is an entry boundary.
            return try scan(for: name, from: start, to: resume)
        }

        /// The entry named `name` among those in `offset..<end`.
        @inline(__always)
        private func scan(for name: UnsafeBufferPointer<UInt8>, from offset: Int, to end: Int) throws -> Entry? {
            var cursor = Cursor(state: self, offset: offset, end: end)
            while !cursor.isAtEnd {
                let entry = try cursor.entry()
                if entry.keyCount == name.count && matches(entry.keyOffset, name) { return entry }
            }
            return nil
        }

        /// Whether the bytes at `offset` (known to be in bounds) are `name`.
        @inline(__always)
        private func matches(_ offset: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
            for index in 0 ..< name.count where buffer[offset &+ index] != name[index] {
                return false
            }
            return true
        }

        /// Records that the entry ending at `offset` in the keyed region at `start` was decoded.
        func setHint(region start: Int, next offset: Int) {
            hintRegion = start
            hintOffset = offset
        }

        /// The key of `entry` as a String, nil if it is not valid UTF-8.
        func key(of entry: Entry) -> String? {
            var cursor = Cursor(state: self, offset: entry.keyOffset, end: entry.keyOffset + entry.keyCount)
            return try? cursor.string(lengthPrefixed: false)
        }
    }

    /// A parsed keyed entry.
    struct Entry {
        let keyOffset: Int
        let keyCount: Int
        let sizeClass: SizeClass
        let valueOffset: Int
        let end: Int

        /// The decoder for the entry's value.
        func scope(_ state: State) -> Scope {
            Scope(state: state, start: valueOffset, end: end, mode: sizeClass == .null ? .null : .value)
        }
    }

    /// A read position inside a region. It is transient and borrows the state of the container that
    /// made it (hence `unowned(unsafe)`: no reference counting in the innermost loops).
    struct Cursor {
        unowned(unsafe) let state: State
        var offset: Int
        let end: Int

        var isAtEnd: Bool { offset >= end }
        var remaining: Int { end - offset }

        /// The next `count` bytes; throws unless they lie inside the region.
        @inline(__always)
        mutating func take(_ count: Int, _ type: Any.Type) throws -> UnsafeRawBufferPointer {
            guard count <= end &- offset, end <= state.limit else { throw truncated(count, "\(type)") }
            defer { offset &+= count }
            return UnsafeRawBufferPointer(rebasing: state.buffer[offset ..< offset &+ count])
        }

        @inline(never)
        private func truncated(_ count: Int, _ what: String) -> BinaryCodingError {
            BinaryCodingError(.decoding, "unexpected end of data at byte \(offset) while reading \(what) "
                + "(expected \(count) bytes, \(max(0, min(end, state.limit) - offset)) left)")
        }

        @inline(__always)
        mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
            I(littleEndian: try take(MemoryLayout<I>.size, I.self).loadUnaligned(as: I.self))
        }

        mutating func bool() throws -> Bool {
            let byte = try integer(UInt8.self)
            guard byte <= 1 else {
                throw BinaryCodingError(.decoding, "invalid Bool byte \(byte) at byte \(offset - 1)")
            }
            return byte == 1
        }

        /// A String, prefixed with its length + 1 (as an unkeyed element) or filling the rest of the region.
        mutating func string(lengthPrefixed: Bool) throws -> String {
            let start = offset
            var count = remaining
            if lengthPrefixed {
                let header = try varint("String length")
                guard header != 0 else { throw BinaryCodingError(.decoding, "found nil while expecting String at byte \(start)") }
                count = try checked(header - 1, "String")
            }
            let utf8 = try take(count, String.self)
            // ASCII, the common case, needs no validation (which is slow for short strings).
            if Self.isASCII(utf8) { return String(decoding: utf8, as: UTF8.self) }
            guard let string = String(validating: utf8, as: UTF8.self) else {
                throw BinaryCodingError(.decoding, "invalid UTF-8 in String at byte \(offset - count)")
            }
            return string
        }

        private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
            var index = 0
            while index + 8 <= bytes.count {
                if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < bytes.count {
                if bytes[index] & 0x80 != 0 { return false }
                index += 1
            }
            return true
        }

        /// Unsigned LEB128, at most 10 bytes.
        @inline(__always)
        mutating func varint(_ what: StaticString) throws -> UInt64 {
            if _fastPath(offset < end && end <= state.limit) {
                let byte = state.buffer[offset]
                if byte < 0x80 {
                    offset &+= 1
                    return UInt64(byte)
                }
            }
            return try longVarint(what)
        }

        private mutating func longVarint(_ what: StaticString) throws -> UInt64 {
            let start = offset
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < end, end <= state.limit else { throw truncated(1, "\(what)") }
                let byte = state.buffer[offset]
                offset &+= 1
                guard shift < 63 || byte <= 1 else {
                    throw BinaryCodingError(.decoding, "malformed \(what) at byte \(start)")
                }
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        /// A varint length, checked against the bytes left (so nothing absurd is ever allocated).
        @inline(__always)
        mutating func length(_ what: StaticString) throws -> Int {
            try checked(varint(what), what)
        }

        /// `length` as an Int, provided that many bytes remain.
        @inline(__always)
        func checked(_ length: UInt64, _ what: StaticString) throws -> Int {
            guard length <= UInt64(bitPattern: Int64(remaining)) else { throw tooLong(length, what) }
            return Int(truncatingIfNeeded: length)
        }

        @inline(never)
        private func tooLong(_ length: UInt64, _ what: StaticString) -> BinaryCodingError {
            BinaryCodingError(.decoding, "\(what) length \(length) at byte \(offset) exceeds the \(max(0, remaining)) bytes left")
        }

        /// Reads the keyed entry at the cursor and moves past it.
        @inline(__always)
        mutating func entry() throws -> Entry {
            let header = try varint("entry header")
            let keyCount = try checked(header >> 3, "key")
            let keyOffset = offset
            offset &+= keyCount
            let sizeClass = SizeClass(rawValue: UInt8(truncatingIfNeeded: header & 7))!
            let valueCount = try sizeClass.byteCount ?? length("value")
            guard valueCount <= remaining, end <= state.limit else { throw truncated(valueCount, "an entry value") }
            offset &+= valueCount
            return Entry(keyOffset: keyOffset, keyCount: keyCount, sizeClass: sizeClass, valueOffset: offset - valueCount, end: offset)
        }

        /// Reads a non-primitive unkeyed element's header and moves past its region, which it returns.
        mutating func element() throws -> Scope {
            let header = try varint("element header")
            guard header != 0 else { return Scope(state: state, start: offset, end: offset, mode: .null) }
            let count = try checked(header - 1, "element")
            offset &+= count
            return Scope(state: state, start: offset - count, end: offset, mode: .value)
        }

        /// Decodes a primitive that must fill the rest of the region.
        @inline(__always)
        mutating func decodeFilling<T>(_ primitive: PrimitiveType, as type: T.Type) throws -> T {
            let start = offset
            let value = try decode(primitive, as: type, lengthPrefixed: false)
            guard offset == end else {
                throw BinaryCodingError(.decoding, "expected \(offset - start) bytes for \(type) at byte \(start), found \(end - start)")
            }
            return value
        }

        /// Decodes a primitive of the given type as `T`, which must be that type. Generic paths must
        /// read exactly what the concrete overloads read. Inlined so that the concrete overloads, in
        /// contexts still generic over the key type, get a specialized read instead of this switch.
        @inline(__always)
        mutating func decode<T>(_ primitive: PrimitiveType, as type: T.Type, lengthPrefixed: Bool) throws -> T {
            switch primitive {
            case .bool: return unsafeBitCast(try bool(), to: T.self)
            case .string: return unsafeBitCast(try string(lengthPrefixed: lengthPrefixed), to: T.self)
            case .float: return unsafeBitCast(Float(bitPattern: try integer(UInt32.self)), to: T.self)
            case .double: return unsafeBitCast(Double(bitPattern: try integer(UInt64.self)), to: T.self)
            case .int: return unsafeBitCast(try integer(Int.self), to: T.self)
            case .int8: return unsafeBitCast(try integer(Int8.self), to: T.self)
            case .int16: return unsafeBitCast(try integer(Int16.self), to: T.self)
            case .int32: return unsafeBitCast(try integer(Int32.self), to: T.self)
            case .int64: return unsafeBitCast(try integer(Int64.self), to: T.self)
            case .int128: return unsafeBitCast(try integer(Int128.self), to: T.self)
            case .uint: return unsafeBitCast(try integer(UInt.self), to: T.self)
            case .uint8: return unsafeBitCast(try integer(UInt8.self), to: T.self)
            case .uint16: return unsafeBitCast(try integer(UInt16.self), to: T.self)
            case .uint32: return unsafeBitCast(try integer(UInt32.self), to: T.self)
            case .uint64: return unsafeBitCast(try integer(UInt64.self), to: T.self)
            case .uint128: return unsafeBitCast(try integer(UInt128.self), to: T.self)
            }
        }
    }

    /// The `Decoder` for one region; also its single-value container.
    struct Scope: Decoder, SingleValueDecodingContainer {
        /// How nil is marked, mirroring the encoder's `NilMarking`.
        enum Mode: Int {
            /// The entry or element header said the value is not nil.
            case value = 0
            /// The entry or element header said nil; the region is empty.
            case null = 1
            /// An `Optional` without header marker: single values start with a presence byte.
            case presenceByte = 2
            /// A non-`Optional` value without header marker: it is never nil.
            case plain = 3

            /// The mode for a value of type `T` stored where no header marker is available.
            static func withoutHeader<T>(for type: T.Type) -> Mode {
                T.self is any BinaryCodingOptional.Type ? .presenceByte : .plain
            }
        }

        let state: State
        let start: Int
        /// `end << 2 | mode`, packed so that the scope fits an existential's inline buffer (no
        /// allocation when passed as `any Decoder`).
        private let packed: Int

        init(state: State, start: Int, end: Int, mode: Mode) {
            self.state = state
            self.start = start
            self.packed = end << 2 | mode.rawValue
        }

        var end: Int { packed >> 2 }
        var mode: Mode { Mode(rawValue: packed & 3)! }

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard mode != .null else { throw BinaryCodingError(.decoding, "found nil while expecting a keyed container") }
            return KeyedDecodingContainer(KeyedContainer(state: state, start: start, end: end))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard mode != .null else { throw BinaryCodingError(.decoding, "found nil while expecting an unkeyed container") }
            return UnkeyedContainer(state: state, start: start, end: end)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool {
            switch mode {
            case .value, .plain: return false
            case .null: return true
            case .presenceByte:
                var cursor = Cursor(state: state, offset: start, end: end)
                return (try? cursor.integer(UInt8.self)) == 0
            }
        }

        func decode(_ type: Bool.Type) throws -> Bool { try read(.bool, type) }
        func decode(_ type: String.Type) throws -> String { try read(.string, type) }
        func decode(_ type: Double.Type) throws -> Double { try read(.double, type) }
        func decode(_ type: Float.Type) throws -> Float { try read(.float, type) }
        func decode(_ type: Int.Type) throws -> Int { try read(.int, type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try read(.int8, type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try read(.int16, type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try read(.int32, type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try read(.int64, type) }
        func decode(_ type: Int128.Type) throws -> Int128 { try read(.int128, type) }
        func decode(_ type: UInt.Type) throws -> UInt { try read(.uint, type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try read(.uint8, type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try read(.uint16, type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try read(.uint32, type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try read(.uint64, type) }
        func decode(_ type: UInt128.Type) throws -> UInt128 { try read(.uint128, type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if let primitive = PrimitiveType(type) { return try read(primitive, type) }
            let cursor = try valueCursor(type)
            // The value fills the rest of this region, whose header marker (if any) is now taken.
            return try state.decode(type, in: Scope(state: state, start: cursor.offset, end: end, mode: .withoutHeader(for: type)))
        }

        @inline(__always)
        private func read<T>(_ primitive: PrimitiveType, _ type: T.Type) throws -> T {
            var cursor = try valueCursor(type)
            return try cursor.decodeFilling(primitive, as: type)
        }

        /// A cursor at the value, past its presence byte if any; throws if the value is nil.
        private func valueCursor(_ type: Any.Type) throws -> Cursor {
            var cursor = Cursor(state: state, offset: start, end: end)
            switch mode {
            case .value, .plain:
                break
            case .null:
                throw BinaryCodingError(.decoding, "found nil while expecting \(type)")
            case .presenceByte:
                let tag = try cursor.integer(UInt8.self)
                guard tag == 1 else {
                    throw BinaryCodingError(.decoding, tag == 0 ? "found nil while expecting \(type)"
                        : "invalid presence byte \(tag) at byte \(start) while reading \(type)")
                }
            }
            return cursor
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let state: State
        let start: Int
        let end: Int

        var codingPath: [any CodingKey] { [] }

        /// The keys of all entries in encoding order; a malformed entry ends the list (decoding it then throws).
        var allKeys: [Key] {
            var keys: [Key] = []
            var cursor = Cursor(state: state, offset: start, end: end)
            while !cursor.isAtEnd, let entry = try? cursor.entry() {
                // Keys are written as `stringValue`; a key type that only parses integers still gets its `intValue`.
                if let name = state.key(of: entry), let key = Key(stringValue: name) ?? Int(name).flatMap(Key.init(intValue:)) {
                    keys.append(key)
                }
            }
            return keys
        }

        func contains(_ key: Key) -> Bool {
            (try? find(key.stringValue)) != nil
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            try require(key).sizeClass == .null
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try read(.bool, type, try require(key), key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try read(.string, type, try require(key), key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try read(.double, type, try require(key), key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try read(.float, type, try require(key), key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try read(.int, type, try require(key), key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try read(.int8, type, try require(key), key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try read(.int16, type, try require(key), key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try read(.int32, type, try require(key), key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try read(.int64, type, try require(key), key) }
        func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try read(.int128, type, try require(key), key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try read(.uint, type, try require(key), key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(.uint8, type, try require(key), key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(.uint16, type, try require(key), key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(.uint32, type, try require(key), key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(.uint64, type, try require(key), key) }
        func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try read(.uint128, type, try require(key), key) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let entry = try require(key)
            if let primitive = PrimitiveType(type) { return try read(primitive, type, entry, key) }
            do {
                let value = try state.decode(type, in: entry.scope(state))
                state.setHint(region: start, next: entry.end)
                return value
            } catch {
                throw BinaryCodingError.wrap(error, .decoding, in: key.stringValue)
            }
        }

        // One lookup instead of the three (`contains`, `decodeNil`, `decode`) of the default implementations.
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try readIfPresent(.bool, type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try readIfPresent(.string, type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try readIfPresent(.double, type, key) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try readIfPresent(.float, type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try readIfPresent(.int, type, key) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try readIfPresent(.int8, type, key) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try readIfPresent(.int16, type, key) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try readIfPresent(.int32, type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try readIfPresent(.int64, type, key) }
        func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? { try readIfPresent(.int128, type, key) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try readIfPresent(.uint, type, key) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try readIfPresent(.uint8, type, key) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try readIfPresent(.uint16, type, key) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try readIfPresent(.uint32, type, key) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try readIfPresent(.uint64, type, key) }
        func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? { try readIfPresent(.uint128, type, key) }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let entry = try find(key.stringValue), entry.sizeClass != .null else { return nil }
            // Mirrors `KeyedContainer.encodeIfPresent` of the encoder: an Optional inside the Optional was stored as `T?`.
            if T.self is any BinaryCodingOptional.Type { return try decode(T?.self, forKey: key) }
            return try decode(type, forKey: key)
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try entryScope(key.stringValue).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try entryScope(key.stringValue).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            try entryScope("super")
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            try entryScope(key.stringValue)
        }

        /// The decoder for the value of the entry named `name`.
        private func entryScope(_ name: String) throws -> Scope {
            guard let entry = try find(name) else { throw keyNotFound(name) }
            state.setHint(region: start, next: entry.end)
            return entry.scope(state)
        }

        /// Reads a primitive entry, which must fill its value exactly.
        @inline(__always)
        private func read<T>(_ primitive: PrimitiveType, _ type: T.Type, _ entry: Entry, _ key: Key) throws -> T {
            do {
                guard entry.sizeClass != .null else {
                    throw BinaryCodingError(.decoding, "found nil while expecting \(type)")
                }
                var cursor = Cursor(state: state, offset: entry.valueOffset, end: entry.end)
                let value = try cursor.decodeFilling(primitive, as: type)
                state.setHint(region: start, next: entry.end)
                return value
            } catch {
                throw BinaryCodingError.wrap(error, .decoding, in: key.stringValue)
            }
        }

        @inline(__always)
        private func readIfPresent<T>(_ primitive: PrimitiveType, _ type: T.Type, _ key: Key) throws -> T? {
            guard let entry = try find(key.stringValue), entry.sizeClass != .null else { return nil }
            return try read(primitive, type, entry, key)
        }

        /// The entry for `key`. A missing key (or a malformed entry met while looking) is reported
        /// without the key in the path, as it is the container where it is missing.
        private func require(_ key: Key) throws -> Entry {
            let name = key.stringValue
            guard let entry = try find(name) else { throw keyNotFound(name) }
            return entry
        }

        private func find(_ name: String) throws -> Entry? {
            try BinaryFormat.withUTF8(of: name) { try state.find($0, start: start, end: end) }
        }

        private func keyNotFound(_ name: String) -> BinaryCodingError {
            BinaryCodingError(.decoding, "key '\(name)' not found")
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        private let state: State
        private var offset: Int
        private let end: Int
        private(set) var currentIndex = 0

        init(state: State, start: Int, end: Int) {
            self.state = state
            self.offset = start
            self.end = end
        }

        var codingPath: [any CodingKey] { [] }
        /// Unknown: elements are not counted on the wire, they simply fill the region.
        var count: Int? { nil }
        var isAtEnd: Bool { offset >= end }

        /// True (and consumes the element) if the next element is a nil marker. Reliable unless the
        /// next element is a raw fixed-width number or Bool (which may start with a 0 byte): encode
        /// optional numbers as `Optional` values, not as `encodeNil()` alternating with `encode(_:)`.
        mutating func decodeNil() throws -> Bool {
            var cursor = Cursor(state: state, offset: offset, end: end)
            guard try cursor.integer(UInt8.self) == 0 else { return false }
            offset = cursor.offset
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try $0.bool() } }
        mutating func decode(_ type: String.Type) throws -> String { try next { try $0.string(lengthPrefixed: true) } }
        mutating func decode(_ type: Double.Type) throws -> Double { try next { Double(bitPattern: try $0.integer(UInt64.self)) } }
        mutating func decode(_ type: Float.Type) throws -> Float { try next { Float(bitPattern: try $0.integer(UInt32.self)) } }
        mutating func decode(_ type: Int.Type) throws -> Int { try next { try $0.integer(type) } }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try $0.integer(type) } }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try $0.integer(type) } }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try $0.integer(type) } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try $0.integer(type) } }
        mutating func decode(_ type: Int128.Type) throws -> Int128 { try next { try $0.integer(type) } }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try $0.integer(type) } }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try $0.integer(type) } }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try $0.integer(type) } }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try $0.integer(type) } }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try $0.integer(type) } }
        mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try next { try $0.integer(type) } }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try next { cursor in
                if let primitive = PrimitiveType(type) { return try cursor.decode(primitive, as: type, lengthPrefixed: true) }
                return try cursor.state.decode(type, in: cursor.element())
            }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next { try $0.element().container(keyedBy: type) }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next { try $0.element().unkeyedContainer() }
        }

        mutating func superDecoder() throws -> any Decoder {
            try next { try $0.element() }
        }

        /// Reads the next element; the position only advances if that succeeds.
        @inline(__always)
        private mutating func next<V>(_ body: (inout Cursor) throws -> V) throws -> V {
            var cursor = Cursor(state: state, offset: offset, end: end)
            do {
                let value = try body(&cursor)
                offset = cursor.offset
                currentIndex += 1
                return value
            } catch {
                throw BinaryCodingError.wrap(error, .decoding, in: "[\(currentIndex)]")
            }
        }
    }
}
