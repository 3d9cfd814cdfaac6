// bench-p2p: point-to-point latency and bandwidth through the Swift API, the twin of c/pingpong.c.
//
//   swift build -c release --product bench-p2p
//   mpirun -n 2 --bind-to core .build/release/bench-p2p [--iterations-scale S] [--sizes MIN:MAX]
//
// Prints the lines Examples/Benchmarks/compare-p2p.sh reads:
//
//   latency <bytes> <microseconds>         half a round trip of send / receive (osu_latency)
//   bandwidth <bytes> <MBps>               windows of 64 isend / ireceive, each request waited on (osu_bw)
//   bandwidth-requestset <bytes> <MBps>    the same windows through a RequestSet and waitAll()
//   object <bytes-encoded> <microseconds>  ping-pong of a Codable struct (sendObject / receiveObject)
//
// Two bandwidth lines because the idiomatic RequestSet allocates and runs unspecialised generic code for
// every window, which dominates at small sizes; `bandwidth` is the fastest way through the public
// nonblocking API, `bandwidth-requestset` tracks the cost of the convenient one.
//
// Sizes, iteration counts, warm-ups, tags, buffers and timer are those of the C reference: change both or
// neither, or the ratios stop meaning anything. The helpers both share with the other benchmarks are in
// BenchmarkSupport and c/bench.h.
import BenchmarkSupport
import MPI
import SolverSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Messages in flight per bandwidth iteration, as in osu_bw.
let window = 64
/// Above this size the iteration counts shrink with the size.
let large = 8192
let maxSizeLimit = 1 << 22
let latencyTag = 1
let bandwidthTag = 2
let ackTag = 3
let ackBytes = 4
let objectTag = 4

// MARK: Iteration counts (identical to the C reference)

/// Iterations shrink as 1/size above `large` so every size moves about the same number of bytes, with a
/// floor so the largest sizes still average over enough repetitions.
func sizedIterations(_ base: Int, floor: Int, size: Int, scale: Double) -> Int {
    scaled(max(size <= large ? base : base * large / size, floor), by: scale)
}

func latencyIterations(_ size: Int, _ scale: Double) -> Int {
    sizedIterations(10000, floor: 100, size: size, scale: scale)
}

func bandwidthIterations(_ size: Int, _ scale: Double) -> Int {
    sizedIterations(100, floor: 20, size: size, scale: scale)
}

/// The sizes 0, 1, 2, 4, …: zero, then powers of two.
func sizes(from minimum: Int, through maximum: Int) -> [Int] {
    Array(sequence(first: minimum) { $0 == 0 ? 1 : $0 * 2 }.prefix { $0 <= maximum })
}

// MARK: Arguments

struct Options {
    var scale = 1.0
    var minSize = 0
    var maxSize = maxSizeLimit

    /// Parses the command line; the error is the one-line message rank 0 prints.
    init(_ arguments: ArraySlice<String>) throws(ValidationError) {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--iterations-scale":
                scale = try iterationsScale(rest.popFirst())
            case "--sizes":
                guard let value = rest.popFirst() else { throw ValidationError("--sizes needs a value MIN:MAX") }
                let bounds = value.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
                guard bounds.count == 2, let low = bounds[0], let high = bounds[1],
                      isSize(low), isSize(high), low <= high, high <= maxSizeLimit else {
                    throw ValidationError(
                        "--sizes must be MIN:MAX, each 0 or a power of two up to \(maxSizeLimit), MIN <= MAX; got '\(value)'")
                }
                (minSize, maxSize) = (low, high)
            default:
                throw unknownArgument(argument, usage: "bench-p2p [--iterations-scale S] [--sizes MIN:MAX]")
            }
        }
    }

    private func isSize(_ value: Int) -> Bool { value == 0 || (value > 0 && value & (value - 1) == 0) }
}

// MARK: Buffers

