import MPI

/// Nonblocking and persistent point-to-point: requests, request sets, and buffers owned by requests.
enum NonblockingScenarios {
    /// How many messages every rank sends to the next one in each phase, each with its own tag.
    private static let messages = 8

    /// Elements of a large message: 512 KiB of `Double`s, eight times the largest eager limit of Open MPI's
    /// transports (64 KiB, TCP), so MPI reads the send buffer only once the receive is posted.
    private static let largeCount = 1 << 16

    /// The large message a rank sends with `tag`.
    private static func largePayload(from rank: Int, tag: Int) -> [Double] {
        (0..<largeCount).map { Double(rank * largeCount + tag + $0) }
    }

    /// The message a rank sends with `tag`; its length depends on the tag so a mixed-up slot shows.
    private static func payload(from rank: Int, tag: Int) -> [Int] {
        (0..<(tag % 100 + 2)).map { rank * 100_000 + tag * 100 + $0 }
    }

    static func nonblocking() throws {
        let ring = try Ring()
        try receivesPostedBeforeSends(ring, tags: 100..<(100 + messages))
        try sendsPostedBeforeReceives(ring, tags: 200..<(200 + messages))
        try pollingWithTestAll(ring, tags: 300..<(300 + messages))
        try pollingWithTestAny(ring, tags: 400..<(400 + messages))
        try completedRequests(ring, tag: 500)
        try emptySet()
        try synchronousSend(ring, tag: 600)
        try droppedRequests(ring, tag: 700)
        try mutationDuringSend(ring, tag: 800)
        try slices(ring, tag: 900)
        try cancelledReceive(ring, tag: 1000)
    }

    /// Every receive is posted (with one spare element) before any send starts; `waitAll` hands the
    /// buffers back in slot order.
    private static func receivesPostedBeforeSends(_ ring: Ring, tags: Range<Int>) throws {
        let world = ring.communicator
        let spare = -1
        var receives = RequestSet<[Int]>()
        for tag in tags {
            let room = payload(from: ring.previous, tag: tag).count + 1
            receives.append(try world.ireceive(into: [Int](repeating: spare, count: room), from: ring.previous, tag: tag))
        }
        try world.barrier()
        var sends = try sendAll(ring, tags: tags)

        let received = try receives.waitAll()
        try expect(received.map(\.index) == Array(0..<tags.count), "waitAll handed back slots \(received.map(\.index))")
        for (index, buffer, status) in received {
            let tag = tags.lowerBound + index
            try expectReceived(Array(buffer.dropLast()), status, from: ring.previous, tag: tag, "waitAll slot \(index)")
            try expect(buffer.last == spare, "waitAll slot \(index): the spare element became \(String(describing: buffer.last))")
        }
        let sent = try sends.waitAll()
        for (index, buffer, _) in sent {
            try expect(buffer == payload(from: ring.rank, tag: tags.lowerBound + index),
                       "waitAll handed back send slot \(index) changed: \(buffer)")
        }
        try expect(receives.isEmpty && sends.isEmpty, "sets still hold pending requests after waitAll")
    }

    /// Every send is posted before any receive; the receives, posted in reverse tag order, complete one
    /// at a time through `waitAny` until it returns `nil`.
    private static func sendsPostedBeforeReceives(_ ring: Ring, tags: Range<Int>) throws {
        let world = ring.communicator
        var sends = try sendAll(ring, tags: tags)
        try world.barrier()
        var receives = RequestSet<[Int]>()
        var tagOfSlot: [Int: Int] = [:]
        for tag in tags.reversed() {
            let count = payload(from: ring.previous, tag: tag).count
            tagOfSlot[receives.append(try world.ireceive(count: count, of: Int.self, from: ring.previous, tag: tag))] = tag
        }
        var completed = Set<Int>()
        while let completion = try receives.waitAny() {
            let tag = tagOfSlot[completion.index] ?? -1
            try expectReceived(completion.buffer, completion.status, from: ring.previous, tag: tag, "waitAny slot \(completion.index)")
            try expect(completed.insert(completion.index).inserted, "waitAny handed back slot \(completion.index) twice")
        }
        try expect(completed.count == tags.count, "waitAny handed back \(completed.count) of \(tags.count) slots")
        _ = try sends.waitAll()
    }

