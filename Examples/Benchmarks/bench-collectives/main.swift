// bench-collectives: collective latencies through the Swift API, the twin of c/collectives.c.
//
//   swift build -c release --product bench-collectives
//   mpirun -n 2 --bind-to core .build/release/bench-collectives [--iterations-scale S]
//
// Prints the lines Examples/Benchmarks/compare-collectives.sh reads, `<name> <size_bytes> <microseconds>`:
//
//   allreduce  8        allReduce(x, .sum) of one Double, back to back
//   allreduce  8388608  allReduce(_:into:_:) of 2^20 doubles (8 MiB), back to back
//   broadcast  8        broadcast(_:root:) of one Double from rank 0, a barrier before each, only it timed
//   broadcast  8388608  broadcast(_:root:) of 2^20 doubles, likewise
//   alltoall   8        allToAll(_:into:) of one Double per rank, back to back
//   alltoall   1048576  allToAll(_:into:) of 2^17 doubles (1 MiB) per rank, back to back
//
// Each figure is measured in `blocks` blocks of `iterations` calls after `warmup` untimed calls, with a
// barrier before each block. A block's time is the slowest rank's; the figure is the median over blocks of
// block time / iterations. Sizes, iteration counts, warm-ups, barriers, buffer contents and timer are those
// of the C reference: change both or neither.
import MPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let blocks = 15
let largeCount = 1 << 20     // 8 MiB of doubles
let allToAllCount = 1 << 17  // 1 MiB of doubles per rank

func scaled(_ count: Int, _ scale: Double) -> Int { max(Int((Double(count) * scale).rounded()), 1) }
/// A tenth of the timed iterations of a block, at least one.
func warmups(_ iterations: Int) -> Int { max(iterations / 10, 1) }

/// The contents the C reference writes: `fill + i % 7`.
func makeBuffer(_ count: Int, filling fill: Double) -> [Double] { (0..<count).map { fill + Double($0 % 7) } }

// MARK: Measurements (each a symbol of its own for callgrind, like the C reference)

@inline(never)
func allReduceScalar(_ world: Communicator, iterations: Int, times: inout [Double]) throws(MPIError) -> Double {
    let value = 1.5
    var check = 0.0
    for _ in 0..<warmups(iterations) { _ = try world.allReduce(value, .sum) }
    for block in 0..<blocks {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations {
            check += try world.allReduce(value, .sum)
        }
        times[block] = Environment.wallTime() - start
    }
    return check
}

@inline(never)
func allReduceBuffer(
    _ world: Communicator, iterations: Int, times: inout [Double], send: [Double], receive: inout [Double]
) throws(MPIError) {
    for _ in 0..<warmups(iterations) { try world.allReduce(send, into: &receive, .sum) }
    for block in 0..<blocks {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations {
            try world.allReduce(send, into: &receive, .sum)
        }
        times[block] = Environment.wallTime() - start
    }
}

/// A barrier before every broadcast, so that it measures latency rather than how far the root runs
/// ahead; only the broadcast itself is timed (as in osu_bcast).
@inline(never)
func broadcast(_ world: Communicator, iterations: Int, times: inout [Double], buffer: inout [Double]) throws(MPIError) {
    for _ in 0..<warmups(iterations) { try world.broadcast(&buffer, root: 0) }
    for block in 0..<blocks {
        var total = 0.0
        for _ in 0..<iterations {
            try world.barrier()
            let start = Environment.wallTime()
            try world.broadcast(&buffer, root: 0)
            total += Environment.wallTime() - start
        }
        times[block] = total
    }
}

@inline(never)
func allToAll(
    _ world: Communicator, iterations: Int, times: inout [Double], send: [Double], receive: inout [Double]
) throws(MPIError) {
    for _ in 0..<warmups(iterations) { try world.allToAll(send, into: &receive) }
    for block in 0..<blocks {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations {
            try world.allToAll(send, into: &receive)
        }
        times[block] = Environment.wallTime() - start
    }
}

