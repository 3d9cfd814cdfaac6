
// Types exercising the Codable shapes the format must support.

struct P: Codable, Equatable {
    var id: Int
    var x: Double
    var name: String
    var tags: [Int]
}

/// A synthesized keyed struct with a generic field, so its value goes through `encode<T>(_:forKey:)`.
struct Box<T: Codable & Equatable>: Codable, Equatable {
    var value: T
}

/// A value encoded through a single-value container with the generic `encode<T>`.
struct Wrapper<T: Codable & Equatable>: Codable, Equatable {
    var value: T

    init(_ value: T) { self.value = value }

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(T.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Every primitive through the concrete keyed overloads.
struct AllScalars: Codable, Equatable {
    var bool = true
    var int = Int.min
    var int8 = Int8.min
    var int16 = Int16.min
    var int32 = Int32.min
    var int64 = Int64.max
    var int128 = Int128.min
    var uint = UInt.max
    var uint8 = UInt8.max
    var uint16 = UInt16.max
    var uint32 = UInt32.max
    var uint64 = UInt64.max
    var uint128 = UInt128.max
    var float: Float = -1.5
    var double = Double.pi
    var string = "héllo"
}

/// Every primitive through the concrete unkeyed overloads.
struct AllScalarsUnkeyed: Codable, Equatable {
    var scalars = AllScalars()

    init() {}

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        scalars = AllScalars(
            bool: try c.decode(Bool.self), int: try c.decode(Int.self), int8: try c.decode(Int8.self),
            int16: try c.decode(Int16.self), int32: try c.decode(Int32.self), int64: try c.decode(Int64.self),
            int128: try c.decode(Int128.self), uint: try c.decode(UInt.self), uint8: try c.decode(UInt8.self),
            uint16: try c.decode(UInt16.self), uint32: try c.decode(UInt32.self), uint64: try c.decode(UInt64.self),
            uint128: try c.decode(UInt128.self), float: try c.decode(Float.self), double: try c.decode(Double.self),
            string: try c.decode(String.self))
        guard c.isAtEnd else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "trailing elements") }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        let s = scalars
        try c.encode(s.bool); try c.encode(s.int); try c.encode(s.int8); try c.encode(s.int16)
        try c.encode(s.int32); try c.encode(s.int64); try c.encode(s.int128); try c.encode(s.uint)
        try c.encode(s.uint8); try c.encode(s.uint16); try c.encode(s.uint32); try c.encode(s.uint64)
        try c.encode(s.uint128); try c.encode(s.float); try c.encode(s.double); try c.encode(s.string)
    }
}

struct Empty: Codable, Equatable {}

struct TwoInt32: Codable, Equatable {
    var a: Int32
    var b: Int32
}

struct Inner: Codable, Equatable {
    var label: String
    var values: [Double]
    var flag: Bool
}

struct Outer: Codable, Equatable {
    var p: P
    var inner: Inner
    var list: [Inner]
    var grid: [[Int]]
    var empty: Empty
}

struct Optionals: Codable, Equatable {
    var a: Int?
    var b: String?
    var c: P?
    var d: [Int]?
    var e: Int??
    var f: [Int?]
    var g: Empty?
}

enum Shape: Codable, Equatable {
    case circle(radius: Double)
    case rect(width: Double, height: Double)
    case point
    case labeled(String, Int)
    case maybe(Int?)
    indirect case group([Shape], name: String?)
}

enum Color: String, Codable, Equatable {
    case red, green, blue
}

enum Level: Int, Codable, Equatable {
    case low = 1, high = 1_000_000
}

indirect enum Chain: Codable, Equatable {
    case end
    case link(Chain)

    init(depth: Int) {
        self = .end
        for _ in 0 ..< depth { self = .link(self) }
    }
}

class Animal: Codable, Equatable {
    var name: String
    var legs: Int

    init(name: String, legs: Int) {
        self.name = name
        self.legs = legs
    }

    static func == (lhs: Animal, rhs: Animal) -> Bool {
        type(of: lhs) == type(of: rhs) && lhs.isEqual(to: rhs)
    }

    func isEqual(to other: Animal) -> Bool {
        name == other.name && legs == other.legs
    }
}

/// Stores its superclass through `superEncoder()`, written after and read before its own field.
final class Dog: Animal {
    var breed: String

    init(name: String, breed: String) {
        self.breed = breed
        super.init(name: name, legs: 4)
    }

    private enum CodingKeys: String, CodingKey { case breed }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        breed = try container.decode(String.self, forKey: .breed)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(breed, forKey: .breed)
        try super.encode(to: container.superEncoder())
    }

    override func isEqual(to other: Animal) -> Bool {
        super.isEqual(to: other) && breed == (other as? Dog)?.breed
    }
}

/// Shares its encoder with the superclass (one keyed container), super written first but read last.
final class Bird: Animal {
    var wingspan: Double

    init(name: String, wingspan: Double) {
        self.wingspan = wingspan
        super.init(name: name, legs: 2)
    }

    private enum CodingKeys: String, CodingKey { case wingspan }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        wingspan = try container.decode(Double.self, forKey: .wingspan)
        try super.init(from: decoder)
    }

    override func encode(to encoder: any Encoder) throws {
        try super.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(wingspan, forKey: .wingspan)
    }

    override func isEqual(to other: Animal) -> Bool {
        super.isEqual(to: other) && wingspan == (other as? Bird)?.wingspan
    }
}

