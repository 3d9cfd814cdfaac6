import ComplexModule
import MPI
import MPITestSupport

/// Draws fuzzed operations from a seeded generator, runs them, and checks each outcome against a model
/// of what MPI must do with those arguments.
struct Fuzzer {
    let world = Communicator.world
    let rank: Int
    let size: Int
    /// `MPI_TAG_UB`: the largest valid tag.
    let tagUpperBound: Int
    var random: SeededGenerator

    init(seed: UInt64) throws {
        rank = try world.rank
        size = try world.size
        tagUpperBound = try Communicator.tagUpperBound()
        random = SeededGenerator(state: seed)
    }

    // MARK: Drawing operations

    mutating func nextOperation() -> FuzzOperation {
        let type = FuzzType.allCases[random.below(FuzzType.allCases.count)]
        switch random.below(16) {
        case 0..<5:
            let sendCount = random.below(65)
            let sendTag = tag(receiving: false)
            var receiveTag = tag(receiving: true)
            // A valid receive matches the send's tag, or any tag; a mismatch would just wait forever.
            if isValidTag(receiveTag, receiving: true) && receiveTag != Communicator.anyTag { receiveTag = sendTag }
            return .pointToPoint(type: type, route: route(), sendTag: sendTag, receiveTag: receiveTag,
                                 sendCount: sendCount, receiveCount: receiveCount(sending: sendCount))
        case 5: return .oversizedSend(type: type)
        case 6: return .broadcast(type: type, count: random.below(17), root: root())
        case 7, 8:
            let reduction = FuzzReduction.allCases[random.below(FuzzReduction.allCases.count)]
            return .reduce(type: type, operation: reduction, count: random.below(17), root: random.chance(2) ? root() : nil)
        case 9, 10: return .gather(type: type, count: random.below(17), root: random.chance(2) ? root() : nil)
        case 11: return .scatter(type: type, count: random.chance(4) ? invalidCount() : random.below(9), root: root())
        case 12: return .allToAll(type: type, count: random.below(3 * size + 3))
        default:
            let layout: FuzzOperation.DerivedLayout = random.chance(2)
                ? .contiguous(random.chance(5) ? anyCount() : random.below(9))
                : .vector(count: random.chance(5) ? anyCount() : 1 + random.below(4),
                          blockLength: random.chance(5) ? anyCount() : 1 + random.below(3),
                          stride: random.chance(4) ? pick([-3, -1, 0, Int(Int32.max), Int(Int32.max) + 1, Int.min]) : 3 + random.below(4))
            return .derived(layout: layout, count: random.chance(4) ? anyCount() : random.below(5), elements: random.below(65))
        }
    }

    /// Valid most of the time; otherwise a rank no process has, or the null process or a wildcard, which
    /// a collective over an intracommunicator does not accept as its root.
    private mutating func root() -> Int {
        guard random.chance(3) else { return random.below(size) }
        return random.chance(3) ? pick([Communicator.nullProcess, Communicator.anySource]) : invalidRank()
    }

    private mutating func route() -> FuzzOperation.Route {
        switch random.below(10) {
        case 0..<5: .ring(receiveFromAnySource: random.chance(2))
        case 5: .nullProcess
        case 6, 7: .badDestination(random.chance(5) ? Communicator.anySource : invalidRank())
        default: .badSource(invalidRank())
        }
    }

    /// A rank outside the communicator: just past it, far past it, negative, or beyond `Int32`.
    private mutating func invalidRank() -> Int {
        let candidates = [size, size + 1 + random.below(1000), -3 - random.below(1000), Int(Int32.max),
                          Int(Int32.max) + 1, Int.max, Int.min]
        return pick(candidates)
    }

    /// A tag: usually valid (including `MPI_TAG_UB` itself and, when receiving, `anyTag`), else negative
    /// or above `MPI_TAG_UB`.
    private mutating func tag(receiving: Bool) -> Int {
        if receiving && random.chance(4) { return Communicator.anyTag }
        if random.chance(5) {
            return pick([-2, -1 - random.below(1000), tagUpperBound &+ 1, Int(Int32.max) + 1, Int.max, Int.min]
                .filter { !receiving || $0 != Communicator.anyTag })
        }
        return random.chance(10) ? tagUpperBound : random.below(1000)
    }

    /// A receive capacity: enough, too little (the message is truncated), negative, or beyond one message.
    private mutating func receiveCount(sending count: Int) -> Int {
        switch random.below(10) {
        case 0 where count > 0: random.below(count)
        case 1: invalidCount()
        case 2: Int(Int32.max)
        default: count + random.below(9)
        }
    }

