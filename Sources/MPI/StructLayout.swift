import CMPI

// Struct layouts (MPI 3.1, section 4.1.2, with `MPI_Type_create_resized` from 4.1.7): the MPI datatype
// of a Swift struct, declared with key paths and checked against what Swift actually lays out.

extension Datatype {
    /// One stored property of a struct in a ``Datatype/layout(of:_:)``.
    ///
    /// Create fields with ``field(_:)`` for a property of an ``MPIType``, or ``field(_:count:of:)`` for a
    /// fixed-size array stored as a homogeneous tuple (which is how C arrays in imported structs appear).
    public struct Field<Root> {
        /// The key path, for error messages.
        let keyPath: PartialKeyPath<Root>
        /// The property's byte offset in `Root`, or `nil` when it is not a stored property.
        let offset: Int?
        /// The property's type, compared with what `Mirror` finds at its place.
        let valueType: Any.Type
        /// The size of the property in bytes.
        let size: Int
        /// The number of `datatype` elements the property holds.
        let count: Int
        /// The MPI datatype of one element of the property.
        let datatype: Datatype
        /// Checks the property's value in a zero-filled struct; `nil` when there is nothing to check.
        let checkValue: ((Any) -> String?)?

        /// A stored property whose type has an MPI datatype.
        ///
        /// - Parameter keyPath: The stored property.
        /// - Returns: The field.
        ///
        /// The corresponding MPI datatype is the value type's ``MPIType/mpiDatatype``.
        public static func field<Value: MPIType>(_ keyPath: KeyPath<Root, Value>) -> Field {
            Field(
                keyPath: keyPath, offset: MemoryLayout<Root>.offset(of: keyPath), valueType: Value.self,
                size: MemoryLayout<Value>.size, count: 1, datatype: Value.mpiDatatype, checkValue: nil)
        }

        /// A stored property holding `count` values of an ``MPIType``: a homogeneous tuple such as
        /// `(Double, Double, Double)`, declared with `.field(\.position, count: 3, of: Double.self)`.
        ///
        /// - Parameters:
        ///   - keyPath: The stored property.
        ///   - count: The number of values it holds.
        ///   - element: The type of each value.
        /// - Returns: The field.
        ///
        /// The corresponding MPI datatype is `count` copies of the element type's ``MPIType/mpiDatatype``.
        public static func field<Value, Element: MPIType>(
            _ keyPath: KeyPath<Root, Value>, count: Int, of element: Element.Type
        ) -> Field {
            Field(
                keyPath: keyPath, offset: MemoryLayout<Root>.offset(of: keyPath), valueType: Value.self,
                size: MemoryLayout<Value>.size, count: count, datatype: Element.mpiDatatype,
                checkValue: { value in
                    let elements = Mirror(reflecting: value)
                    guard elements.displayStyle == .tuple, elements.children.count == count,
                          elements.children.allSatisfy({ type(of: $0.value) == Element.self }) else {
                        return "\(Value.self) is not a tuple of \(count) \(Element.self) values"
                    }
                    return nil
                })
        }
    }