/// Hand-written keyed coding that encodes optionals with `encode` / `encodeNil` and decodes them
/// in a different order with `decodeIfPresent`, `decodeNil` and `contains`.
struct HandWritten: Codable, Equatable {
    var a: Int?
    var b: String?
    var c: Double

    private enum CodingKeys: String, CodingKey { case a, b, c, missing }

    init(a: Int?, b: String?, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        c = try container.decode(Double.self, forKey: .c)
        guard container.contains(.a), container.contains(.b), !container.contains(.missing),
              try container.decodeIfPresent(Int.self, forKey: .missing) == nil else {
            throw DecodingError.dataCorruptedError(forKey: .missing, in: container, debugDescription: "unexpected keys")
        }
        b = try container.decodeNil(forKey: .b) ? nil : container.decode(String.self, forKey: .b)
        a = try container.decodeIfPresent(Int.self, forKey: .a)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(a, forKey: .a)
        if let b { try container.encode(b, forKey: .b) } else { try container.encodeNil(forKey: .b) }
        try container.encode(c, forKey: .c)
    }
}

/// Uses every nesting API of the unkeyed containers.
struct UnkeyedNesting: Codable, Equatable {
    var point: TwoInt32
    var list: [String]
    var animal: Animal
    var trailer: Int

    private enum PointKeys: String, CodingKey { case a, b }

    init(point: TwoInt32, list: [String], animal: Animal, trailer: Int) {
        self.point = point
        self.list = list
        self.animal = animal
        self.trailer = trailer
    }

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let keyed = try c.nestedContainer(keyedBy: PointKeys.self)
        var unkeyed = try c.nestedUnkeyedContainer()
        animal = try Animal(from: c.superDecoder())
        // The parent is read past the nested containers before they are read: decoding allows any order.
        trailer = try c.decode(Int.self)
        point = TwoInt32(a: try keyed.decode(Int32.self, forKey: .a), b: try keyed.decode(Int32.self, forKey: .b))
        var list: [String] = []
        while !unkeyed.isAtEnd { list.append(try unkeyed.decode(String.self)) }
        self.list = list
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        var keyed = c.nestedContainer(keyedBy: PointKeys.self)
        try keyed.encode(point.a, forKey: .a)
        try keyed.encode(point.b, forKey: .b)
        var unkeyed = c.nestedUnkeyedContainer()
        for item in list { try unkeyed.encode(item) }
        try animal.encode(to: c.superEncoder())
        try c.encode(trailer)
    }
}

/// Writes to a nested container after writing to its parent again, which streaming cannot support.
struct Interleaved: Encodable {
    private enum Keys: String, CodingKey { case nested, plain }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var nested = container.nestedUnkeyedContainer(forKey: .nested)
        try nested.encode(1)
        try container.encode(2, forKey: .plain)
        try nested.encode(3)
    }
}

/// Mixes the optional APIs across encoding and decoding (`encode(Optional)` read by `decodeIfPresent`,
/// `encodeIfPresent` read by `decode(T?.self)`), which must agree for every kind of wrapped value.
struct MixedOptionals: Codable, Equatable {
    var color: Color?
    var level: Level?
    var point: P?
    var nested: Int??

    private enum CodingKeys: String, CodingKey { case color, level, point, nested }

    init(color: Color?, level: Level?, point: P?, nested: Int??) {
        self.color = color
        self.level = level
        self.point = point
        self.nested = nested
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        color = try container.decodeIfPresent(Color.self, forKey: .color)
        level = container.contains(.level) ? try container.decode(Level?.self, forKey: .level) : nil
        point = try container.decodeIfPresent(P.self, forKey: .point)
        nested = try container.decodeIfPresent(Int?.self, forKey: .nested)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(color, forKey: .color)
        try container.encodeIfPresent(level, forKey: .level)
        try container.encode(point, forKey: .point)
        try container.encode(nested, forKey: .nested)
    }
}

/// Stores its superclass under its own key with `superEncoder(forKey:)`.
final class Cat: Animal {
    var indoor: Bool

    init(name: String, indoor: Bool) {
        self.indoor = indoor
        super.init(name: name, legs: 4)
    }

    private enum CodingKeys: String, CodingKey { case indoor, base }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        indoor = try container.decode(Bool.self, forKey: .indoor)
        try super.init(from: container.superDecoder(forKey: .base))
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try super.encode(to: container.superEncoder(forKey: .base))
        try container.encode(indoor, forKey: .indoor)
    }

    override func isEqual(to other: Animal) -> Bool {
        super.isEqual(to: other) && indoor == (other as? Cat)?.indoor
    }
}

/// Writes nils into an unkeyed container by hand and reads them back with `decodeNil()`.
struct HandWrittenUnkeyed: Codable, Equatable {
    var values: [String?]

    init(values: [String?]) { self.values = values }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var values: [String?] = []
        while !container.isAtEnd {
            values.append(try container.decodeNil() ? nil : container.decode(String.self))
        }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for value in values {
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }
}

/// Keeps its containers beyond `encode(to:)` / `init(from:)`, which must not compromise memory safety.
final class ContainerThief: Codable {
    nonisolated(unsafe) static var keptEncoder: KeyedEncodingContainer<Keys>?
    nonisolated(unsafe) static var keptDecoder: KeyedDecodingContainer<Keys>?

    enum Keys: String, CodingKey { case value }

    init() {}

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        _ = try container.decode(Int.self, forKey: .value)
        Self.keptDecoder = container
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(1, forKey: .value)
        Self.keptEncoder = container
    }
}
