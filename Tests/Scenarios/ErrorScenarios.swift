import MPI

/// Misuse that MPI or the Swift layer must report as a thrown `MPIError` of the right class, after which
/// the communicator still works.
enum ErrorScenarios {
    static func errors() throws {
        let ring = try Ring()
        try invalidRanks(ring)
        try invalidTags(ring)
        try oversizedCounts(ring)
        try truncatedReceives(ring)

        var incoming = [-1]
        try ring.communicator.sendReceive([ring.rank], to: ring.next, into: &incoming, from: ring.previous)
        try expect(incoming == [ring.previous], "after the errors, a ring exchange received \(incoming)")
    }

    /// Ranks past the end (which only MPI can check) and negative ones (which the Swift layer checks).
    /// Every call's other peer is the null process, so a call that wrongly succeeded could not block.
    private static func invalidRanks(_ ring: Ring) throws {
        let world = ring.communicator
        let null = Communicator.nullProcess
        for rank in [ring.size, ring.size + 5, -7] {
            var buffer = [0]
            try expectError(.rank, "send to rank \(rank)") { try world.send([1], to: rank) }
            try expectError(.rank, "single-value send to rank \(rank)") { try world.send(1, to: rank) }
            try expectError(.rank, "synchronous send to rank \(rank)") { try world.send([1], to: rank, mode: .synchronous) }
            try expectError(.rank, "isend to rank \(rank)") { _ = try world.isend([1], to: rank) }
            try expectError(.rank, "sendInit to rank \(rank)") { _ = try world.sendInit([1], to: rank) }
            try expectError(.rank, "receive from rank \(rank)") { try world.receive(into: &buffer, from: rank) }
            try expectError(.rank, "receive(count:) from rank \(rank)") { _ = try world.receive(count: 1, of: Int.self, from: rank) }
            try expectError(.rank, "ireceive from rank \(rank)") { _ = try world.ireceive(into: [0], from: rank) }
            try expectError(.rank, "sendReceive to rank \(rank)") {
                try world.sendReceive([1], to: rank, into: &buffer, from: null)
            }
            try expectError(.rank, "sendReceive from rank \(rank)") {
                try world.sendReceive([1], to: null, into: &buffer, from: rank)
            }
            try expectError(.rank, "probe from rank \(rank)") { _ = try world.probe(from: rank) }
            try expectError(.rank, "iprobe from rank \(rank)") { _ = try world.iprobe(from: rank) }
        }
    }

    /// Negative tags, including `anyTag` where a send needs a real tag, and tags beyond MPI's int.
    private static func invalidTags(_ ring: Ring) throws {
        let world = ring.communicator
        let null = Communicator.nullProcess
        for tag in [Communicator.anyTag, -5, Int(Int32.max) + 1] {
            var buffer = [0]
            try expectError(.tag, "send with tag \(tag)") { try world.send([1], to: null, tag: tag) }
            try expectError(.tag, "isend with tag \(tag)") { _ = try world.isend([1], to: null, tag: tag) }
            try expectError(.tag, "sendInit with tag \(tag)") { _ = try world.sendInit([1], to: null, tag: tag) }
            try expectError(.tag, "sendReceive with send tag \(tag)") {
                try world.sendReceive([1], to: null, sendTag: tag, into: &buffer, from: null)
            }
        }
        for tag in [-5, Int(Int32.max) + 1] {
            var buffer = [0]
            try expectError(.tag, "receive with tag \(tag)") { try world.receive(into: &buffer, from: null, tag: tag) }
            try expectError(.tag, "probe with tag \(tag)") { _ = try world.probe(from: null, tag: tag) }
        }
    }

    /// Counts of 2³¹ elements or more throw before MPI or an allocation touches memory: the buffers here
    /// claim 16 GiB at an address nothing is mapped at.
    private static func oversizedCounts(_ ring: Ring) throws {
        let world = ring.communicator
        let count = Int(Int32.max) + 1
        let unmapped = UnsafeBufferPointer<Int>(start: UnsafePointer(bitPattern: 0x1000), count: count)
        var unmappedMutable = UnsafeMutableBufferPointer<Int>(start: UnsafeMutablePointer(bitPattern: 0x1000), count: count)
        var small = [0]

        try expectError(.count, "send of \(count) elements") { try world.send(unmapped, to: ring.next) }
        try expectError(.count, "receive into \(count) elements") { try world.receive(into: unmappedMutable, from: ring.previous) }
        try expectError(.count, "receive(count: \(count))") { _ = try world.receive(count: count, of: Int.self, from: ring.previous) }
        try expectError(.count, "receive(count: -1)") { _ = try world.receive(count: -1, of: Int.self, from: ring.previous) }
        try expectError(.count, "ireceive(count: \(count))") { _ = try world.ireceive(count: count, of: Int.self, from: ring.previous) }
        try expectError(.count, "sendReceive sending \(count) elements") {
            try world.sendReceive(unmapped, to: ring.next, into: &small, from: ring.previous)
        }
        try expectError(.count, "sendReceive receiving into \(count) elements") {
            try world.sendReceive(small, to: ring.next, into: &unmappedMutable, from: ring.previous)
        }
        try expectError(.count, "sendReceiveReplacing \(count) elements") {
            try world.sendReceiveReplacing(&unmappedMutable, to: ring.next, from: ring.previous)
        }
    }

    /// A five-element message into room for fewer throws `.truncate` on the receiver, through every kind
    /// of receive. Each message is sent without blocking first, so the receive always has its message.
    private static func truncatedReceives(_ ring: Ring) throws {
        let world = ring.communicator
        var tag = 0
        func expectTruncated(_ operation: String, _ receive: (_ source: Int, _ tag: Int) throws -> Void) throws {
            tag += 1
            let send = try world.isend([1, 2, 3, 4, 5], to: ring.next, tag: tag)
            try expectError(.truncate, "\(operation) of a longer message") { try receive(ring.previous, tag) }
            _ = try send.wait()
        }
        var short = [0, 0, 0]
        try expectTruncated("receive(into:)") { source, tag in
            try world.receive(into: &short, from: source, tag: tag)
        }
        try expectTruncated("receive(count:)") { source, tag in
            _ = try world.receive(count: 2, of: Int.self, from: source, tag: tag)
        }
        try expectTruncated("single-value receive") { source, tag in
            _ = try world.receive(Int.self, from: source, tag: tag)
        }
        try expectTruncated("sendReceive") { source, tag in
            try world.sendReceive([Int](), to: Communicator.nullProcess, into: &short, from: source, receiveTag: tag)
        }
        try expectTruncated("ireceive") { source, tag in
            _ = try world.ireceive(into: [0, 0], from: source, tag: tag).wait()
        }
        try expectTruncated("Message.receive(into:)") { source, tag in
            try world.mprobe(from: source, tag: tag).receive(into: &short)
        }
        try expectTruncated("persistent receive") { source, tag in
            var receive = try world.receiveInit(into: [0, 0, 0, 0], from: source, tag: tag)
            try receive.start()
            try receive.wait()
        }
    }
}
