import Dispatch
import MPI
import Synchronization

/// Completing requests from Swift concurrency: many tasks await their own requests at once.
///
/// Runs with `MPI_THREAD_MULTIPLE` (main.swift asks for it for this scenario only), because the tasks
/// call MPI from whatever threads the cooperative pool gives them.
enum AsyncScenarios {
    /// Child tasks per rank and round.
    static let tasks = 64
    static let rounds = 3

    static func asyncProgress() throws {
        let provided = try Environment.threadLevel()
        try expect(provided == .multiple, "the async scenario needs MPI_THREAD_MULTIPLE, MPI provides \(provided)")
        try blockOn {
            for round in 0..<rounds {
                try await ringOfTasks(round: round)
                try await requestSets(round: round)
            }
        }
    }

    /// Half the tasks (added first, so they take the pool's threads first) await a message whose sender
    /// is one of the other half — on another rank, or at one rank on this very process — and then reply.
    /// A task blocking its thread in `MPI_Wait` would leave the senders unscheduled and deadlock; the
    /// async `wait()` yields instead.
    private static func ringOfTasks(round: Int) async throws {
        let world = Communicator.world
        let ring = try Ring(world)
        let pairs = tasks / 2
        let completed = try await withThrowingTaskGroup(of: Int.self) { group in
            for t in 0..<pairs {
                group.addTask {
                    // Receiver: a question from the previous rank, answered to it.
                    let question = try world.ireceive(count: 3, of: Int.self, from: ring.previous, tag: t)
                    let (message, status) = try await question.wait()
                    try expect(message == [ring.previous, t, round] && status.source == ring.previous && status.tag == t,
                               "task \(t) received \(message) from \(status.source) with tag \(status.tag)")
                    let answer = try world.isend([message[0] * 1000 + t, round], to: ring.previous, tag: pairs + t)
                    try await answer.wait()
                    return 1
                }
            }
            for t in 0..<pairs {
                group.addTask {
                    // Asker: sends the question to the next rank and awaits the answer.
                    let reply = try world.ireceive(count: 2, of: Int.self, from: ring.next, tag: pairs + t)
                    let question = try world.isend([ring.rank, t, round], to: ring.next, tag: t)
                    let (sent, _) = try await question.wait()
                    try expect(sent == [ring.rank, t, round], "task \(pairs + t): isend handed back \(sent)")
                    let (answer, _) = try await reply.wait()
                    try expect(answer == [ring.rank * 1000 + t, round], "task \(pairs + t) got the answer \(answer)")
                    return 1
                }
            }
            return try await group.reduce(0, +)
        }
        try expect(completed == tasks, "\(completed) of \(tasks) tasks completed")
    }

    /// Each task exchanges a batch of messages through a `RequestSet` and awaits them all at once; one
    /// more task awaits a nonblocking collective meanwhile.
    private static func requestSets(round: Int) async throws {
        let world = Communicator.world
        let ring = try Ring(world)
        let batch = 4
        let base = 1000 + round * 100
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var receives = RequestSet<[Double]>()
                    for k in 0..<batch {
                        receives.append(try world.ireceive(into: [Double](repeating: -1, count: 2),
                                                           from: ring.previous, tag: base + t * batch + k))
                    }
                    var sends = RequestSet<[Double]>()
                    for k in 0..<batch {
                        sends.append(try world.isend([Double(ring.rank), Double(t * batch + k)], to: ring.next,
                                                     tag: base + t * batch + k))
                    }
                    let received = try await receives.waitAll()
                    try expect(received.map(\.index) == Array(0..<batch), "task \(t): waitAll slots \(received.map(\.index))")
                    for (index, buffer, _) in received {
                        try expect(buffer == [Double(ring.previous), Double(t * batch + index)],
                                   "task \(t), slot \(index): received \(buffer)")
                    }
                    _ = try await sends.waitAll()
                    try expect(receives.isEmpty && sends.isEmpty, "task \(t): sets still pending after waitAll")
                }
            }
            // A collective awaited from one task while the others exchange messages (only this task
            // starts collectives, so every rank starts them in the same order).
            group.addTask {
                let sum = try world.iallReduce([ring.rank + round, 1], .sum)
                let (result, _) = try await sum.wait()
                let expected = [ring.size * (ring.size - 1) / 2 + ring.size * round, ring.size]
                try expect(result == expected, "awaited iallReduce gave \(result), expected \(expected)")
            }
            try await group.waitForAll()
        }
    }

    /// Runs `body` on the cooperative pool and blocks the calling (main) thread until it finishes. The
    /// main thread is not one of the pool's, so blocking it starves no task.
    private static func blockOn(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await body()
                outcome.result.withLock { $0 = .success(()) }
            } catch {
                outcome.result.withLock { $0 = .failure(error) }
            }
            finished.signal()
        }
        finished.wait()
        try outcome.result.withLock { $0 }!.get()
    }

    private final class Outcome: Sendable {
        let result = Mutex<Result<Void, any Error>?>(nil)
    }
}
