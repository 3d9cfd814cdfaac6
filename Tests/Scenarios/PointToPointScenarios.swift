import MPI

/// Blocking point-to-point scenarios: ring shifts, send modes, the null process and empty messages.
enum PointToPointScenarios {
    /// Shifts data around the ring three ways: `sendReceive` into a buffer with a trailing sentinel,
    /// `sendReceiveReplacing` all the way round, and a token passed by single-value send and receive.
    static func ring() throws {
        let ring = try Ring()
        let world = ring.communicator
        let count = 5
        func payload(of rank: Int) -> [Int] { (0..<count).map { rank * 100 + $0 } }

        // The sentinel after the message must survive: MPI may write only what arrived.
        let sentinel = Int.min
        var incoming = [Int](repeating: 0, count: count) + [sentinel]
        let status = try world.sendReceive(
            payload(of: ring.rank), to: ring.next, sendTag: 10 + ring.rank,
            into: &incoming, from: ring.previous, receiveTag: 10 + ring.previous)
        try expect(Array(incoming.prefix(count)) == payload(of: ring.previous),
                   "sendReceive received \(incoming.prefix(count)), expected \(payload(of: ring.previous))")
        try expect(incoming[count] == sentinel, "sendReceive overwrote the sentinel with \(incoming[count])")
        try expect(status.source == ring.previous, "sendReceive status source \(status.source), expected \(ring.previous)")
        try expect(status.tag == 10 + ring.previous, "sendReceive status tag \(status.tag), expected \(10 + ring.previous)")
        try expect(status.count == count, "sendReceive status count \(status.count), expected \(count)")

        // After k shifts every rank holds the data of the rank k places before it; after `size`, its own.
        var travelling = payload(of: ring.rank)
        for shift in 1...ring.size {
            let status = try world.sendReceiveReplacing(
                &travelling, to: ring.next, sendTag: 20, from: ring.previous, receiveTag: 20)
            let origin = (ring.rank - shift % ring.size + ring.size) % ring.size
            try expect(travelling == payload(of: origin),
                       "after \(shift) replacing shift(s) the buffer holds \(travelling), expected \(payload(of: origin))")
            try expect(status.source == ring.previous && status.tag == 20 && status.count == count,
                       "sendReceiveReplacing status (\(status.source), \(status.tag), \(status.count))")
        }

        // Rank 0 starts the token and the others forward it, so no two blocking sends wait on each other.
        // Rank 0's send does not block: at one rank it sends to itself before receiving, and a blocking
        // send may wait for the receive (MPICH's does; Open MPI buffers so small a message).
        let tag = 30
        if ring.rank == 0 {
            let sending = try world.isend([0], to: ring.next, tag: tag)
            let total = try world.receive(Int.self, from: ring.previous, tag: tag)
            _ = try sending.wait()
            let expected = ring.size * (ring.size - 1) / 2
            try expect(total == expected, "token came back as \(total), expected the sum of ranks \(expected)")
        } else {
            let token = try world.receive(Int.self, from: ring.previous, tag: tag)
            try expect(token == (0..<ring.rank).reduce(0, +), "token arrived as \(token)")
            try world.send(token + ring.rank, to: ring.next, tag: tag)
        }
    }

    /// Each blocking send mode, array and single value, with the matching receive already posted, so a
    /// synchronous send has a receiver and a ready send is legal.
    static func sendModes() throws {
        let ring = try Ring()
        let world = ring.communicator
        for (offset, mode) in [SendMode.standard, .synchronous, .ready].enumerated() {
            let tag = 40 + offset
            let elements = try world.ireceive(count: 3, of: Double.self, from: ring.previous, tag: tag)
            let value = try world.ireceive(count: 1, of: Double.self, from: ring.previous, tag: tag + 10)
            // A ready send is erroneous unless the receive is posted: the barrier orders it after them all.
            try world.barrier()
            try world.send([Double(ring.rank), 0.5, -1], to: ring.next, tag: tag, mode: mode)
            try world.send(Double(ring.rank) + 0.25, to: ring.next, tag: tag + 10, mode: mode)
            let (received, status) = try elements.wait()
            try expect(received == [Double(ring.previous), 0.5, -1], "\(mode) send delivered \(received)")
            try expect(status.source == ring.previous && status.tag == tag && status.count == 3,
                       "\(mode) send status (\(status.source), \(status.tag), \(status.count))")
            let (single, _) = try value.wait()
            try expect(single == [Double(ring.previous) + 0.25], "\(mode) single-value send delivered \(single)")
        }
    }

