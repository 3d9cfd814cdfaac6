import MPITestSupport
import Testing
@testable import MPI

private func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    try BinaryEncoder().encode(value)
}

private func roundTrip<T: Codable>(_ value: T) throws -> T {
    try BinaryDecoder().decode(T.self, from: encode(value))
}

/// Checks `value` at the top level and in every container position: keyed (generic field),
/// unkeyed (array element), single value (wrapper), and as a present optional.
private func expectRoundTrips<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(try roundTrip(value) == value, sourceLocation: sourceLocation)
    #expect(try roundTrip(Box(value: value)) == Box(value: value), sourceLocation: sourceLocation)
    #expect(try roundTrip([value, value]) == [value, value], sourceLocation: sourceLocation)
    #expect(try roundTrip(Wrapper(value)) == Wrapper(value), sourceLocation: sourceLocation)
    #expect(try roundTrip(Optional(value)) == Optional(value), sourceLocation: sourceLocation)
    #expect(try roundTrip(Box(value: Optional(value))) == Box(value: Optional(value)), sourceLocation: sourceLocation)
}

private let samplePoint = P(id: 42, x: 2.5, name: "point", tags: [1, 2, 3])

@Suite struct Scalars {
    @Test func integers() throws {
        for value in [Int.min, -1, 0, 1, Int.max] { try expectRoundTrips(value) }
        for value in [Int8.min, -1, 0, Int8.max] { try expectRoundTrips(value) }
        for value in [Int16.min, -1, 0, Int16.max] { try expectRoundTrips(value) }
        for value in [Int32.min, -1, 0, Int32.max] { try expectRoundTrips(value) }
        for value in [Int64.min, -1, 0, Int64.max] { try expectRoundTrips(value) }
        for value in [Int128.min, -1, 0, Int128.max] { try expectRoundTrips(value) }
        for value in [UInt.min, 1, UInt.max] { try expectRoundTrips(value) }
        for value in [UInt8.min, 1, UInt8.max] { try expectRoundTrips(value) }
        for value in [UInt16.min, 1, UInt16.max] { try expectRoundTrips(value) }
        for value in [UInt32.min, 1, UInt32.max] { try expectRoundTrips(value) }
        for value in [UInt64.min, 1, UInt64.max] { try expectRoundTrips(value) }
        for value in [UInt128.min, 1, UInt128.max] { try expectRoundTrips(value) }
    }

    @Test func float16() throws {
        for value: Float16 in [0, -0.0, 1.5, .infinity, -.greatestFiniteMagnitude] {
            #expect(try roundTrip(Box(value: value)).value.bitPattern == value.bitPattern)
        }
    }

    @Test func bools() throws {
        try expectRoundTrips(true)
        try expectRoundTrips(false)
    }

    @Test func floatingPointBitPatterns() throws {
        let doubles: [Double] = [0, -0.0, 1.5, -.pi, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                 Double(bitPattern: 0x7FF8_0000_DEAD_BEEF), Double(bitPattern: 0x7FF0_0000_0000_0001),
                                 Double(bitPattern: 0xFFF8_0000_0000_0000)]
        for value in doubles {
            #expect(try roundTrip(value).bitPattern == value.bitPattern)
            #expect(try roundTrip(Box(value: value)).value.bitPattern == value.bitPattern)
            #expect(try roundTrip([value]).map(\.bitPattern) == [value.bitPattern])
            #expect(try roundTrip(Wrapper(value)).value.bitPattern == value.bitPattern)
        }
        let floats: [Float] = [0, -0.0, 1.5, .infinity, -.infinity, Float(bitPattern: 0x7FC0_1234), Float(bitPattern: 0x7F80_0001)]
        for value in floats {
            #expect(try roundTrip(value).bitPattern == value.bitPattern)
            #expect(try roundTrip(Box(value: value)).value.bitPattern == value.bitPattern)
            #expect(try roundTrip([value]).map(\.bitPattern) == [value.bitPattern])
            #expect(try roundTrip(Wrapper(value)).value.bitPattern == value.bitPattern)
        }
    }