    /// `testAll` polled until everything has completed.
    private static func pollingWithTestAll(_ ring: Ring, tags: Range<Int>) throws {
        var receives = try receiveAll(ring, tags: tags)
        var sends = try sendAll(ring, tags: tags)
        var received: [(index: Int, buffer: [Int], status: Status)]?
        while received == nil { received = try receives.testAll() }
        try expect(received?.map(\.index) == Array(0..<tags.count), "testAll handed back slots \(received?.map(\.index) ?? [])")
        for (index, buffer, status) in received ?? [] {
            try expectReceived(buffer, status, from: ring.previous, tag: tags.lowerBound + index, "testAll slot \(index)")
        }
        while try sends.testAll() == nil {}
        try expect(try receives.testAll()?.isEmpty == true, "testAll on a completed set handed back buffers again")
    }

    /// `testAny` polled until every slot has been handed back, then it reports nothing pending.
    private static func pollingWithTestAny(_ ring: Ring, tags: Range<Int>) throws {
        var receives = try receiveAll(ring, tags: tags)
        var sends = try sendAll(ring, tags: tags)
        var completed = Set<Int>()
        while completed.count < tags.count {
            guard let completion = try receives.testAny() else { continue }
            try expectReceived(completion.buffer, completion.status, from: ring.previous,
                               tag: tags.lowerBound + completion.index, "testAny slot \(completion.index)")
            try expect(completed.insert(completion.index).inserted, "testAny handed back slot \(completion.index) twice")
        }
        try expect(try receives.testAny() == nil, "testAny found a completion in a set with nothing pending")
        _ = try sends.waitAll()
    }

    /// Sets of requests that `test()` already saw complete: every call returns at once with their buffers
    /// and the statuses observed by `test()`, and `waitAny` ends with `nil`.
    private static func completedRequests(_ ring: Ring, tag: Int) throws {
        let expectedSent = payload(from: ring.rank, tag: tag)
        func checkSlots(_ handedBack: [(index: Int, buffer: [Int], status: Status)], _ call: String) throws {
            try expect(handedBack.map(\.index) == [0, 1], "\(call) on completed requests handed back slots \(handedBack.map(\.index))")
            for (index, buffer, status) in handedBack where index == 0 {
                try expectReceived(buffer, status, from: ring.previous, tag: tag, "\(call) on a completed receive")
            }
            for (index, buffer, _) in handedBack where index == 1 {
                try expect(buffer == expectedSent, "\(call) on a completed send handed back \(buffer)")
            }
        }

        var waitAll = try completedSet(ring, tag: tag)
        try checkSlots(try waitAll.waitAll(), "waitAll")
        try expect(try waitAll.waitAll().isEmpty, "a second waitAll handed back buffers again")

        var testAll = try completedSet(ring, tag: tag)
        try checkSlots(try testAll.testAll() ?? [], "testAll")

        var waitAny = try completedSet(ring, tag: tag)
        var waited: [(index: Int, buffer: [Int], status: Status)] = []
        while let completion = try waitAny.waitAny() { waited.append(completion) }
        try checkSlots(waited, "waitAny")

        var testAny = try completedSet(ring, tag: tag)
        var tested: [(index: Int, buffer: [Int], status: Status)] = []
        while let completion = try testAny.testAny() { tested.append(completion) }
        try checkSlots(tested, "testAny")
    }

    /// An empty set: nothing to wait for, so every call returns at once.
    private static func emptySet() throws {
        var empty = RequestSet<[Int]>()
        try expect(empty.isEmpty && empty.count == 0, "a new RequestSet is not empty")
        try expect(try empty.waitAll().isEmpty, "waitAll on an empty set handed back buffers")
        try expect(try empty.waitAny() == nil, "waitAny on an empty set handed back a buffer")
        try expect(try empty.testAll()?.isEmpty == true, "testAll on an empty set did not report completion")
        try expect(try empty.testAny() == nil, "testAny on an empty set handed back a buffer")
    }

    /// A synchronous send cannot complete before its receive is posted, which here happens only after a
    /// barrier that the sender has not reached yet.
    private static func synchronousSend(_ ring: Ring, tag: Int) throws {
        let world = ring.communicator
        var send = try world.isend(payload(from: ring.rank, tag: tag), to: ring.next, tag: tag, mode: .synchronous)
        try expect(try !send.test(), "a synchronous isend completed before its receive was posted")
        try world.barrier()
        let count = payload(from: ring.previous, tag: tag).count
        let (buffer, status) = try world.ireceive(count: count, of: Int.self, from: ring.previous, tag: tag).wait()
        try expectReceived(buffer, status, from: ring.previous, tag: tag, "synchronous isend")
        _ = try send.wait()
    }

