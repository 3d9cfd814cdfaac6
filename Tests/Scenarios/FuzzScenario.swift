import ComplexModule
import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Calls the typed API thousands of times with random counts, tags, ranks, roots, element types,
/// reduction operations and derived datatypes — many of them invalid — and checks that every call either
/// succeeds with the right data or throws an `MPIError`, exactly as an independent model of MPI's rules
/// predicts: no crash, no hang, no silently accepted nonsense.
///
/// Every rank draws the same operations from one seeded generator, so the ranks agree on what is called
/// and on which calls must fail; after each operation they check that they are still in step. A call
/// that throws where the model expects success (or the reverse) ends the job with the operation's number
/// and arguments, which the seed reproduces (`SWIFT_MPI_FUZZ_SEED`, `SWIFT_MPI_FUZZ_OPERATIONS`;
/// `SWIFT_MPI_FUZZ_TRACE=1` prints each operation before it runs, to find one that hangs or crashes).
///
/// Not fuzzed, on purpose: arguments that MPI reads only at the root (the root's send buffer of a
/// scatter, its result buffer of a gather). Only the root can check those, so a bad one makes the root
/// throw while the other ranks are already inside the collective — in C as in Swift, the job then
/// depends on the error ending it (`Environment.run` aborts it).
enum FuzzScenario {
    static func typedAPI() throws {
        let environment = { (name: String) in getenv(name).flatMap { Int(String(cString: $0)) } }
        let seed = UInt64(truncatingIfNeeded: environment("SWIFT_MPI_FUZZ_SEED") ?? 20261121)
        let operations = environment("SWIFT_MPI_FUZZ_OPERATIONS") ?? 2000
        let traces = getenv("SWIFT_MPI_FUZZ_TRACE") != nil
        var fuzzer = try Fuzzer(seed: seed)
        var counts = [String: (calls: Int, refused: Int)]()
        for index in 0..<operations {
            let operation = fuzzer.nextOperation()
            if traces { printToStandardError("rank \(fuzzer.rank) operation \(index): \(operation)") }
            let refused: Bool
            do {
                refused = try fuzzer.run(operation)
            } catch let failure as ScenarioFailure {
                throw ScenarioFailure("operation \(index) of seed \(seed), \(operation): \(failure.message)")
            }
            counts[operation.kind, default: (0, 0)].calls += 1
            if refused { counts[operation.kind, default: (0, 0)].refused += 1 }
            // Still in step: every rank is at the same operation.
            let (low, high) = (try fuzzer.world.allReduce(index, .min), try fuzzer.world.allReduce(index, .max))
            try expect(low == index && high == index, "ranks out of step after operation \(index): \(low)…\(high)")
        }
        if fuzzer.rank == 0 {
            let summary = counts.keys.sorted().map { "\($0) \(counts[$0]!.calls) (\(counts[$0]!.refused) refused)" }
            print("fuzzed \(operations) operations at \(fuzzer.size) ranks, seed \(seed): " + summary.joined(separator: ", "))
        }
    }
}

// MARK: Operations

/// One fuzzed call, drawn identically on every rank.
enum FuzzOperation: CustomStringConvertible {
    /// Every rank sends to the next and receives from the previous (or as `route` says).
    case pointToPoint(type: FuzzType, route: Route, sendTag: Int, receiveTag: Int, sendCount: Int, receiveCount: Int)
    /// A send whose buffer claims more elements than one MPI message can carry.
    case oversizedSend(type: FuzzType)
    case broadcast(type: FuzzType, count: Int, root: Int)
    case reduce(type: FuzzType, operation: FuzzReduction, count: Int, root: Int?)
    case gather(type: FuzzType, count: Int, root: Int?)
    case scatter(type: FuzzType, count: Int, root: Int)
    case allToAll(type: FuzzType, count: Int)
    /// A send-receive to self of `count` copies of a `contiguous(blocks)` or `vector` datatype over
    /// buffers of `elements` doubles.
    case derived(layout: DerivedLayout, count: Int, elements: Int)

    enum Route: CustomStringConvertible {
        case ring(receiveFromAnySource: Bool)
        case nullProcess
        case badDestination(Int)
        case badSource(Int)

        var description: String {
            switch self {
            case .ring(let any): any ? "ring from any source" : "ring"
            case .nullProcess: "null process"
            case .badDestination(let rank): "destination \(rank)"
            case .badSource(let rank): "source \(rank)"
            }
        }
    }

    enum DerivedLayout: CustomStringConvertible {
        case contiguous(Int)
        case vector(count: Int, blockLength: Int, stride: Int)

        var description: String {
            switch self {
            case .contiguous(let count): "contiguous(\(count))"
            case .vector(let count, let blockLength, let stride): "vector(\(count), \(blockLength), \(stride))"
            }
        }
    }