    /// Every point-to-point call with ``Communicator/nullProcess`` as peer returns at once, transfers
    /// nothing and leaves buffers untouched; receives report source `nullProcess`, tag `anyTag`, count 0.
    static func procNull() throws {
        let world = Communicator.world
        let null = Communicator.nullProcess
        let original = [3, 1, 4, 1, 5]

        for mode in [SendMode.standard, .synchronous, .ready] {
            try world.send(original, to: null, tag: 1, mode: mode)
            try world.send(42, to: null, tag: 1, mode: mode)
            try world.isend(original, to: null, tag: 1, mode: mode).wait()
            var persistent = try world.sendInit(original, to: null, tag: 1, mode: mode)
            try persistent.start()
            try persistent.wait()
        }

        var buffer = original
        try expectNull(try world.receive(into: &buffer, from: null, tag: 1), "receive(into:)")
        try expect(buffer == original, "receive(into:) from the null process changed the buffer to \(buffer)")

        let received = try world.receive(count: 3, of: Int.self, from: null)
        try expect(received.isEmpty, "receive(count:) from the null process returned \(received)")
        let unknownLength = try world.receive([Int].self, from: null)
        try expect(unknownLength.isEmpty, "receive([Int].self) from the null process returned \(unknownLength)")

        try expectNull(try world.sendReceive(original, to: null, into: &buffer, from: null), "sendReceive")
        try expect(buffer == original, "sendReceive with the null process changed the buffer to \(buffer)")
        try expectNull(try world.sendReceiveReplacing(&buffer, to: null, from: null), "sendReceiveReplacing")
        try expect(buffer == original, "sendReceiveReplacing with the null process changed the buffer to \(buffer)")

        let (handedBack, status) = try world.ireceive(into: original, from: null).wait()
        try expectNull(status, "ireceive(into:)")
        try expect(handedBack == original, "ireceive(into:) from the null process changed the buffer to \(handedBack)")
        let (zeroes, countStatus) = try world.ireceive(count: 2, of: Int.self, from: null).wait()
        try expectNull(countStatus, "ireceive(count:)")
        try expect(zeroes == [0, 0], "ireceive(count:) from the null process returned \(zeroes)")

        try expectNull(try world.probe(from: null), "probe")
        guard let probed = try world.iprobe(from: null) else {
            throw ScenarioFailure("iprobe(from: nullProcess) found no message; it must return at once")
        }
        try expectNull(probed, "iprobe")

        let message = try world.mprobe(from: null)
        try expectNull(message.status, "mprobe")
        let matched = try message.receive(Int.self)
        try expect(matched.isEmpty, "mprobe'd message from the null process held \(matched)")
        guard let immediate = try world.improbe(from: null) else {
            throw ScenarioFailure("improbe(from: nullProcess) found no message; it must return at once")
        }
        try expectNull(immediate.status, "improbe")
        try expectNull(try immediate.receive(into: &buffer), "improbe'd Message.receive(into:)")
        try expect(buffer == original, "Message.receive(into:) from the null process changed the buffer to \(buffer)")

        var persistent = try world.receiveInit(into: original, from: null)
        try persistent.start()
        try expectNull(try persistent.wait(), "persistent receive")
        let kept = try persistent.withElements { span in (0..<span.count).map { span[$0] } }
        try expect(kept == original, "persistent receive from the null process changed the buffer to \(kept)")
    }