    @Test func strings() throws {
        let long = String(repeating: "long text ", count: 40)
        for value in ["", "a", "ab", "abcd", "abcdefgh", "0123456789abcdef", "hello, world", "héllo wörld",
                      "日本語のテキスト", "👨‍👩‍👧‍👦🎉🇨🇭", "nul\0byte", long] {
            try expectRoundTrips(value)
        }
    }

    @Test func concreteOverloads() throws {
        try expectRoundTrips(AllScalars())
        try expectRoundTrips(AllScalarsUnkeyed())
    }

    /// Generic (`encode<T>`) and concrete (`encode(_: Int)`) paths must produce identical bytes, since
    /// either may decode the other.
    @Test func genericAndConcretePathsAgree() throws {
        struct IntField: Codable { var value: Int }
        struct StringField: Codable { var value: String }
        #expect(try encode(Box(value: 7)) == encode(IntField(value: 7)))
        #expect(try encode(Box(value: "seven")) == encode(StringField(value: "seven")))
        #expect(try BinaryDecoder().decode(IntField.self, from: encode(Box(value: 7))).value == 7)
    }

    @Test func rawValueEnums() throws {
        try expectRoundTrips(Color.green)
        try expectRoundTrips(Level.high)
        try expectRoundTrips([Color.red, .blue])
    }
}

@Suite struct Structures {
    @Test func smallStruct() throws {
        try expectRoundTrips(samplePoint)
        try expectRoundTrips(P(id: 0, x: 0, name: "", tags: []))
    }

    @Test func nestedStructs() throws {
        let inner = Inner(label: "in", values: [1, 2.5], flag: true)
        let outer = Outer(p: samplePoint, inner: inner, list: [inner, Inner(label: "", values: [], flag: false)],
                          grid: [[1, 2], [], [3]], empty: Empty())
        try expectRoundTrips(outer)
    }

    @Test func emptyStruct() throws {
        try expectRoundTrips(Empty())
        try expectRoundTrips([Empty(), Empty()])
        #expect(try encode(Empty()) == [0])
    }

    @Test func arrays() throws {
        try expectRoundTrips([Int]())
        try expectRoundTrips(Array(0 ..< 1000))
        try expectRoundTrips(["a", "", "ccc"])
        try expectRoundTrips([samplePoint, P(id: -1, x: .infinity, name: "second", tags: Array(0 ..< 100))])
        try expectRoundTrips([[1, 2], [], [3, 4, 5]])
        try expectRoundTrips([[["a"], []], [], [["b", "c"]]])
        try expectRoundTrips([[samplePoint], []])
        try expectRoundTrips([[Int]]())
        try expectRoundTrips([[Int]](repeating: [], count: 3))
        try expectRoundTrips(Set([3, 1, 2]))
        try expectRoundTrips(1 ... 9)
    }

    @Test func largeRegionsWidenTheirLength() throws {
        // Regions of 128+ bytes need multi-byte varint lengths patched in after the fact.
        let big = P(id: 1, x: 1, name: String(repeating: "n", count: 300), tags: Array(0 ..< 50))
        try expectRoundTrips(big)
        try expectRoundTrips([big, samplePoint, big])
        try expectRoundTrips(Box(value: [big]))
    }

    @Test func optionals() throws {
        try expectRoundTrips(Optionals(a: nil, b: nil, c: nil, d: nil, e: nil, f: [], g: nil))
        try expectRoundTrips(Optionals(a: 1, b: "b", c: samplePoint, d: [], e: .some(nil), f: [nil, 1, nil], g: Empty()))
        try expectRoundTrips(Optionals(a: 0, b: "", c: nil, d: [1], e: .some(5), f: [0], g: nil))
    }

    @Test func nestedOptionals() throws {
        let values: [Int??] = [.none, .some(.none), .some(.some(0)), .some(.some(-7))]
        for value in values {
            #expect(try roundTrip(value) == value)
            #expect(try roundTrip(Box(value: value)) == Box(value: value))
            #expect(try roundTrip(Wrapper(value)) == Wrapper(value))
        }
        #expect(try roundTrip(values) == values)
        let triple: [Int???] = [.none, .some(.none), .some(.some(.none)), .some(.some(.some(3)))]
        #expect(try roundTrip(triple) == triple)
        #expect(try roundTrip(Box(value: triple)) == Box(value: triple))
    }

