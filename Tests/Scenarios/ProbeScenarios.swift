import MPI

/// Probing for messages whose length the receiver does not know.
enum ProbeScenarios {
    /// Rank r sends messages of r·7 + 3 `Int32`s; the next rank learns each length by a different probe:
    /// `probe`, polled `iprobe`, `mprobe`, the unknown-length receive, polled `improbe`, and wildcards.
    /// Then a message that is not a whole number of elements, and a reserved message dropped unreceived.
    static func probe() throws {
        let ring = try Ring()
        let world = ring.communicator
        func payload(of rank: Int, tag: Int) -> [Int32] {
            (0..<(rank * 7 + 3)).map { Int32(rank * 100_000 + tag * 100 + $0) }
        }
        let tags = [10, 20, 30, 40, 50, 60]
        var sends = RequestSet<[Int32]>()
        for tag in tags {
            sends.append(try world.isend(payload(of: ring.rank, tag: tag), to: ring.next, tag: tag))
        }
        var byteSends = RequestSet<[UInt8]>()
        byteSends.append(try world.isend([1, 2, 3] as [UInt8], to: ring.next, tag: 70))
        byteSends.append(try world.isend([4, 5] as [UInt8], to: ring.next, tag: 80))

        func expected(_ tag: Int) -> [Int32] { payload(of: ring.previous, tag: tag) }
        let length = expected(10).count

        let probed = try world.probe(from: ring.previous, tag: 10)
        try expectDescribes(probed, from: ring.previous, tag: 10, elements: length, "probe")
        let first = try world.receive(count: probed.count(of: Int32.self) ?? 0, of: Int32.self, from: ring.previous, tag: 10)
        try expect(first == expected(10), "receive(count:) after probe returned \(first), expected \(expected(10))")

        let polled = try poll { try world.iprobe(from: ring.previous, tag: 20) }
        try expectDescribes(polled, from: ring.previous, tag: 20, elements: length, "iprobe")
        var sized = [Int32](repeating: -1, count: polled.count(of: Int32.self) ?? 0)
        let sizedStatus = try world.receive(into: &sized, from: ring.previous, tag: 20)
        try expect(sized == expected(20), "receive(into:) after iprobe returned \(sized), expected \(expected(20))")
        try expect(sizedStatus.count == length, "receive(into:) after iprobe counted \(sizedStatus.count)")

        let message = try world.mprobe(from: ring.previous, tag: 30)
        try expectDescribes(message.status, from: ring.previous, tag: 30, elements: length, "mprobe")
        let matched = try message.receive(Int32.self)
        try expect(matched == expected(30), "Message.receive returned \(matched), expected \(expected(30))")

        let unknown = try world.receive([Int32].self, from: ring.previous, tag: 40)
        try expect(unknown == expected(40), "receive([Int32].self) returned \(unknown), expected \(expected(40))")

        let reserved = try poll { try world.improbe(from: ring.previous, tag: 50) }
        try expectDescribes(reserved.status, from: ring.previous, tag: 50, elements: length, "improbe")
        var roomy = [Int32](repeating: -1, count: length + 2)
        let roomyStatus = try reserved.receive(into: &roomy)
        try expect(Array(roomy.prefix(length)) == expected(50) && roomy.suffix(2) == [-1, -1],
                   "Message.receive(into:) a longer buffer left \(roomy), expected \(expected(50)) then [-1, -1]")
        try expect(roomyStatus.source == ring.previous && roomyStatus.tag == 50 && roomyStatus.count == length,
                   "Message.receive(into:) status (\(roomyStatus.source), \(roomyStatus.tag), \(roomyStatus.count))")

        // Messages from one sender are not overtaken, so the wildcards match the oldest pending one.
        let wildcard = try world.probe()
        try expectDescribes(wildcard, from: ring.previous, tag: 60, elements: length, "probe with wildcards")
        let last = try world.receive([Int32].self)
        try expect(last == expected(60), "receive([Int32].self) with wildcards returned \(last), expected \(expected(60))")

        // Three bytes are no whole number of Int32: the receive throws and drains the message.
        let odd = try world.probe(from: ring.previous, tag: 70)
        try expect(odd.count == 3 && odd.count(of: Int32.self) == nil && odd.count(of: UInt8.self) == 3,
                   "a 3-byte message counts \(odd.count) bytes, \(String(describing: odd.count(of: Int32.self))) Int32s")
        try expectError(.type, "receiving 3 bytes as Int32") {
            _ = try world.mprobe(from: ring.previous, tag: 70).receive(Int32.self)
        }
        try expect(try world.iprobe(from: ring.previous, tag: 70) == nil, "a refused message is still pending")

        // A reserved message dropped without receiving is drained by its deinit.
        _ = try world.mprobe(from: ring.previous, tag: 80)
        try expect(try world.iprobe(from: ring.previous, tag: 80) == nil, "a dropped reserved message is still pending")

        _ = try sends.waitAll()
        _ = try byteSends.waitAll()
        try expect(try world.iprobe() == nil, "a message is pending after every message was received")
    }

    /// Calls `attempt` until it finds something.
    private static func poll<Found: ~Copyable>(_ attempt: () throws -> Found?) rethrows -> Found {
        while true {
            if let found = try attempt() { return found }
        }
    }

    /// Checks a probe's status of a message of `elements` `Int32`s; probes count in bytes.
    private static func expectDescribes(
        _ status: Status, from source: Int, tag: Int, elements: Int, _ operation: String
    ) throws {
        let bytes = elements * MemoryLayout<Int32>.size
        try expect(status.source == source && status.tag == tag,
                   "\(operation) status source \(status.source), tag \(status.tag); expected \(source), \(tag)")
        try expect(status.count == bytes, "\(operation) status count \(status.count) bytes, expected \(bytes)")
        try expect(status.count(of: Int32.self) == elements,
                   "\(operation) count(of: Int32.self) \(String(describing: status.count(of: Int32.self))), expected \(elements)")
        try expect(status.count(of: UInt8.self) == bytes, "\(operation) count(of: UInt8.self) is not \(bytes)")
        let wholeInt64s = bytes % 8 == 0 ? bytes / 8 : nil
        try expect(status.count(of: Int64.self) == wholeInt64s,
                   "\(operation) count(of: Int64.self) of \(bytes) bytes is \(String(describing: status.count(of: Int64.self)))")
    }
}