    /// A send request, and a set of them, dropped without waiting wait in their deinit, so the buffer
    /// outlives the transfer of a large message.
    private static func droppedRequests(_ ring: Ring, tag: Int) throws {
        let world = ring.communicator
        let single = try world.ireceive(count: largeCount, of: Double.self, from: ring.previous, tag: tag)
        let inSet = try world.ireceive(count: largeCount, of: Double.self, from: ring.previous, tag: tag + 1)
        _ = try world.isend(largePayload(from: ring.rank, tag: tag), to: ring.next, tag: tag)
        do {
            var sends = RequestSet<[Double]>()
            sends.append(try world.isend(largePayload(from: ring.rank, tag: tag + 1), to: ring.next, tag: tag + 1))
        }
        try expectArrived(single, largePayload(from: ring.previous, tag: tag), from: ring.previous, "dropped request")
        try expectArrived(inSet, largePayload(from: ring.previous, tag: tag + 1), from: ring.previous, "dropped set")
    }

    /// The request owns what it sends: overwriting the caller's copy while the send is pending changes a
    /// separate copy (copy-on-write), never the bytes MPI reads. The barrier puts every overwrite before
    /// any receive is posted, so MPI reads each large buffer only after the caller changed its copy.
    private static func mutationDuringSend(_ ring: Ring, tag: Int) throws {
        let world = ring.communicator
        var data = largePayload(from: ring.rank, tag: tag)
        let send = try world.isend(data, to: ring.next, tag: tag)
        for index in data.indices { data[index] = -1 }
        try world.barrier()
        let receive = try world.ireceive(count: largeCount, of: Double.self, from: ring.previous, tag: tag)
        try expectArrived(receive, largePayload(from: ring.previous, tag: tag), from: ring.previous, "send overwritten by its caller")
        let (sent, _) = try send.wait()
        try expect(sent == largePayload(from: ring.rank, tag: tag), "the send request handed back a changed buffer")
    }

    /// Slices are request buffers too: a received slice comes back with its indices, the array it was cut
    /// from stays untouched, and a slice of a longer array sends only its elements.
    private static func slices(_ ring: Ring, tag: Int) throws {
        let world = ring.communicator
        let whole = Array(0..<10)
        let outgoing = [ring.rank * 10, ring.rank * 10 + 1, ring.rank * 10 + 2, ring.rank * 10 + 3, -1]
        let receive = try world.ireceive(into: whole[2..<6], from: ring.previous, tag: tag)
        let send = try world.isend(outgoing[0..<4], to: ring.next, tag: tag)
        let (slice, status) = try receive.wait()
        let expected = (0..<4).map { ring.previous * 10 + $0 }
        try expect(slice.indices == 2..<6 && Array(slice) == expected,
                   "received slice \(slice) at \(slice.indices), expected \(expected) at 2..<6")
        try expect(status.count == 4, "the slice's status counts \(status.count) elements, expected 4")
        try expect(whole == Array(0..<10), "receiving into a slice changed the array it was cut from: \(whole)")
        _ = try send.wait()
    }


    /// A receive nobody will match is cancelled; its buffer comes back untouched.
    private static func cancelledReceive(_ ring: Ring, tag: Int) throws {
        var receive = try ring.communicator.ireceive(into: [7, 7, 7], from: ring.previous, tag: tag)
        try receive.cancel()
        let (buffer, status) = try receive.wait()
        try expect(status.isCancelled, "the cancelled receive's status does not say cancelled")
        try expect(buffer == [7, 7, 7], "the cancelled receive changed its buffer to \(buffer)")
    }

    /// Persistent send and receive, started and completed ten times; the send buffer changes between
    /// iterations through `withElements`, which refuses while the request is active.
    static func persistent() throws {
        let ring = try Ring()
        let world = ring.communicator
        let count = 6
        let spare = -1.0
        func values(from rank: Int, iteration: Int) -> [Double] {
            (0..<count).map { Double(rank * 1_000 + iteration * 10 + $0) }
        }
        var send = try world.sendInit([Double](repeating: 0, count: count), to: ring.next, tag: 5)
        var receive = try world.receiveInit(
            into: [Double](repeating: spare, count: count + 1), from: ring.previous, tag: 5)

        for iteration in 0..<10 {
            let outgoing = values(from: ring.rank, iteration: iteration)
            try send.withElements { span in
                for index in 0..<span.count { span[index] = outgoing[index] }
            }
            try receive.start()
            try send.start()
            try expectError(.pending, "withElements on an active persistent send") { try send.withElements { _ in } }
            try expectError(.request, "start on an active persistent send") { try send.start() }

            // Odd iterations poll with test(), even ones wait.
            var status: Status
            if iteration % 2 == 0 {
                status = try receive.wait()
            } else {
                var tested: Status?
                while tested == nil { tested = try receive.test() }
                status = tested!
            }
            try send.wait()
            try expect(status.source == ring.previous && status.tag == 5 && status.count == count,
                       "iteration \(iteration): status (\(status.source), \(status.tag), \(status.count))")
            let incoming = try receive.withElements { span in (0..<span.count).map { span[$0] } }
            let expected = values(from: ring.previous, iteration: iteration) + [spare]
            try expect(incoming == expected, "iteration \(iteration): received \(incoming), expected \(expected)")
        }
    }