    private mutating func invalidCount() -> Int {
        pick([-1, -1 - random.below(1_000_000), Int.min, Int(Int32.max) + 1, Int.max])
    }

    /// Any count: small, the largest MPI accepts, or invalid.
    private mutating func anyCount() -> Int {
        random.chance(2) ? invalidCount() : pick([0, 1 + random.below(100), Int(Int32.max), Int(Int32.max) - 1])
    }

    private mutating func pick(_ values: [Int]) -> Int { values[random.below(values.count)] }

    // MARK: Running operations

    /// Runs `operation` on this rank; returns whether it was (rightly) refused.
    ///
    /// - Throws: ``ScenarioFailure`` when the outcome differs from the model's.
    mutating func run(_ operation: FuzzOperation) throws -> Bool {
        switch operation {
        case let .pointToPoint(type, route, sendTag, receiveTag, sendCount, receiveCount):
            return try type.dispatch { try pointToPoint($0, route, sendTag, receiveTag, sendCount, receiveCount) }
        case .oversizedSend(let type):
            return try type.dispatch { try oversizedSend($0) }
        case let .broadcast(type, count, root):
            return try type.dispatch { try broadcast($0, count: count, root: root) }
        case let .reduce(type, reduction, count, root):
            return try type.dispatch { try reduce($0, reduction, count: count, root: root, applies: reduction.applies(to: type)) }
        case let .gather(type, count, root):
            return try type.dispatch { try gather($0, count: count, root: root) }
        case let .scatter(type, count, root):
            return try type.dispatch { try scatter($0, count: count, root: root) }
        case let .allToAll(type, count):
            return try type.dispatch { try allToAll($0, count: count) }
        case let .derived(layout, count, elements):
            return try derived(layout, count: count, elements: elements)
        }
    }

    /// The value rank `rank` contributes at position `index` of operation data: small, so that sums over
    /// seven ranks stay exact in every type, and sometimes zero, so that logical reductions vary.
    func value(rank: Int, index: Int) -> Int { (rank * 5 + index * 3) % 4 }

    func values<T: FuzzValue>(_: T.Type, rank: Int, count: Int) -> [T] {
        (0..<count).map { T.fuzz(value(rank: rank, index: $0)) }
    }

    func isValidRank(_ rank: Int) -> Bool { (0..<size).contains(rank) }
    func isValidCount(_ count: Int) -> Bool { (0...Int(Int32.max)).contains(count) }
    func isValidTag(_ tag: Int, receiving: Bool) -> Bool {
        (0...tagUpperBound).contains(tag) || (receiving && tag == Communicator.anyTag)
    }

    private func pointToPoint<T: FuzzValue>(
        _ type: T.Type, _ route: FuzzOperation.Route, _ sendTag: Int, _ receiveTag: Int, _ sendCount: Int, _ receiveCount: Int
    ) throws -> Bool {
        let next = (rank + 1) % size, previous = (rank + size - 1) % size
        var destination = next, source = previous
        var sendFails = !isValidTag(sendTag, receiving: false)
        var receiveFails = !isValidTag(receiveTag, receiving: true) || !isValidCount(receiveCount)
        let isNull: Bool
        switch route {
        case .ring(let any):
            if any { source = Communicator.anySource }
            isNull = false
        case .nullProcess:
            (destination, source, isNull) = (Communicator.nullProcess, Communicator.nullProcess, true)
        case .badDestination(let rank):
            destination = rank
            sendFails = true
            isNull = false
        case .badSource(let rank):
            source = rank
            receiveFails = true
            isNull = false
        }
        // A message flows only when both sides are valid; otherwise the valid side must not be called,
        // or it would wait for a partner that has already thrown.
        let flows = !sendFails && !receiveFails && !isNull
        let receiving = { () throws -> Bool in
            guard receiveFails || flows || isNull else { return false }
            let truncates = flows && receiveCount < sendCount
            var received: [T] = []
            try outcome(receiveFails || truncates, "receive of \(receiveCount) from \(source) with tag \(receiveTag)") {
                received = try world.receive(count: receiveCount, of: T.self, from: source, tag: receiveTag)
            }
            if flows && !truncates {
                try expect(received == values(T.self, rank: previous, count: sendCount), "received \(received)")
            } else if isNull && !receiveFails {
                try expect(received.isEmpty, "received \(received.count) elements from the null process")
            }
            return receiveFails || truncates
        }
        guard sendFails || flows || isNull else { return try receiving() }
        // The send is nonblocking: a blocking send to oneself (at one rank) would wait for its receive.
        do {
            let sending = try world.isend(values(T.self, rank: rank, count: sendCount), to: destination, tag: sendTag)
            if sendFails { throw ScenarioFailure("isend to \(destination) with tag \(sendTag) succeeded, but its arguments are invalid") }
            let refused = try receiving()
            _ = try sending.wait()
            return refused
        } catch let error as MPIError {
            if !sendFails { throw ScenarioFailure("isend to \(destination) with tag \(sendTag) threw \(error), but its arguments are valid") }
        }
        _ = try receiving()
        return true
    }