    @Test func optionalAPIsAgree() throws {
        try expectRoundTrips(MixedOptionals(color: nil, level: nil, point: nil, nested: nil))
        try expectRoundTrips(MixedOptionals(color: .blue, level: .high, point: samplePoint, nested: .some(nil)))
        try expectRoundTrips(MixedOptionals(color: .red, level: .low, point: nil, nested: .some(3)))
    }

    @Test func handWrittenOptionalsAndKeyOrder() throws {
        try expectRoundTrips(HandWritten(a: nil, b: nil, c: 1))
        try expectRoundTrips(HandWritten(a: 3, b: "x", c: -1))
    }

    @Test func handWrittenUnkeyedNils() throws {
        try expectRoundTrips(HandWrittenUnkeyed(values: ["a", nil, "", nil]))
    }

    @Test func dictionaries() throws {
        try expectRoundTrips(["one": 1, "two": 2, "": 0, "042": 42, "super": 9, "日本": 3])
        try expectRoundTrips([1: "one", -5: "minus five", 0: ""])
        try expectRoundTrips([String: Int]())
        try expectRoundTrips(["outer": ["inner": [1, 2]], "e": [:]])
        try expectRoundTrips([1.5: "unkeyed path", -0.5: "b"])
        try expectRoundTrips(["p": samplePoint])
        try expectRoundTrips([Color.red.rawValue: [Level.low]])
        try expectRoundTrips(Dictionary(uniqueKeysWithValues: (0 ..< 1000).map { ("key\($0)", $0) }))
    }

    @Test func enumsWithAssociatedValues() throws {
        let shapes: [Shape] = [.circle(radius: 1), .rect(width: 2, height: 3), .point, .labeled("x", 5),
                               .maybe(nil), .maybe(4), .group([.point, .group([], name: nil)], name: "g")]
        for shape in shapes { try expectRoundTrips(shape) }
        try expectRoundTrips(Chain(depth: 100))
    }

    @Test func classHierarchies() throws {
        let dog: Animal = Dog(name: "Rex", breed: "collie")
        #expect(try roundTrip(dog as! Dog) == dog)
        #expect(try roundTrip(Bird(name: "Tweety", wingspan: 0.2)) == Bird(name: "Tweety", wingspan: 0.2))
        #expect(try roundTrip(Animal(name: "generic", legs: 6)) == Animal(name: "generic", legs: 6))
        #expect(try roundTrip(Cat(name: "Tom", indoor: true)) == Cat(name: "Tom", indoor: true))
        let nesting = UnkeyedNesting(point: TwoInt32(a: 1, b: -2), list: ["a", "bb"], animal: Animal(name: "Fido", legs: 3), trailer: 99)
        #expect(try roundTrip(nesting) == nesting)
    }
}

@Suite struct Robustness {
    private static var samples: [(name: String, bytes: [UInt8], decode: ([UInt8]) throws -> Void)] {
        func sample<T: Codable>(_ value: T) -> (String, [UInt8], ([UInt8]) throws -> Void) {
            (String(describing: T.self), try! BinaryEncoder().encode(value), { _ = try BinaryDecoder().decode(T.self, from: $0) })
        }
        return [
            sample(samplePoint),
            sample([samplePoint, samplePoint]),
            sample(Outer(p: samplePoint, inner: Inner(label: "i", values: [1], flag: true), list: [], grid: [[1], []], empty: Empty())),
            sample(Optionals(a: 1, b: "b", c: samplePoint, d: [], e: .some(nil), f: [nil, 1], g: Empty())),
            sample(["a": 1, "bb": 2]),
            sample([1: "x"]),
            sample(Shape.group([.circle(radius: 1), .labeled("l", 2)], name: "n")),
            sample(Dog(name: "Rex", breed: "collie")),
            sample(Int??.some(nil)),
            sample(AllScalars()),
            sample(AllScalarsUnkeyed()),
            sample("text"),
            sample(12345),
        ]
    }