/// Page-aligned, filled memory from `posix_memalign`, the call the C reference makes. Deliberately no
/// `madvise(MADV_HUGEPAGE)`: neither side gets huge pages (see the guide, section 3).
func allocate(_ bytes: Int, filling fill: UInt8) -> UnsafeMutableBufferPointer<UInt8> {
    var memory: UnsafeMutableRawPointer? = nil
    guard posix_memalign(&memory, 4096, max(bytes, 1)) == 0, let memory else {
        fatalError("bench-p2p: cannot allocate \(bytes) bytes")
    }
    memset(memory, Int32(fill), max(bytes, 1))
    return UnsafeMutableBufferPointer(start: memory.bindMemory(to: UInt8.self, capacity: bytes), count: bytes)
}

/// A view of memory the benchmark allocated, so that nonblocking requests can own it.
///
/// The library's own request buffers (`Array` and friends) guarantee that nothing else touches bytes in
/// flight; a window of 64 receives into one buffer, which osu_bw and the C reference do, needs a type that
/// lets the caller take that responsibility, as C does. It also keeps both sides on the same page-aligned
/// memory.
struct MessageBytes: RequestBuffer {
    let storage: UnsafeMutableBufferPointer<UInt8>

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(position: Int) -> UInt8 {
        get { storage[position] }
        nonmutating set { storage[position] = newValue }
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try body(UnsafeBufferPointer(storage))
    }

    mutating func withContiguousMutableStorageIfAvailable<R>(
        _ body: (inout UnsafeMutableBufferPointer<UInt8>) throws -> R
    ) rethrows -> R? {
        var view = storage
        return try body(&view)
    }
}

// MARK: Measurements

@inline(never) // a symbol of its own for callgrind, like the C reference; called once per size
func latency(
    _ world: Communicator, rank: Int, size: Int, iterations: Int,
    send: UnsafeMutableBufferPointer<UInt8>, receive: UnsafeMutableBufferPointer<UInt8>
) throws(MPIError) {
    let outgoing = UnsafeBufferPointer(rebasing: send[..<size])
    let incoming = UnsafeMutableBufferPointer(rebasing: receive[..<size])
    let warmup = warmups(for: iterations)
    var start = 0.0
    try world.barrier()
    for i in 0..<(warmup + iterations) {
        if i == warmup { start = Environment.wallTime() }
        if rank == 0 {
            try world.send(outgoing, to: 1, tag: latencyTag)
            try world.receive(into: incoming, from: 1, tag: latencyTag)
        } else {
            try world.receive(into: incoming, from: 0, tag: latencyTag)
            try world.send(outgoing, to: 0, tag: latencyTag)
        }
    }
    let elapsed = Environment.wallTime() - start
    if rank == 0 { print("latency \(size) \(fixed(elapsed * 1e6 / (2 * Double(iterations)), 3))") }
}

/// How a bandwidth window completes its 64 requests.
enum WindowCompletion: String {
    /// Each `Request` waited on in turn, from storage allocated once: no allocation per window.
    case eachRequest = "bandwidth"
    /// The requests appended to a new `RequestSet` and completed with one `waitAll()`.
    case requestSet = "bandwidth-requestset"
}

/// Starts one message of a window: rank 0 sends, rank 1 receives.
@inline(__always)
func post(
    _ world: Communicator, rank: Int, _ outgoing: MessageBytes, _ incoming: MessageBytes
) throws(MPIError) -> Request<MessageBytes> {
    rank == 0
        ? try world.isend(outgoing, to: 1, tag: bandwidthTag)
        : try world.ireceive(into: incoming, from: 0, tag: bandwidthTag)
}

