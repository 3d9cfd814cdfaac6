import MPI

/// A 2×2 integer matrix. Multiplication (wrapping, so it never traps) is associative but not
/// commutative: the reduction of a non-commutative user operation must be the left fold in rank order.
struct Matrix2: MPIType, Equatable, CustomStringConvertible {
    var a, b, c, d: Int64

    /// Four `Int64` in a row. Created once: a user operation remembers the datatype it was made for.
    static let datatype: Datatype = try! Datatype.contiguous(count: 4, of: .int64)
    static var mpiDatatype: Datatype { datatype }

    static func * (left: Matrix2, right: Matrix2) -> Matrix2 {
        Matrix2(a: left.a &* right.a &+ left.b &* right.c, b: left.a &* right.b &+ left.b &* right.d,
                c: left.c &* right.a &+ left.d &* right.c, d: left.c &* right.b &+ left.d &* right.d)
    }

    var description: String { "[[\(a), \(b)], [\(c), \(d)]]" }
}

/// User-defined reduction operations: non-commutative ones follow rank order, commutative ones combine
/// correctly, misuse throws, and the pool of operations is finite but reusable.
enum UserOperationScenarios {
    static func userOperations() throws {
        let world = Communicator.world
        let size = try world.size, rank = try world.rank
        guard let reversed = try world.split(color: 0, key: size - 1 - rank) else {
            throw ScenarioFailure("split with a colour returned no communicator")
        }
        for communicator in [world, reversed, .selfOnly] {
            try matrixProduct(communicator)
            try concatenation(communicator)
            try commutative(communicator)
        }
        try wrongDatatype(world)
        try limit(world)
    }

    /// Matrix products through every reduction entry point, compared with the serial left fold.
    private static func matrixProduct(_ communicator: Communicator) throws {
        let size = try communicator.size
        let multiply = try Operation(of: Matrix2.self, commutative: false) { $0 * $1 }
        try expect(try !multiply.isCommutative(), "a non-commutative operation reports itself commutative")
        let product = ReductionCase<Matrix2>("matrix product", multiply, { $0 * $1 }, { rank, index in
            Matrix2(a: Int64(rank + 1), b: Int64(index + 2), c: Int64((rank * 3 + index) % 5 - 2), d: Int64(1 - rank))
        }, { Matrix2(a: $0.a &+ 1, b: $0.b, c: $0.c, d: $0.d) })
        if size > 1 {
            // The check is only worth something if the other order gives another answer.
            let backwards = (0..<size).reversed().map { product.value($0, 0) }.reduce(Matrix2(a: 1, b: 0, c: 0, d: 1), *)
            try expect(backwards != product.fold(0..<size, count: 1)[0], "these matrices commute: the check would prove nothing")
        }
        try ReductionScenarios.check(product, communicator)
    }

    /// Decimal concatenation of non-zero digits, an associative, non-commutative operation on `Int64`:
    /// rank `r` contributes the digit `r % 9 + 1`, so at 7 ranks the result is 1234567.
    private static func concatenation(_ communicator: Communicator) throws {
        let rank = try communicator.rank, size = try communicator.size
        @Sendable func concatenate(_ earlier: Int64, _ later: Int64) -> Int64 {
            var scale: Int64 = 1
            while scale <= later { scale *= 10 }
            return earlier &* scale &+ later
        }
        let operation = try Operation(of: Int64.self, commutative: false, concatenate)
        let digits = ReductionCase<Int64>("concatenation", operation, concatenate, { rank, index in
            Int64((rank + index) % 9 + 1)
        }, { $0 &+ 1 })
        try ReductionScenarios.check(digits, communicator)

        let all = try communicator.allReduce(Int64(rank % 9 + 1), operation)
        let literal = Int64((0..<size).map { String($0 % 9 + 1) }.joined())!
        try expect(all == literal, "concatenation over \(size) ranks gave \(all), expected \(literal)")
        let prefix = try communicator.scan(Int64(rank % 9 + 1), operation)
        try expect(prefix == Int64((0...rank).map { String($0 % 9 + 1) }.joined())!, "concatenating scan gave \(prefix)")

        // Reduce-scatter applies the operation in rank order too.
        var block = [Int64](repeating: 0, count: 2)
        try communicator.reduceScatterBlock((0..<(2 * size)).map { Int64((rank + $0) % 9 + 1) }, into: &block, operation)
        let expectedBlock = (0..<2).map { digits.fold(0..<size, count: 2 * size)[rank * 2 + $0] }
        try expect(block == expectedBlock, "reduceScatterBlock with concatenation gave \(block), expected \(expectedBlock)")
    }