    /// A persistent request that is not active has nothing to complete: `wait()` and `test()` return at
    /// once with MPI's empty status (source `anySource`, tag `anyTag`, count 0), never started or after
    /// its operation completed.
    static func inactivePersistent() throws {
        let ring = try Ring()
        var receive = try ring.communicator.receiveInit(into: [0], from: ring.previous, tag: 6)
        var send = try ring.communicator.sendInit([ring.rank], to: ring.next, tag: 6)
        try expectEmpty(try receive.wait(), "wait() on a persistent receive never started")
        try expectEmpty(try receive.test(), "test() on a persistent receive never started")
        try receive.start()
        try send.start()
        try receive.wait()
        try send.wait()
        try expectEmpty(try receive.wait(), "wait() on a completed persistent receive")
        try expectEmpty(try receive.test(), "test() on a completed persistent receive")
    }

    // MARK: Helpers

    /// Posts a send of `payload(from: rank, tag:)` to the next rank for every tag.
    private static func sendAll(_ ring: Ring, tags: Range<Int>) throws -> RequestSet<[Int]> {
        var sends = RequestSet<[Int]>()
        for tag in tags {
            sends.append(try ring.communicator.isend(payload(from: ring.rank, tag: tag), to: ring.next, tag: tag))
        }
        return sends
    }

    /// Posts a receive of exactly the expected length from the previous rank for every tag.
    private static func receiveAll(_ ring: Ring, tags: Range<Int>) throws -> RequestSet<[Int]> {
        var receives = RequestSet<[Int]>()
        for tag in tags {
            let count = payload(from: ring.previous, tag: tag).count
            receives.append(try ring.communicator.ireceive(count: count, of: Int.self, from: ring.previous, tag: tag))
        }
        return receives
    }

    /// A set holding a receive (slot 0) and a send (slot 1) that `test()` has already seen complete.
    private static func completedSet(_ ring: Ring, tag: Int) throws -> RequestSet<[Int]> {
        let count = payload(from: ring.previous, tag: tag).count
        var receive = try ring.communicator.ireceive(count: count, of: Int.self, from: ring.previous, tag: tag)
        var send = try ring.communicator.isend(payload(from: ring.rank, tag: tag), to: ring.next, tag: tag)
        while try !receive.test() || !send.test() {}
        var set = RequestSet<[Int]>()
        set.append(receive)
        set.append(send)
        return set
    }

    /// Waits for a receive and checks that `expected` arrived from `sender`.
    private static func expectArrived(
        _ receive: consuming Request<[Double]>, _ expected: [Double], from sender: Int, _ operation: String
    ) throws {
        let (buffer, status) = try receive.wait()
        try expect(status.source == sender && status.count == expected.count,
                   "\(operation): message arrived with status (source \(status.source), count \(status.count))")
        let firstWrong = buffer.indices.first { buffer[$0] != expected[$0] }
        try expect(firstWrong == nil, "\(operation): message wrong from element \(firstWrong ?? 0)")
    }

    /// Checks that a call on an inactive request returned MPI's empty status.
    private static func expectEmpty(_ status: Status?, _ call: String) throws {
        guard let status else { throw ScenarioFailure("\(call) reported the request still in progress") }
        try expect(status.source == Communicator.anySource && status.tag == Communicator.anyTag && status.count == 0,
                   "\(call) returned status (source \(status.source), tag \(status.tag), count \(status.count)); MPI's empty status is (\(Communicator.anySource), \(Communicator.anyTag), 0)")
    }

    /// Checks a received message against what `sender` sends with `tag`.
    private static func expectReceived(
        _ buffer: [Int], _ status: Status, from sender: Int, tag: Int, _ operation: String
    ) throws {
        let expected = payload(from: sender, tag: tag)
        try expect(buffer == expected, "\(operation): received \(buffer), expected \(expected)")
        try expect(status.source == sender && status.tag == tag && status.count == expected.count,
                   "\(operation): status (source \(status.source), tag \(status.tag), count \(status.count)), expected (\(sender), \(tag), \(expected.count))")
    }
}