    /// Empty messages through every kind of call: zero elements arrive, buffers stay untouched.
    static func zeroCount() throws {
        let ring = try Ring()
        let world = ring.communicator
        let sentinel = -7
        let nothing = [Int]()

        // Blocking send, with the receive posted first so that the send never waits on a sending peer.
        let posted = try world.ireceive(into: [sentinel, sentinel], from: ring.previous, tag: 1)
        try world.send(nothing, to: ring.next, tag: 1)
        let (untouched, status) = try posted.wait()
        try expectEmpty(status, from: ring.previous, tag: 1, "send/ireceive")
        try expect(untouched == [sentinel, sentinel], "an empty message changed the buffer to \(untouched)")

        // Blocking receives, each matched by a nonblocking send; the empty slice points into live storage.
        var sends = RequestSet<[Int]>()
        sends.append(try world.isend(nothing, to: ring.next, tag: 2))
        sends.append(try world.isend(nothing, to: ring.next, tag: 3))
        let sliceSend = try world.isend([1, 2, 3][1..<1], to: ring.next, tag: 4)
        var buffer = [sentinel]
        try expectEmpty(try world.receive(into: &buffer, from: ring.previous, tag: 2), from: ring.previous, tag: 2, "receive(into:)")
        try expect(buffer == [sentinel], "an empty message changed the buffer to \(buffer)")
        let counted = try world.receive(count: 4, of: Int.self, from: ring.previous, tag: 3)
        try expect(counted.isEmpty, "receive(count:) of an empty message returned \(counted)")
        let unknown = try world.receive([Int].self, from: ring.previous, tag: 4)
        try expect(unknown.isEmpty, "receive([Int].self) of an empty message returned \(unknown)")
        _ = try sends.waitAll()
        _ = try sliceSend.wait()

        // Exchange of empty messages, into an empty buffer and into a non-empty one.
        var empty = [Int]()
        try expectEmpty(try world.sendReceive(nothing, to: ring.next, sendTag: 5, into: &empty, from: ring.previous, receiveTag: 5),
                        from: ring.previous, tag: 5, "sendReceive into an empty buffer")
        try expectEmpty(try world.sendReceive(nothing, to: ring.next, sendTag: 6, into: &buffer, from: ring.previous, receiveTag: 6),
                        from: ring.previous, tag: 6, "sendReceive")
        try expect(buffer == [sentinel], "an empty sendReceive changed the buffer to \(buffer)")
        try expectEmpty(try world.sendReceiveReplacing(&empty, to: ring.next, sendTag: 7, from: ring.previous, receiveTag: 7),
                        from: ring.previous, tag: 7, "sendReceiveReplacing")

        // Nonblocking both ways, and a matched probe.
        let receive = try world.ireceive(count: 3, of: Int.self, from: ring.previous, tag: 8)
        let send = try world.isend(nothing, to: ring.next, tag: 8)
        let (zeroes, nonblockingStatus) = try receive.wait()
        try expectEmpty(nonblockingStatus, from: ring.previous, tag: 8, "isend/ireceive")
        try expect(zeroes == [0, 0, 0], "an empty message changed the zero-filled buffer to \(zeroes)")
        _ = try send.wait()
        let noRoom = try world.ireceive(count: 0, of: Int.self, from: ring.previous, tag: 10)
        try world.send(nothing, to: ring.next, tag: 10)
        let (noElements, noRoomStatus) = try noRoom.wait()
        try expectEmpty(noRoomStatus, from: ring.previous, tag: 10, "ireceive(count: 0)")
        try expect(noElements.isEmpty, "ireceive(count: 0) handed back \(noElements)")

        let probedSend = try world.isend(nothing, to: ring.next, tag: 9)
        let message = try world.mprobe(from: ring.previous, tag: 9)
        try expect(message.status.count == 0 && message.status.count(of: Int.self) == 0,
                   "mprobe of an empty message reports \(message.status.count) byte(s)")
        let matched = try message.receive(Int.self)
        try expect(matched.isEmpty, "Message.receive of an empty message returned \(matched)")
        _ = try probedSend.wait()
    }

    /// Checks the status of an operation with the null process.
    private static func expectNull(_ status: Status, _ operation: String) throws {
        try expect(status.source == Communicator.nullProcess,
                   "\(operation) with the null process: status source \(status.source), expected \(Communicator.nullProcess)")
        try expect(status.tag == Communicator.anyTag,
                   "\(operation) with the null process: status tag \(status.tag), expected \(Communicator.anyTag)")
        try expect(status.count == 0, "\(operation) with the null process: status count \(status.count), expected 0")
    }

    /// Checks the status of a received empty message.
    private static func expectEmpty(_ status: Status, from source: Int, tag: Int, _ operation: String) throws {
        try expect(status.source == source && status.tag == tag && status.count == 0,
                   "\(operation) of an empty message: status (source \(status.source), tag \(status.tag), count \(status.count)), expected (\(source), \(tag), 0)")
    }
}