    var kind: String {
        switch self {
        case .pointToPoint: "pointToPoint"
        case .oversizedSend: "oversizedSend"
        case .broadcast: "broadcast"
        case .reduce(_, _, _, let root): root == nil ? "allReduce" : "reduce"
        case .gather(_, _, let root): root == nil ? "allGather" : "gather"
        case .scatter: "scatter"
        case .allToAll: "allToAll"
        case .derived: "derived"
        }
    }

    var description: String {
        switch self {
        case let .pointToPoint(type, route, sendTag, receiveTag, sendCount, receiveCount):
            "pointToPoint \(type) \(route), tags \(sendTag)→\(receiveTag), \(sendCount) sent into \(receiveCount)"
        case .oversizedSend(let type): "oversizedSend \(type)"
        case let .broadcast(type, count, root): "broadcast \(count) \(type) from root \(root)"
        case let .reduce(type, operation, count, root): "\(kind) \(count) \(type) with \(operation), root \(root.map(String.init) ?? "all")"
        case let .gather(type, count, root): "\(kind) \(count) \(type), root \(root.map(String.init) ?? "all")"
        case let .scatter(type, count, root): "scatter \(count) \(type) from root \(root)"
        case let .allToAll(type, count): "allToAll \(count) \(type)"
        case let .derived(layout, count, elements): "derived \(count) × \(layout) over \(elements) doubles"
        }
    }
}

/// The element types the fuzzer picks from: integers of several widths, floating point, complex, Bool.
enum FuzzType: CaseIterable, CustomStringConvertible {
    case int32, int, uint8, double, float, complex, bool

    var description: String {
        switch self {
        case .int32: "Int32"
        case .int: "Int"
        case .uint8: "UInt8"
        case .double: "Double"
        case .float: "Float"
        case .complex: "Complex<Double>"
        case .bool: "Bool"
        }
    }
}

/// The predefined reductions the fuzzer picks from.
enum FuzzReduction: CaseIterable, CustomStringConvertible {
    case sum, max, logicalOr, bitwiseXor

    var operation: Operation {
        switch self {
        case .sum: .sum
        case .max: .max
        case .logicalOr: .logicalOr
        case .bitwiseXor: .bitwiseXor
        }
    }

    /// Whether MPI defines the operation on the type (MPI 3.1, section 5.9.2): arithmetic and max on
    /// integers and floating point (sum also on complex), logical operations on integers and logicals,
    /// bitwise ones on integers only.
    func applies(to type: FuzzType) -> Bool {
        switch (self, type) {
        case (.sum, .bool), (.max, .bool), (.max, .complex): false
        case (.sum, _), (.max, _): true
        case (.logicalOr, .double), (.logicalOr, .float), (.logicalOr, .complex): false
        case (.logicalOr, _): true
        case (.bitwiseXor, .int32), (.bitwiseXor, .int), (.bitwiseXor, .uint8): true
        case (.bitwiseXor, _): false
        }
    }

    /// The reduction of small non-negative integers, as the model computes it. One value is returned
    /// as it is: MPI applies the operation only between two values, so a logical reduction at one rank
    /// leaves an integer like 3 alone rather than turning it into 1.
    func combine(_ values: [Int]) -> Int {
        if values.count == 1 { return values[0] }
        return switch self {
        case .sum: values.reduce(0, +)
        case .max: values.max()!
        case .logicalOr: values.contains { $0 != 0 } ? 1 : 0
        case .bitwiseXor: values.reduce(0, ^)
        }
    }

    var description: String {
        switch self {
        case .sum: "sum"
        case .max: "max"
        case .logicalOr: "logicalOr"
        case .bitwiseXor: "bitwiseXor"
        }
    }
}

/// A value the fuzzer can make from a small non-negative integer (0…27) and compare.
///
/// A static function rather than an initialiser, so that `Double.init` stays unambiguous elsewhere.
protocol FuzzValue: MPIType, Equatable {
    static func fuzz(_ value: Int) -> Self
}

extension Int32: FuzzValue { static func fuzz(_ value: Int) -> Self { Self(value) } }
extension Int: FuzzValue { static func fuzz(_ value: Int) -> Self { value } }
extension UInt8: FuzzValue { static func fuzz(_ value: Int) -> Self { Self(value) } }
extension Double: FuzzValue { static func fuzz(_ value: Int) -> Self { Self(value) } }
extension Float: FuzzValue { static func fuzz(_ value: Int) -> Self { Self(value) } }
extension Bool: FuzzValue { static func fuzz(_ value: Int) -> Self { value != 0 } }
extension Complex: FuzzValue where RealType: MPIType {
    static func fuzz(_ value: Int) -> Self { Self(RealType(value), RealType(-value)) }
}