    /// A buffer that claims 2³¹ or more elements must be refused before MPI reads a byte of it (only its
    /// first element exists).
    private func oversizedSend<T: FuzzValue>(_ type: T.Type) throws -> Bool {
        let one = [T.fuzz(1)]
        try one.withUnsafeBufferPointer { storage in
            let claimed = UnsafeBufferPointer(start: storage.baseAddress, count: Int(Int32.max) + 1 + rank)
            try outcome(true, "send of \(claimed.count) elements") {
                try world.send(claimed, to: (rank + 1) % size, tag: 1)
            }
        }
        return true
    }

    private func broadcast<T: FuzzValue>(_ type: T.Type, count: Int, root: Int) throws -> Bool {
        let fails = !isValidRank(root)
        var buffer = values(T.self, rank: rank, count: count)
        try outcome(fails, "broadcast") { try world.broadcast(&buffer, root: root) }
        if !fails { try expect(buffer == values(T.self, rank: root, count: count), "broadcast gave \(buffer)") }
        return fails
    }

    private func reduce<T: FuzzValue>(_ type: T.Type, _ reduction: FuzzReduction, count: Int, root: Int?, applies: Bool) throws -> Bool {
        let fails = !applies || root.map { !isValidRank($0) } ?? false
        let mine = values(T.self, rank: rank, count: count)
        let expected = (0..<count).map { index in T.fuzz(reduction.combine((0..<size).map { value(rank: $0, index: index) })) }
        if let root {
            var result = [T](repeating: T.fuzz(0), count: count)
            try outcome(fails, "reduce") { try world.reduce(mine, into: &result, reduction.operation, root: root) }
            if !fails && rank == root { try expect(result == expected, "reduce gave \(result), expected \(expected)") }
        } else {
            var result: [T] = []
            try outcome(fails, "allReduce") { result = try world.allReduce(mine, reduction.operation) }
            if !fails { try expect(result == expected, "allReduce gave \(result), expected \(expected)") }
        }
        return fails
    }

    private func gather<T: FuzzValue>(_ type: T.Type, count: Int, root: Int?) throws -> Bool {
        let fails = root.map { !isValidRank($0) } ?? false
        let mine = values(T.self, rank: rank, count: count)
        let expected = (0..<size).flatMap { values(T.self, rank: $0, count: count) }
        var result: [T]?
        try outcome(fails, "gather") {
            result = try root.map { root throws(MPIError) in try world.gather(mine, root: root) } ?? world.allGather(mine)
        }
        if !fails {
            let isRoot = root.map { $0 == rank } ?? true
            try expect(result == (isRoot ? expected : nil), "gather gave \(String(describing: result))")
        }
        return fails
    }

    private func scatter<T: FuzzValue>(_ type: T.Type, count: Int, root: Int) throws -> Bool {
        let fails = !isValidRank(root) || !isValidCount(count)
        let elements = isValidCount(count) ? (0..<size).flatMap { values(T.self, rank: $0, count: count) } : []
        var result: [T] = []
        try outcome(fails, "scatter") { result = try world.scatter(elements, count: count, root: root) }
        if !fails { try expect(result == values(T.self, rank: rank, count: count), "scatter gave \(result)") }
        return fails
    }

    private func allToAll<T: FuzzValue>(_ type: T.Type, count: Int) throws -> Bool {
        let fails = count % size != 0
        let block = count / size
        // Block j of rank r holds the values rank r addresses to rank j.
        let mine = (0..<size).flatMap { values(T.self, rank: rank * size + $0, count: block) }
            + values(T.self, rank: rank, count: count % size)
        var result: [T] = []
        try outcome(fails, "allToAll of \(count)") { result = try world.allToAll(mine) }
        if !fails {
            let expected = (0..<size).flatMap { values(T.self, rank: $0 * size + rank, count: block) }
            try expect(result == expected, "allToAll gave \(result), expected \(expected)")
        }
        return fails
    }