    /// The MPI datatype of a struct, built from its stored properties and checked against its memory
    /// layout, so that arrays of the struct can be sent and received in place.
    ///
    /// Declare every stored property once, in any order; the offsets come from `MemoryLayout`:
    ///
    /// ```swift
    /// struct Particle: MPIType {
    ///     var x: Double
    ///     var id: Int32
    ///     var alive: Bool
    ///     var mass: Float
    ///     static let mpiDatatype = try! Datatype.layout(of: Particle.self, [
    ///         .field(\.x), .field(\.id), .field(\.alive), .field(\.mass),
    ///     ])
    /// }
    /// ```
    ///
    /// Keep the result in a `static let`, as above: it is built once, on first use (after MPI is
    /// initialised), and every message of the type then shares it.
    ///
    /// The datatype covers the fields only, so padding bytes are never transferred, and its extent is
    /// `MemoryLayout<S>.stride`, so consecutive structs of an array follow each other as in Swift. Its
    /// ``size()`` is the sum of the fields' sizes, which may be less than `MemoryLayout<S>.size`.
    ///
    /// - Throws: An error of class ``ErrorClass/type`` when `S` is not a trivial struct (it holds
    ///   references or is not a struct), a key path is not a stored property, two fields overlap or are
    ///   declared twice, a stored property is not declared or has another type than declared, or a
    ///   field's datatype does not fit inside the property.
    /// - Parameters:
    ///   - type: The struct.
    ///   - fields: Every stored property the datatype includes.
    /// - Returns: The committed datatype, whose extent is `MemoryLayout<S>.stride`.
    ///
    /// The corresponding MPI functions are `MPI_Type_create_struct` and `MPI_Type_create_resized`.
    public static func layout<S>(of type: S.Type, _ fields: [Field<S>]) throws(MPIError) -> Datatype {
        try Environment.checkActive()
        guard _isPOD(S.self) else {
            throw MPIError(.type, "\(S.self) holds references or other non-trivial values; MPI can only move plain data")
        }
        var placed: [(offset: Int, field: Field<S>)] = []
        for field in fields {
            guard let offset = field.offset else {
                throw MPIError(.type, "\(field.keyPath) is not a stored property of \(S.self)")
            }
            guard field.count >= 1, field.size > 0 else {
                throw MPIError(.type, "\(field.keyPath) holds no data (\(field.count) elements, \(field.size) bytes)")
            }
            placed.append((offset, field))
        }
        placed.sort { $0.offset < $1.offset }

        for (index, (offset, field)) in placed.enumerated() {
            if index + 1 < placed.count, offset + field.size > placed[index + 1].offset {
                let next = placed[index + 1].field
                throw MPIError(.type, placed[index + 1].offset == offset
                    ? "\(field.keyPath) is declared twice, or overlaps \(next.keyPath)"
                    : "\(field.keyPath) at bytes \(offset)..<\(offset + field.size) overlaps \(next.keyPath)")
            }
            guard offset + field.size <= MemoryLayout<S>.size else {
                throw MPIError(.type, "\(field.keyPath) reaches past the \(MemoryLayout<S>.size) bytes of \(S.self)")
            }
            do {
                try field.datatype.checkFits(count: field.count, inBufferOf: field.size)
            } catch {
                throw MPIError(.type, "the datatype of \(field.keyPath) does not fit its \(field.size) bytes: \(error.message)")
            }
        }
        try checkStoredProperties(of: S.self, against: placed)

        let packed = try Datatype.structure(
            blockLengths: placed.map(\.field.count), byteDisplacements: placed.map(\.offset),
            types: placed.map(\.field.datatype))
        return try packed.resized(lowerBound: 0, extent: MemoryLayout<S>.stride)
    }

    /// Checks, with `Mirror` on a zero-filled value, that the fields are exactly the stored properties of
    /// `S`: each property, placed as Swift lays out a struct (in declaration order, each at the next offset
    /// its alignment allows), must be declared at its offset with its type.
    private static func checkStoredProperties<S>(
        of type: S.Type, against fields: [(offset: Int, field: Field<S>)]
    ) throws(MPIError) {
        // Sound for a trivial type: zero bytes are a valid value of its integers, floats and Bools.
        let zero = withUnsafeTemporaryAllocation(
            byteCount: max(MemoryLayout<S>.size, 1), alignment: MemoryLayout<S>.alignment
        ) { bytes in
            bytes.initializeMemory(as: UInt8.self, repeating: 0)
            return bytes.load(as: S.self)
        }
        let mirror = Mirror(reflecting: zero)
        guard mirror.displayStyle == .struct else {
            throw MPIError(.type, "\(S.self) is not a struct; only structs have a layout")
        }
        var declared = Dictionary(uniqueKeysWithValues: fields.map { ($0.offset, $0.field) })
        var end = 0
        for (index, property) in mirror.children.enumerated() {
            let name = property.label ?? "#\(index)"
            let actual = Swift.type(of: property.value)
            let (size, alignment) = memoryLayout(of: actual)
            guard size > 0 else { continue }
            let offset = (end + alignment - 1) / alignment * alignment
            end = offset + size
            guard let field = declared.removeValue(forKey: offset) else {
                throw MPIError(.type,
                    "stored property '\(name)' (\(actual), bytes \(offset)..<\(end)) of \(S.self) is not declared in its layout")
            }
            guard actual == field.valueType else {
                throw MPIError(.type,
                    "stored property '\(name)' of \(S.self) is \(actual), but the layout declares \(field.keyPath) of type \(field.valueType) at its offset")
            }
            if let problem = field.checkValue?(property.value) {
                throw MPIError(.type, "\(field.keyPath): \(problem)")
            }
        }
        guard end == MemoryLayout<S>.size else {
            throw MPIError(.type, "the stored properties of \(S.self) do not add up to its \(MemoryLayout<S>.size) bytes")
        }
        if let (_, field) = declared.min(by: { $0.key < $1.key }) {
            throw MPIError(.type, "\(field.keyPath) is not a stored property of \(S.self) itself")
        }
    }
}

/// The size and alignment of a type known only at run time.
private func memoryLayout(of type: Any.Type) -> (size: Int, alignment: Int) {
    func measure<T>(_: T.Type) -> (size: Int, alignment: Int) { (MemoryLayout<T>.size, MemoryLayout<T>.alignment) }
    return measure(type)
}
