import MPI

/// Reductions with every predefined operation: reduce at every root, allReduce, scan and exclusive scan,
/// each compared element by element with the fold over ranks 0, 1, … computed serially on every rank.
///
/// The values are chosen so that every result is exact (small integers, dyadic fractions), so a
/// floating-point sum may be combined in any order and still compare equal.
enum ReductionScenarios {
    /// Elements each rank contributes per call: enough that a per-element mix-up shows.
    static let elements = 5

    /// Every predefined operation on every datatype it applies to, on `MPI_COMM_WORLD`, on
    /// `MPI_COMM_SELF`, and on a communicator whose ranks run in the reverse order of the world's (so
    /// that a wrapper mixing up world and communicator ranks fails).
    static func builtin() throws {
        let world = Communicator.world
        let size = try world.size, rank = try world.rank
        guard let reversed = try world.split(color: 0, key: size - 1 - rank) else {
            throw ScenarioFailure("split with a colour returned no communicator")
        }
        let reversedRank = try reversed.rank
        try expect(reversedRank == size - 1 - rank, "reversed communicator: rank \(reversedRank)")
        if comparesUnsignedAsSigned && rank == 0 {
            printToStandardError("note: min and max on UInt8 not checked: MPICH 4.0.2 compares unsigned integers as signed in MPI_MIN and MPI_MAX (pmodels/mpich#6083)")
        }
        for communicator in [world, .selfOnly, reversed] {
            try arithmetic(communicator)
            try logical(communicator)
            try bitwise(communicator)
        }
    }

    /// MINLOC and MAXLOC on the three pair types, with ties broken by the smallest index.
    static func locations() throws {
        let world = Communicator.world
        for communicator in [world, .selfOnly] {
            try check(locationCase(Double.self, .minLocation, "minLocation", values: [2.5, -1.25, 2.5, 0.5]), communicator)
            try check(locationCase(Double.self, .maxLocation, "maxLocation", values: [2.5, -1.25, 2.5, 0.5]), communicator)
            try check(locationCase(Float.self, .minLocation, "minLocation", values: [1.5, -3, 1.5, -3]), communicator)
            try check(locationCase(Float.self, .maxLocation, "maxLocation", values: [1.5, -3, 1.5, 7]), communicator)
            try check(locationCase(Int32.self, .minLocation, "minLocation", values: [4, -9, 4, 0, -9]), communicator)
            try check(locationCase(Int32.self, .maxLocation, "maxLocation", values: [4, -9, 4, 11, 11]), communicator)
        }
        // The rank holding the extreme value, the classic use.
        let rank = try world.rank, size = try world.size
        let load = Double((rank * 3) % size)
        let busiest = try world.allReduce(ValueIndex(load, index: Int32(rank)), .maxLocation)
        let expectedLoad = (0..<size).map { Double(($0 * 3) % size) }.max()!
        let expectedRank = (0..<size).first { Double(($0 * 3) % size) == expectedLoad }!
        try expect(busiest == ValueIndex(expectedLoad, index: Int32(expectedRank)),
                   "maxLocation of the load: got \(busiest), expected \(expectedLoad) at \(expectedRank)")
    }

    /// Whether the MPI library has MPICH 4.0.2's defect: `MPI_MAX(200, 100)` on `MPI_UINT8_T` is 100, on
    /// `MPI_UNSIGNED_LONG` `MIN(0, ULONG_MAX)` is `ULONG_MAX` (reproduced in C with `MPI_Reduce_local`).
    /// Rank 3's bytes exceed 127, so the check fails from 4 ranks on.
    static let comparesUnsignedAsSigned = Environment.libraryVersion.hasPrefix("MPICH Version:\t4.0.2\n")

    // MARK: The cases