/// Every message of a window goes into the same receive buffer, as in osu_bw: the data is never read.
@inline(never)
func bandwidth(
    _ world: Communicator, rank: Int, size: Int, iterations: Int, completion: WindowCompletion,
    send: UnsafeMutableBufferPointer<UInt8>, receive: UnsafeMutableBufferPointer<UInt8>
) throws(MPIError) {
    let outgoing = MessageBytes(storage: UnsafeMutableBufferPointer(rebasing: send[..<size]))
    let incoming = MessageBytes(storage: UnsafeMutableBufferPointer(rebasing: receive[..<size]))
    let ack = UnsafeBufferPointer(rebasing: send[..<ackBytes])
    let ackIncoming = UnsafeMutableBufferPointer(rebasing: receive[..<ackBytes])
    // Noncopyable requests cannot live in an Array; this storage holds a window of them. A throw leaves some
    // here unwaited, but it also aborts the job (Environment.run), so MPI never outlives them.
    let pending = UnsafeMutablePointer<Request<MessageBytes>>.allocate(capacity: window)
    defer { pending.deallocate() }
    let warmup = warmups(for: iterations)
    var start = 0.0
    try world.barrier()
    for i in 0..<(warmup + iterations) {
        if i == warmup { start = Environment.wallTime() }
        switch completion {
        case .eachRequest:
            for j in 0..<window {
                (pending + j).initialize(to: try post(world, rank: rank, outgoing, incoming))
            }
            for j in 0..<window { try (pending + j).move().wait() }
        case .requestSet:
            var requests = RequestSet<MessageBytes>()
            for _ in 0..<window {
                requests.append(try post(world, rank: rank, outgoing, incoming))
            }
            _ = try requests.waitAll()
        }
        if rank == 0 {
            try world.receive(into: ackIncoming, from: 1, tag: ackTag)
        } else {
            try world.send(ack, to: 0, tag: ackTag)
        }
    }
    let elapsed = Environment.wallTime() - start
    if rank == 0 {
        let bytes = Double(size) * Double(window) * Double(iterations)
        print("\(completion.rawValue) \(size) \(fixed(bytes / elapsed / 1e6, 2))")
    }
}

/// A small `Codable` value of the kind a particle code sends: a scalar, a short array and a string.
struct Particle: Codable {
    var id: Int
    var position: [Double]
    var label: String
}

/// Ping-pong of a `Codable` struct; the encoded size comes from probing the first reply.
///
/// Untyped `throws`: encoding and decoding may report their own errors besides `MPIError`.
@inline(never)
func objectLatency(_ world: Communicator, rank: Int, iterations: Int) throws {
    var particle = Particle(id: 42, position: [1.5, -2.25, 3.125], label: "electron")
    let warmup = warmups(for: iterations)
    var encodedBytes = 0
    var start = 0.0
    try world.barrier()
    for i in 0..<(warmup + iterations) {
        if i == warmup { start = Environment.wallTime() }
        if rank == 0 {
            try world.sendObject(particle, to: 1, tag: objectTag)
            if i == 0 { encodedBytes = try world.probe(from: 1, tag: objectTag).count }
            particle = try world.receiveObject(Particle.self, from: 1, tag: objectTag)
        } else {
            particle = try world.receiveObject(Particle.self, from: 0, tag: objectTag)
            try world.sendObject(particle, to: 0, tag: objectTag)
        }
    }
    let elapsed = Environment.wallTime() - start
    if rank == 0 { print("object \(encodedBytes) \(fixed(elapsed * 1e6 / (2 * Double(iterations)), 3))") }
}

// MARK: Main

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let worldSize = try world.size
    let options: Options
    do throws(ValidationError) {
        options = try Options(CommandLine.arguments.dropFirst())
        if worldSize != 2 { throw ValidationError("needs exactly 2 processes, got \(worldSize) (mpirun -n 2 …)") }
    } catch {
        try refuseAndExit(error, program: "bench-p2p")
    }

    let send = allocate(options.maxSize, filling: UInt8(ascii: "a"))
    let receive = allocate(options.maxSize, filling: UInt8(ascii: "b"))
    defer {
        free(send.baseAddress)
        free(receive.baseAddress)
    }
    for size in sizes(from: options.minSize, through: options.maxSize) {
        try latency(world, rank: rank, size: size, iterations: latencyIterations(size, options.scale),
                    send: send, receive: receive)
    }
    // A bandwidth of zero-byte messages measures nothing; osu_bw starts at 1 too.
    for completion in [WindowCompletion.eachRequest, .requestSet] {
        for size in sizes(from: max(options.minSize, 1), through: options.maxSize) {
            try bandwidth(world, rank: rank, size: size, iterations: bandwidthIterations(size, options.scale),
                          completion: completion, send: send, receive: receive)
        }
    }
    try objectLatency(world, rank: rank, iterations: latencyIterations(0, options.scale))
}

