// Codable object messages: `Communicator.sendObject(_:to:tag:)` and `receiveObject(_:from:tag:)`.
import MPI

/// Codable values of every shape round-trip between ranks, and many senders to one receiver keep order.
enum ObjectScenarios {
    struct Reading: Codable, Equatable {
        var label: String
        var samples: [Double]
    }

    enum Shape: Codable, Equatable {
        case point
        case circle(radius: Double)
        case polygon(vertices: [Reading], closed: Bool)
    }

    struct Record: Codable, Equatable {
        var sender: Int
        var title: String
        var reading: Reading
        var nickname: String?
        var missing: Int?
        var shapes: [Shape]
        var index: [String: [Int]]
    }

    /// One message of a numbered stream from one sender.
    struct Numbered: Codable, Equatable {
        var sender: Int
        var sequence: Int
        var text: String
    }

    /// A nested value that differs by sender, with multibyte text, nil and present optionals, enum cases
    /// with associated values and a dictionary.
    static func record(from sender: Int) -> Record {
        Record(
            sender: sender,
            title: "rank \(sender): héllo, wörld — 世界 🌍",
            reading: Reading(label: "température", samples: [Double(sender), -0.5, 1e300]),
            nickname: sender % 2 == 0 ? "even ✓" : nil,
            missing: nil,
            shapes: [.point, .circle(radius: Double(sender) + 0.25),
                     .polygon(vertices: [Reading(label: "∂", samples: [])], closed: sender % 2 == 1)],
            index: ["zero": [], "ranks": Array(0...sender), "ключ": [sender]])
    }

    static func objects() throws {
        let ring = try Ring()
        try passAround(ring, tag: 1, record(from:))
        try passAround(ring, tag: 2) { "ünïcödé 🚀 from \($0)" }
        try passAround(ring, tag: 3) { [Int?.none, $0, nil] }
        try passAround(ring, tag: 4) { sender in sender % 2 == 0 ? Shape.circle(radius: 2) : .polygon(vertices: [], closed: true) }
        try passAround(ring, tag: 5) { ["a": $0, "é": -$0] }
        try manySendersToOne(ring, tag: 6)
    }

    /// Sends `value(rank)` to the next rank and checks `value(previous)` arrives. Rank 0 starts its send
    /// without blocking and the others receive first, so no send relies on MPI buffering it (at one rank,
    /// rank 0 sends to itself: MPICH's blocking send to oneself waits for the receive).
    private static func passAround<T: Codable & Equatable>(_ ring: Ring, tag: Int, _ value: (Int) -> T) throws {
        let world = ring.communicator
        func receive() throws {
            let received = try world.receiveObject(T.self, from: ring.previous, tag: tag)
            try expect(received == value(ring.previous), "\(T.self) arrived as \(received), expected \(value(ring.previous))")
        }
        if ring.rank == 0 {
            let sending = try world.isendObject(value(ring.rank), to: ring.next, tag: tag)
            try receive()
            _ = try sending.wait()
        } else {
            try receive()
            try world.sendObject(value(ring.rank), to: ring.next, tag: tag)
        }
    }

    /// Every other rank sends 20 numbered objects to rank 0, which receives from any source: each must
    /// arrive intact and, per sender, in order.
    private static func manySendersToOne(_ ring: Ring, tag: Int) throws {
        let perSender = 20
        func message(_ sender: Int, _ sequence: Int) -> Numbered {
            Numbered(sender: sender, sequence: sequence, text: String(repeating: "✦", count: sequence) + "\(sender)")
        }
        guard ring.rank == 0 else {
            for sequence in 0..<perSender {
                try ring.communicator.sendObject(message(ring.rank, sequence), to: 0, tag: tag)
            }
            return
        }
        var nextSequence = [Int](repeating: 0, count: ring.size)
        for _ in 0..<((ring.size - 1) * perSender) {
            let received = try ring.communicator.receiveObject(Numbered.self, from: Communicator.anySource, tag: tag)
            try expect((1..<ring.size).contains(received.sender), "an object names sender \(received.sender)")
            let expected = message(received.sender, nextSequence[received.sender])
            try expect(received == expected, "from rank \(received.sender) arrived \(received), expected \(expected)")
            nextSequence[received.sender] += 1
        }
        try expect(nextSequence.dropFirst().allSatisfy { $0 == perSender }, "objects received per sender: \(nextSequence)")
    }
}