    /// Sum, product, minimum and maximum on integers of three widths, bytes and floating point.
    private static func arithmetic(_ communicator: Communicator) throws {
        // Small non-zero values so products stay exact and signs vary.
        let pool = [3, -2, 1, 4, -1, 2, -3]
        func signed(_ rank: Int, _ index: Int) -> Int { pool[(rank * 5 + index * 3) % pool.count] }
        let halves: [Double] = [1.5, -0.25, 2, -1, 0.5, 3, -2.5]
        func real(_ rank: Int, _ index: Int) -> Double { halves[(rank * 3 + index * 5) % halves.count] }
        func byte(_ rank: Int, _ index: Int) -> UInt8 { UInt8((rank * 37 + index * 11 + 5) % 256) }

        for (name, operation) in [("sum", Operation.sum), ("product", .product), ("min", .min), ("max", .max)] {
            try check(ReductionCase<Int32>(name, operation, integerFold(name), { Int32(signed($0, $1)) }, { $0 &+ 1 }), communicator)
            // Large magnitudes, except for the product, which must not overflow.
            let scale: Int64 = name == "product" ? 1 : 1_000_000_007
            try check(ReductionCase<Int64>(name, operation, integerFold(name), { Int64(signed($0, $1)) * scale }, { $0 &+ 1 }), communicator)
            if !(comparesUnsignedAsSigned && (name == "min" || name == "max")) {
                try check(ReductionCase<UInt8>(name, operation, integerFold(name), byte, { $0 &+ 1 }), communicator)
            }
            try check(ReductionCase<Double>(name, operation, realFold(name), real, { $0 + 1000 }), communicator)
            try check(ReductionCase<Float>(name, operation, realFold(name), { Float(real($0, $1)) }, { $0 + 1000 }), communicator)
        }
        try check(ReductionCase<Int>("sum", .sum, { $0 &+ $1 }, { signed($0, $1) << 40 }, { $0 &+ 1 }), communicator)
    }

    /// Logical and, or and exclusive or on `Bool` and on C integers (zero is false, the result 0 or 1).
    private static func logical(_ communicator: Communicator) throws {
        // Element 0 is true everywhere and element 1 false everywhere, so "and" and "or" see both
        // outcomes at every size; the others vary with the rank.
        func flag(_ rank: Int, _ index: Int) -> Bool {
            switch index {
            case 0: true
            case 1: false
            case 2: rank % 2 == 0
            case 3: rank == 1
            default: (rank * 3 + index) % 4 != 0
            }
        }
        let integers: [Int32] = [7, 0, -3, 1, 0, 12]
        func integer(_ rank: Int, _ index: Int) -> Int32 {
            index == 0 ? Int32(rank + 1) : index == 1 ? 0 : integers[(rank * 2 + index) % integers.count]
        }
        let cases: [(String, Operation, (Bool, Bool) -> Bool)] = [
            ("logicalAnd", .logicalAnd, { $0 && $1 }),
            ("logicalOr", .logicalOr, { $0 || $1 }),
            ("logicalXor", .logicalXor, { $0 != $1 }),
        ]
        for (name, operation, combine) in cases {
            try check(ReductionCase<Bool>(name, operation, combine, flag, { !$0 }), communicator)
            try check(ReductionCase<Int32>(name, operation, { combine($0 != 0, $1 != 0) ? 1 : 0 }, integer, { $0 &+ 100 }),
                      communicator)
        }
    }

    /// Bitwise and, or and exclusive or on `Int` (64-bit patterns), bytes and fixed-width integers.
    private static func bitwise(_ communicator: Communicator) throws {
        func pattern(_ rank: Int, _ index: Int) -> UInt64 {
            // A multiplicative hash: every bit position varies across ranks.
            (UInt64(rank + 1) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(index + 1) &* 0xC2B2_AE3D_27D4_EB4F)
        }
        let cases: [(String, Operation, (UInt64, UInt64) -> UInt64)] = [
            ("bitwiseAnd", .bitwiseAnd, { $0 & $1 }),
            ("bitwiseOr", .bitwiseOr, { $0 | $1 }),
            ("bitwiseXor", .bitwiseXor, { $0 ^ $1 }),
        ]
        for (name, operation, combine) in cases {
            try check(ReductionCase<Int>(name, operation,
                                         { Int(bitPattern: UInt(combine(UInt64(UInt(bitPattern: $0)), UInt64(UInt(bitPattern: $1))))) },
                                         { Int(bitPattern: UInt(pattern($0, $1))) }, { $0 ^ 1 }), communicator)
            try check(ReductionCase<UInt8>(name, operation, { UInt8(combine(UInt64($0), UInt64($1))) },
                                           { UInt8(truncatingIfNeeded: pattern($0, $1) >> 7) }, { $0 ^ 1 }), communicator)
            try check(ReductionCase<Int32>(name, operation,
                                           { Int32(truncatingIfNeeded: combine(UInt64(UInt32(bitPattern: $0)), UInt64(UInt32(bitPattern: $1)))) },
                                           { Int32(truncatingIfNeeded: pattern($0, $1) >> 13) }, { $0 ^ 1 }), communicator)
            try check(ReductionCase<Int64>(name, operation,
                                           { Int64(bitPattern: combine(UInt64(bitPattern: $0), UInt64(bitPattern: $1))) },
                                           { Int64(bitPattern: pattern($0, $1)) }, { $0 ^ 1 }), communicator)
        }
    }