    @Test func truncationAtEveryOffsetThrows() throws {
        for sample in Self.samples {
            for length in 0 ..< sample.bytes.count {
                #expect(throws: BinaryCodingError.self, "\(sample.name) cut to \(length) bytes") {
                    try sample.decode(Array(sample.bytes[..<length]))
                }
            }
        }
    }

    @Test func truncatedRegionWithConsistentHeaderNeverCrashes() throws {
        // Rewrites the message length to match the cut, so the inner regions' bounds checks are what
        // stands between the decoder and the missing bytes.
        for sample in Self.samples {
            let body = Array(sample.bytes.drop(while: { $0 >= 0x80 }).dropFirst())
            for length in 0 ..< body.count {
                var message: [UInt8] = []
                var rest = UInt64(length)
                while rest >= 0x80 { message.append(UInt8(truncatingIfNeeded: rest) | 0x80); rest >>= 7 }
                message.append(UInt8(rest))
                message += body[..<length]
                _ = try? sample.decode(message)
            }
        }
    }

    @Test func randomGarbageNeverCrashes() {
        var random = SeededGenerator(state: 0x5EED)
        let samples = Self.samples
        for _ in 0 ..< 20_000 {
            let count = Int.random(in: 0 ... 64, using: &random)
            var garbage = (0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
            for sample in samples {
                _ = try? sample.decode(garbage)
                // Also with a consistent message length, so the bytes reach the value decoders.
                if count > 0 {
                    garbage[0] = UInt8(count - 1)
                    _ = try? sample.decode(garbage)
                }
            }
        }
    }

    @Test func mutatedMessagesNeverCrash() {
        var random = SeededGenerator(state: 42)
        for sample in Self.samples {
            for _ in 0 ..< 3_000 {
                var bytes = sample.bytes
                for _ in 0 ..< Int.random(in: 1 ... 3, using: &random) {
                    bytes[Int.random(in: 0 ..< bytes.count, using: &random)] = UInt8.random(in: 0 ... 255, using: &random)
                }
                _ = try? sample.decode(bytes)
            }
        }
    }

    @Test func absurdLengthsThrowBeforeAllocating() throws {
        let huge: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10] // 2^60
        // A String element announcing about 2^60 bytes inside an otherwise valid [String].
        let strings = [UInt8(huge.count + 1)] + huge + [0x41]
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode([String].self, from: strings) }
        // A [[Int]] element announcing 2^60 - 1 bytes.
        let nested = [UInt8(huge.count + 1)] + huge + [0x41]
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode([[Int]].self, from: nested) }
        // A message length of 2^60.
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(P.self, from: huge) }
        // An 11-byte varint.
        let overlong = [UInt8](repeating: 0xFF, count: 10) + [0x01]
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(Int.self, from: overlong) }
    }

    @Test func deepNestingIsLimited() throws {
        let deep = try encode(Chain(depth: BinaryDecoder.maxDepth + 10))
        let error = try #require(throws: BinaryCodingError.self) { try BinaryDecoder().decode(Chain.self, from: deep) }
        #expect(error.reason.contains("nested more than"))
    }

    @Test func containersUsedAfterTheCallFailCleanly() throws {
        let bytes = try encode(ContainerThief())
        var escapedEncoder = try #require(ContainerThief.keptEncoder)
        try escapedEncoder.encode(2, forKey: .value) // Goes to a fresh buffer nobody reads.
        _ = try BinaryDecoder().decode(ContainerThief.self, from: bytes)
        let escapedDecoder = try #require(ContainerThief.keptDecoder)
        #expect(throws: BinaryCodingError.self) { try escapedDecoder.decode(Int.self, forKey: .value) }
    }

    @Test func invalidContentIsRejected() throws {
        // Bool byte 2.
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(Bool.self, from: [1, 2]) }
        // Invalid UTF-8.
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(String.self, from: [2, 0xC3, 0x28]) }
        // Trailing bytes after a fixed-size value.
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(Int32.self, from: [5, 1, 0, 0, 0, 9]) }
        // A value decoded as the wrong type.
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(Int.self, from: encode(samplePoint)) }
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(P.self, from: encode(Box(value: 1))) }
    }
}