/// Rank 0 prints the median over blocks of the slowest rank's block time, per iteration.
func report(_ world: Communicator, _ name: String, bytes: Int, times: [Double], iterations: Int) throws(MPIError) {
    var slowest = [Double](repeating: 0, count: blocks)
    try world.reduce(times, into: &slowest, .max, root: 0)
    guard try world.rank == 0 else { return }
    slowest.sort()
    print("\(name) \(bytes) \(fixed(slowest[blocks / 2] * 1e6 / Double(iterations), digits: 3))")
}

/// `value` with `digits` decimals, as C's `%.Nf` prints it, without Foundation.
func fixed(_ value: Double, digits: Int) -> String {
    let factor = (0..<digits).reduce(1) { product, _ in product * 10 }
    let units = Int((value * Double(factor)).rounded())
    let fraction = String(units % factor)
    return "\(units / factor).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
}

/// Writes one line to standard error.
func printToStandardError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// The iteration scale from `--iterations-scale S`, or the one-line message rank 0 prints.
func parseScale(_ arguments: ArraySlice<String>) -> Result<Double, UsageError> {
    var scale = 1.0
    var rest = arguments
    while let argument = rest.popFirst() {
        guard argument == "--iterations-scale" else {
            return .failure(UsageError("unknown argument '\(argument)' (usage: bench-collectives [--iterations-scale S])"))
        }
        guard let value = rest.popFirst() else { return .failure(UsageError("--iterations-scale needs a value")) }
        // Bounded so that scaled iteration counts stay far inside Int (1e300 used to trap converting).
        guard let parsed = Double(value), parsed > 0, parsed <= 1000 else {
            return .failure(UsageError("--iterations-scale must be a positive number up to 1000, got '\(value)'"))
        }
        scale = parsed
    }
    return .success(scale)
}

struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

// MARK: Main

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let size = try world.size
    let scale: Double
    switch parseScale(CommandLine.arguments.dropFirst()) {
    case .success(let value): scale = value
    case .failure(let error):
        // Every rank reaches the same verdict, so all can finalise; exit non-zero so mpirun reports it.
        if rank == 0 { printToStandardError("bench-collectives: \(error.message)") }
        try Environment.finalize()
        exit(2)
    }

    var times = [Double](repeating: 0, count: blocks)
    var iterations = scaled(10000, scale)
    let check = try allReduceScalar(world, iterations: iterations, times: &times)
    try report(world, "allreduce", bytes: MemoryLayout<Double>.size, times: times, iterations: iterations)
    if check != 1.5 * Double(size) * Double(iterations * blocks) {
        printToStandardError("bench-collectives: allreduce of one double gave a wrong sum")
        Environment.abort(code: 1)
    }

    do {
        let send = makeBuffer(largeCount, filling: Double(rank))
        var receive = makeBuffer(largeCount, filling: -1)
        iterations = scaled(10, scale)
        try allReduceBuffer(world, iterations: iterations, times: &times, send: send, receive: &receive)
        try report(world, "allreduce", bytes: largeCount * MemoryLayout<Double>.size, times: times, iterations: iterations)

        var one = [receive[0]]
        iterations = scaled(10000, scale)
        try broadcast(world, iterations: iterations, times: &times, buffer: &one)
        try report(world, "broadcast", bytes: MemoryLayout<Double>.size, times: times, iterations: iterations)
        iterations = scaled(20, scale)
        try broadcast(world, iterations: iterations, times: &times, buffer: &receive)
        try report(world, "broadcast", bytes: largeCount * MemoryLayout<Double>.size, times: times, iterations: iterations)
    }

    do {
        let small = makeBuffer(size, filling: Double(rank))
        var smallReceive = makeBuffer(size, filling: -1)
        iterations = scaled(10000, scale)
        try allToAll(world, iterations: iterations, times: &times, send: small, receive: &smallReceive)
        try report(world, "alltoall", bytes: MemoryLayout<Double>.size, times: times, iterations: iterations)

        let send = makeBuffer(allToAllCount * size, filling: Double(rank))
        var receive = makeBuffer(allToAllCount * size, filling: -1)
        iterations = scaled(50, scale)
        try allToAll(world, iterations: iterations, times: &times, send: send, receive: &receive)
        try report(world, "alltoall", bytes: allToAllCount * MemoryLayout<Double>.size, times: times, iterations: iterations)
    }
}