    /// MINLOC or MAXLOC: values repeat across ranks, and the indices run downwards (100 − rank), so
    /// a tie must pick the *smallest index*, which is not the earliest rank.
    private static func locationCase<V: MPIType & Comparable & BinaryFloatingPoint>(
        _: V.Type, _ operation: Operation, _ name: String, values: [V]
    ) -> ReductionCase<ValueIndex<V>> {
        locationCase(operation, name, minimum: name == "minLocation") { rank, index in
            ValueIndex(values[(rank + index) % values.count], index: Int32(100 - rank))
        }
    }

    private static func locationCase(
        _: Int32.Type, _ operation: Operation, _ name: String, values: [Int32]
    ) -> ReductionCase<ValueIndex<Int32>> {
        locationCase(operation, name, minimum: name == "minLocation") { rank, index in
            ValueIndex(values[(rank + 2 * index) % values.count], index: Int32(100 - rank))
        }
    }

    private static func locationCase<V: MPIType & Comparable>(
        _ operation: Operation, _ name: String, minimum: Bool, _ value: @escaping (Int, Int) -> ValueIndex<V>
    ) -> ReductionCase<ValueIndex<V>> {
        ReductionCase(name, operation, { earlier, later in
            if earlier.value == later.value { return ValueIndex(earlier.value, index: Swift.min(earlier.index, later.index)) }
            return (earlier.value < later.value) == minimum ? earlier : later
        }, value, { ValueIndex($0.value, index: $0.index &+ 1000) })
    }

    /// The serial combination for an arithmetic operation on integers, wrapping like C's unsigned
    /// arithmetic (the values keep signed results in range).
    private static func integerFold<T: FixedWidthInteger>(_ name: String) -> (T, T) -> T {
        switch name {
        case "sum": { $0 &+ $1 }
        case "product": { $0 &* $1 }
        case "min": { Swift.min($0, $1) }
        default: { Swift.max($0, $1) }
        }
    }

    private static func realFold<T: BinaryFloatingPoint>(_ name: String) -> (T, T) -> T {
        switch name {
        case "sum": { $0 + $1 }
        case "product": { $0 * $1 }
        case "min": { Swift.min($0, $1) }
        default: { Swift.max($0, $1) }
        }
    }

    // MARK: The check