    /// Sends `count` copies of a derived datatype over `elements` doubles to this rank itself; the model
    /// says which bytes the datatype covers, and whether they all lie inside the buffer.
    private func derived(_ layout: FuzzOperation.DerivedLayout, count: Int, elements: Int) throws -> Bool {
        // The model: the offsets (in doubles) of one datatype element, and its extent.
        let offsets: [Int]?, extent: Int?
        let creationFails: Bool
        // Entries that overlap: MPI forbids receiving into them, and the library refuses.
        var overlaps = false
        switch layout {
        case .contiguous(let blocks):
            creationFails = !isValidCount(blocks)
            offsets = blocks <= 64 ? Array(0..<max(blocks, 0)) : nil
            extent = creationFails ? nil : blocks
        case let .vector(blocks, blockLength, stride):
            creationFails = !isValidCount(blocks) || !isValidCount(blockLength) || Int32(exactly: stride) == nil
            // Larger layouts need no offsets: more than 64 doubles of disjoint data cannot fit the buffer,
            // and overlapping ones are refused anyway.
            let small = !creationFails && blocks <= 64 && blockLength <= 64
            let empty = !creationFails && (blocks == 0 || blockLength == 0)
            overlaps = !creationFails && blocks > 1 && blockLength > stride.magnitude
            offsets = small ? (0..<blocks).flatMap { block in (0..<blockLength).map { block * stride + $0 } } : empty ? [] : nil
            extent = creationFails || !small ? nil : offsets!.isEmpty ? 0 : offsets!.max()! + 1 - min(0, offsets!.min()!)
        }
        var datatype: Datatype?
        try outcome(creationFails, "creating \(layout)") {
            switch layout {
            case .contiguous(let blocks): datatype = try .contiguous(count: blocks, of: .double)
            case let .vector(blocks, blockLength, stride):
                datatype = try .vector(count: blocks, blockLength: blockLength, stride: stride, of: .double)
            }
        }
        guard let datatype else { return true }
        // Every copy starts one extent after the previous one; everything must land in 0..<elements.
        var covered: [Int]?
        if let offsets, let extent, isValidCount(count), count <= 64 {
            covered = (0..<count).flatMap { copy in offsets.map { copy * extent + $0 } }
        }
        // An empty datatype moves nothing, however many copies are sent.
        let fits = count == 0 || offsets?.isEmpty == true || (covered.map { $0.allSatisfy { (0..<elements).contains($0) } } ?? false)
        let fails = !isValidCount(count) || !fits || (count > 0 && overlaps)
        let source = (0..<elements).map { Double($0) }
        var buffer = [Double](repeating: -1, count: elements)
        try outcome(fails, "send-receive of \(count) × \(layout) over \(elements) doubles") {
            try world.sendReceive(source, as: datatype, count: count, to: rank, sendTag: 5,
                                  into: &buffer, as: datatype, count: count, from: rank, receiveTag: 5)
        }
        if !fails {
            let written = Set(covered ?? [])
            let expected = (0..<elements).map { written.contains($0) ? Double($0) : -1 }
            try expect(buffer == expected, "derived datatype moved \(buffer), expected \(expected)")
        }
        return fails
    }

    /// Runs `call` and checks it throws an `MPIError` exactly when `fails`.
    private func outcome(_ fails: Bool, _ what: @autoclosure () -> String, _ call: () throws -> Void) throws {
        do {
            try call()
        } catch let error as MPIError {
            if !fails { throw ScenarioFailure("\(what()) threw \(error) on rank \(rank), but its arguments are valid") }
            return
        }
        if fails { throw ScenarioFailure("\(what()) succeeded on rank \(rank), but its arguments are invalid") }
    }
}

extension FuzzType {
    /// Calls `body` with the Swift type this case stands for.
    func dispatch<Result>(_ body: (any FuzzValue.Type) throws -> Result) rethrows -> Result {
        switch self {
        case .int32: try body(Int32.self)
        case .int: try body(Int.self)
        case .uint8: try body(UInt8.self)
        case .double: try body(Double.self)
        case .float: try body(Float.self)
        case .complex: try body(Complex<Double>.self)
        case .bool: try body(Bool.self)
        }
    }
}