@Suite struct Concurrency {
    @Test func independentCallsRunInParallel() async throws {
        let encoder = BinaryEncoder()
        let decoder = BinaryDecoder()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0 ..< 8 {
                group.addTask {
                    let value = P(id: index, x: Double(index), name: "task \(index)", tags: Array(0 ..< index))
                    for _ in 0 ..< 2_000 where try decoder.decode(P.self, from: encoder.encode(value)) != value {
                        return false
                    }
                    return true
                }
            }
            for try await succeeded in group { #expect(succeeded) }
        }
    }
}

@Suite struct Errors {
    @Test func descriptionsAreOneLineAndLocateTheProblem() throws {
        let truncated = try #require(throws: BinaryCodingError.self) {
            try BinaryDecoder().decode(Int.self, from: [3, 1, 2, 3])
        }
        #expect(truncated.description == "binary decoding failed: unexpected end of data at byte 1 while reading Int (expected 8 bytes, 3 left)")
        #expect(truncated.operation == .decoding)

        var bytes = try encode([samplePoint, samplePoint])
        let nameByte = try #require(bytes.lastIndex(of: UInt8(ascii: "p")))
        bytes[nameByte] = 0xFF
        let utf8 = try #require(throws: BinaryCodingError.self) { try BinaryDecoder().decode([P].self, from: bytes) }
        #expect(utf8.codingPath == ["[1]", "name"])
        #expect(utf8.description.hasPrefix("binary decoding failed at [1].name: invalid UTF-8 in String at byte"))
        #expect(!utf8.description.contains("\n"))

        let missing = try #require(throws: BinaryCodingError.self) {
            try BinaryDecoder().decode(Box<P>.self, from: encode(Box(value: Box(value: 1))))
        }
        #expect(missing.description == "binary decoding failed at value: key 'id' not found")
    }

    @Test func errorsOfDecodedTypesAreWrapped() throws {
        let error = try #require(throws: BinaryCodingError.self) {
            try BinaryDecoder().decode(Box<Color>.self, from: encode(Box(value: "purple")))
        }
        #expect(error.underlyingError is DecodingError)
        #expect(error.codingPath == ["value"])
        #expect(error.description.contains("purple"))
    }

    @Test func interleavedNestedWritesAreRejected() throws {
        let error = try #require(throws: BinaryCodingError.self) { try encode(Interleaved()) }
        #expect(error.operation == .encoding)
    }
}

@Suite struct Layout {
    @Test func compactness() throws {
        // Message length 1 + two entries of header 1 + key 1 + Int32 4.
        #expect(try encode(TwoInt32(a: 1, b: 2)).count == 13)
        // 1 + id (1+2+8) + x (1+1+8) + name (1+4+1+5: "point" needs a length) + tags (1+4+1+24).
        #expect(try encode(samplePoint).count == 63)
        #expect(try encode([1, 2, 3]).count == 25)
        #expect(try encode(Int32(7)) == [4, 7, 0, 0, 0])
        #expect(try encode([Int?.none, 5]) == [10, 0, 9, 5, 0, 0, 0, 0, 0, 0, 0])
        // Unkeyed Strings are prefixed with their length + 1, so that 0 is free to mean nil.
        #expect(try encode(["ab", ""]) == [4, 3, 0x61, 0x62, 1])
    }

    @Test func encodeIntoAppendsAndRestoresOnError() throws {
        var buffer: [UInt8] = [0xAA]
        try BinaryEncoder().encode(Int8(5), into: &buffer)
        try BinaryEncoder().encode(Int8(6), into: &buffer)
        #expect(buffer == [0xAA, 1, 5, 1, 6])
        #expect(throws: BinaryCodingError.self) { try BinaryEncoder().encode(Interleaved(), into: &buffer) }
        #expect(buffer == [0xAA, 1, 5, 1, 6])
        let message = Array(buffer[3...])
        #expect(try BinaryDecoder().decode(Int8.self, from: message) == 6)
    }

    @Test func unsafeBufferEntryPoint() throws {
        let bytes = try encode(samplePoint)
        let decoded = try bytes.withUnsafeBytes { try BinaryDecoder().decode(P.self, from: $0) }
        #expect(decoded == samplePoint)
        #expect(throws: BinaryCodingError.self) { try BinaryDecoder().decode(P.self, from: UnsafeRawBufferPointer(start: nil, count: 0)) }
    }
}