    /// Runs one operation through every reduction entry point and compares with the serial fold.
    static func check<T: MPIType & Equatable>(_ reduction: ReductionCase<T>, _ communicator: Communicator) throws {
        let rank = try communicator.rank, size = try communicator.size
        let label = "\(reduction.name) on \(T.self) (size \(size))"
        let mine = reduction.contribution(rank, count: elements)
        let total = reduction.fold(0..<size, count: elements)
        let prefix = reduction.fold(0..<(rank + 1), count: elements)
        // A value that differs from the expected one in every element: what "untouched" looks like.
        let sentinel = total.map(reduction.other)

        for root in 0..<size {
            // Out of place; a result one element longer keeps its extra element.
            var result = sentinel + [reduction.other(mine[0])]
            try communicator.reduce(mine, into: &result, reduction.operation, root: root)
            if rank == root {
                try expect(Array(result.prefix(elements)) == total, "\(label): reduce at root \(root) gave \(result), expected \(total)")
                try expect(result.last == reduction.other(mine[0]), "\(label): reduce wrote past the input count")
            } else {
                try expect(Array(result.prefix(elements)) == sentinel,
                           "\(label): reduce to root \(root) changed the result buffer of rank \(rank): \(result)")
            }

            // In place at the root: equal to out of place; other ranks' buffers are only read.
            var buffer = ContiguousArray(mine)
            try communicator.reduce(inPlace: &buffer, reduction.operation, root: root)
            try expect(Array(buffer) == (rank == root ? total : mine),
                       "\(label): in-place reduce at root \(root) left \(Array(buffer)) on rank \(rank)")

            // An ArraySlice source, a ContiguousArray result.
            var contiguous = ContiguousArray(sentinel)
            let padded = [reduction.other(mine[0])] + mine + [reduction.other(mine[0])]
            try communicator.reduce(padded[1...elements], into: &contiguous, reduction.operation, root: root)
            try expect(Array(contiguous) == (rank == root ? total : sentinel),
                       "\(label): reduce of a slice at root \(root) gave \(Array(contiguous))")

            let single = try communicator.reduce(mine[0], reduction.operation, root: root)
            try expect(single == (rank == root ? total[0] : nil),
                       "\(label): single-value reduce at root \(root) gave \(String(describing: single))")
        }

        var result = sentinel + [reduction.other(mine[0])]
        try communicator.allReduce(mine, into: &result, reduction.operation)
        try expect(Array(result.prefix(elements)) == total, "\(label): allReduce gave \(result), expected \(total)")
        try expect(result.last == reduction.other(mine[0]), "\(label): allReduce wrote past the input count")

        var inPlace = mine
        try communicator.allReduce(inPlace: &inPlace, reduction.operation)
        try expect(inPlace == total, "\(label): in-place allReduce gave \(inPlace), expected \(total)")

        let returned = try communicator.allReduce(mine, reduction.operation)
        try expect(returned == total, "\(label): allReduce returning an array gave \(returned)")
        let returnedFromSlice = try communicator.allReduce(mine[1...], reduction.operation)
        try expect(returnedFromSlice == Array(total[1...]), "\(label): allReduce of a slice gave \(returnedFromSlice)")

        let single = try communicator.allReduce(mine[0], reduction.operation)
        try expect(single == total[0], "\(label): single-value allReduce gave \(single), expected \(total[0])")

        var scanned = sentinel
        try communicator.scan(mine, into: &scanned, reduction.operation)
        try expect(scanned == prefix, "\(label): scan gave \(scanned), expected \(prefix)")
        var scannedInPlace = mine
        try communicator.scan(inPlace: &scannedInPlace, reduction.operation)
        try expect(scannedInPlace == prefix, "\(label): in-place scan gave \(scannedInPlace), expected \(prefix)")
        let scannedSingle = try communicator.scan(mine[0], reduction.operation)
        try expect(scannedSingle == prefix[0], "\(label): single-value scan gave \(scannedSingle)")

        var exclusive = sentinel
        try communicator.exclusiveScan(mine, into: &exclusive, reduction.operation)
        if rank == 0 {
            try expect(exclusive == sentinel, "\(label): exclusiveScan changed rank 0's result: \(exclusive)")
        } else {
            let expected = reduction.fold(0..<rank, count: elements)
            try expect(exclusive == expected, "\(label): exclusiveScan gave \(exclusive), expected \(expected)")
        }
        let exclusiveSingle = try communicator.exclusiveScan(mine[0], reduction.operation)
        try expect(exclusiveSingle == (rank == 0 ? nil : reduction.fold(0..<rank, count: 1)[0]),
                   "\(label): single-value exclusiveScan gave \(String(describing: exclusiveSingle))")
    }
}

/// One operation on one element type, with its serial definition.
struct ReductionCase<T: MPIType & Equatable> {
    let name: String
    let operation: Operation
    /// The serial combination of an earlier rank's value with a later rank's.
    let combine: (T, T) -> T
    /// The value rank `r` contributes at index `i`.
    let value: (Int, Int) -> T
    /// A value different from its argument, for filling buffers that must stay untouched.
    let other: (T) -> T

    init(_ name: String, _ operation: Operation, _ combine: @escaping (T, T) -> T,
         _ value: @escaping (Int, Int) -> T, _ other: @escaping (T) -> T) {
        self.name = name
        self.operation = operation
        self.combine = combine
        self.value = value
        self.other = other
    }

    func contribution(_ rank: Int, count: Int) -> [T] { (0..<count).map { value(rank, $0) } }

    /// The left fold over `ranks`, element by element: `((x₀ ∘ x₁) ∘ x₂) …`.
    func fold(_ ranks: Range<Int>, count: Int) -> [T] {
        (0..<count).map { index in
            ranks.dropFirst().reduce(value(ranks.lowerBound, index)) { combine($0, value($1, index)) }
        }
    }
}