    /// Commutative operations, one per element and one per buffer.
    private static func commutative(_ communicator: Communicator) throws {
        @Sendable func largestMagnitude(_ x: Int32, _ y: Int32) -> Int32 {
            x.magnitude != y.magnitude ? (x.magnitude > y.magnitude ? x : y) : Swift.max(x, y)
        }
        let magnitude = try Operation(of: Int32.self, commutative: true, largestMagnitude)
        try expect(try magnitude.isCommutative(), "a commutative operation reports itself non-commutative")
        try ReductionScenarios.check(ReductionCase<Int32>("largest magnitude", magnitude, largestMagnitude, { rank, index in
            Int32([3, -7, 7, -2, 5, -5, 1][(rank * 2 + index) % 7])
        }, { $0 &+ 1 }), communicator)

        @Sendable func gcd(_ x: Int64, _ y: Int64) -> Int64 {
            var (a, b) = (x.magnitude, y.magnitude)
            while b != 0 { (a, b) = (b, a % b) }
            return Int64(a)
        }
        let divisor = try Operation(of: Int64.self, commutative: true, combiningBuffers: { incoming, accumulated in
            for index in accumulated.indices { accumulated[index] = gcd(incoming[index], accumulated[index]) }
        })
        let primes: [Int64] = [2, 3, 5, 7, 11, 13, 17, 19]
        try ReductionScenarios.check(ReductionCase<Int64>("gcd", divisor, gcd, { rank, index in
            Int64(index + 2) * 12 * primes[rank % primes.count]
        }, { $0 &+ 1 }), communicator)
    }

    /// An operation made for one type, used on another, throws `.operation` before reaching MPI — on
    /// every rank, so no rank waits.
    private static func wrongDatatype(_ world: Communicator) throws {
        let size = try world.size
        let sum64 = try Operation(of: Int64.self, commutative: true) { $0 &+ $1 }
        var doubles = [Double](repeating: 0, count: 2)
        let input = [1.0, 2.0]
        try expectError(.operation, "reduce with an Int64 operation on Double") {
            try world.reduce(input, into: &doubles, sum64, root: 0)
        }
        try expectError(.operation, "in-place reduce with the wrong type") { try world.reduce(inPlace: &doubles, sum64, root: 0) }
        try expectError(.operation, "single-value reduce with the wrong type") { _ = try world.reduce(1.5, sum64, root: 0) }
        try expectError(.operation, "allReduce with the wrong type") { try world.allReduce(input, into: &doubles, sum64) }
        try expectError(.operation, "in-place allReduce with the wrong type") { try world.allReduce(inPlace: &doubles, sum64) }
        try expectError(.operation, "allReduce returning an array, wrong type") { _ = try world.allReduce(input, sum64) }
        try expectError(.operation, "single-value allReduce with the wrong type") { _ = try world.allReduce(Int32(1), sum64) }
        try expectError(.operation, "scan with the wrong type") { try world.scan(input, into: &doubles, sum64) }
        try expectError(.operation, "exclusiveScan with the wrong type") { try world.exclusiveScan(input, into: &doubles, sum64) }
        try expectError(.operation, "reduceScatterBlock with the wrong type") {
            try world.reduceScatterBlock([Double](repeating: 1, count: 2 * size), into: &doubles, sum64)
        }
        try expectError(.operation, "reduceScatter with the wrong type") {
            try world.reduceScatter([Double](repeating: 1, count: size), counts: [Int](repeating: 1, count: size),
                                    into: &doubles, sum64)
        }
        try expectError(.operation, "iallReduce with the wrong type") { _ = try world.iallReduce(input, sum64) }
        try expectError(.operation, "in-place iallReduce with the wrong type") { _ = try world.iallReduce(inPlace: input, sum64) }
        try expectError(.operation, "ireduce with the wrong type") { _ = try world.ireduce(input, sum64, root: 0) }
        try expectError(.operation, "iscan with the wrong type") { _ = try world.iscan(input, sum64) }
        try expectError(.operation, "iexclusiveScan with the wrong type") { _ = try world.iexclusiveScan(input, sum64) }
        try expectError(.operation, "a matrix operation on Int64") {
            _ = try world.allReduce(Int64(1), try Operation(of: Matrix2.self, commutative: false) { $0 * $1 })
        }
        // Still usable with its own type afterwards.
        let sum = try world.allReduce(Int64(3), sum64)
        try expect(sum == Int64(3 * size), "the Int64 operation gave \(sum)")
    }

    /// More live user operations than the pool holds throws a clear error; releasing them frees every
    /// slot, and each slot runs its own closure.
    private static func limit(_ world: Communicator) throws {
        let rank = try world.rank, size = try world.size
        let limit = Operation.userDefinedLimit
        try expect(limit >= 8, "userDefinedLimit is \(limit)")
        for round in 0..<2 {
            // Operation k adds k on top of the sum, so a slot running another slot's closure shows.
            var live: [Operation] = []
            for k in 0..<limit {
                live.append(try Operation(of: Int32.self, commutative: true) { $0 &+ $1 &+ Int32(k) })
            }
            let error = try expectError("creating user operation \(limit + 1) of \(limit) (round \(round))") {
                _ = try Operation(of: Int32.self, commutative: true) { $0 &+ $1 }
            }
            try expect(error.message.contains("\(limit)"), "the limit error does not name the limit: \(error)")
            for k in [0, 1, limit / 2, limit - 1] {
                let value = try world.allReduce(Int32(rank), live[k])
                let expected = Int32(size * (size - 1) / 2 + k * (size - 1))
                try expect(value == expected, "user operation \(k) of \(limit) gave \(value), expected \(expected)")
            }
            live.removeAll()
            // One slot freed is enough for one more.
            let again = try Operation(of: Int32.self, commutative: true) { $0 &* $1 }
            let product = try world.allReduce(Int32(rank % 3 + 1), again)
            let expectedProduct = (0..<size).reduce(Int32(1)) { $0 * Int32($1 % 3 + 1) }
            try expect(product == expectedProduct, "an operation created after releasing the others gave \(product)")
        }
    }
}
