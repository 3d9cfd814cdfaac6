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
// Each figure is measured in `blocksPerFigure` blocks of `iterations` calls after `warmup` untimed calls, with a
// barrier before each block. A block's time is the slowest rank's; the figure is the median over blocks of
// block time / iterations. Sizes, iteration counts, warm-ups, barriers, buffer contents and timer are those
// of the C reference: change both or neither (the shared ones are in BenchmarkSupport and c/bench.h).
import BenchmarkSupport
import MPI

let largeCount = 1 << 20     // 8 MiB of doubles
let allToAllCount = 1 << 17  // 1 MiB of doubles per rank

/// The contents the C reference writes: `fill + i % 7`.
func makeBuffer(_ count: Int, filling fill: Double) -> [Double] { (0..<count).map { fill + Double($0 % 7) } }

// MARK: Measurements (each a symbol of its own for callgrind, like the C reference)

@inline(never)
func allReduceScalar(_ world: Communicator, iterations: Int, times: inout [Double]) throws(MPIError) -> Double {
    let value = 1.5
    var check = 0.0
    for _ in 0..<warmups(for: iterations) { _ = try world.allReduce(value, .sum) }
    for block in 0..<blocksPerFigure {
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
    for _ in 0..<warmups(for: iterations) { try world.allReduce(send, into: &receive, .sum) }
    for block in 0..<blocksPerFigure {
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
    for _ in 0..<warmups(for: iterations) { try world.broadcast(&buffer, root: 0) }
    for block in 0..<blocksPerFigure {
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
    for _ in 0..<warmups(for: iterations) { try world.allToAll(send, into: &receive) }
    for block in 0..<blocksPerFigure {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations {
            try world.allToAll(send, into: &receive)
        }
        times[block] = Environment.wallTime() - start
    }
}

// MARK: Main

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let size = try world.size
    let scale = try iterationsScaleFromCommandLine(program: "bench-collectives")

    var times = [Double](repeating: 0, count: blocksPerFigure)
    var iterations = scaled(10000, by: scale)
    let check = try allReduceScalar(world, iterations: iterations, times: &times)
    try reportMedianBlock("allreduce \(MemoryLayout<Double>.size)", blockTimes: times, iterations: iterations)
    if check != 1.5 * Double(size) * Double(iterations * blocksPerFigure) {
        printToStandardError("bench-collectives: allreduce of one double gave a wrong sum")
        Environment.abort(code: 1)
    }

    do {
        let send = makeBuffer(largeCount, filling: Double(rank))
        var receive = makeBuffer(largeCount, filling: -1)
        iterations = scaled(10, by: scale)
        try allReduceBuffer(world, iterations: iterations, times: &times, send: send, receive: &receive)
        try reportMedianBlock("allreduce \(largeCount * MemoryLayout<Double>.size)",
                              blockTimes: times, iterations: iterations)

        var one = [receive[0]]
        iterations = scaled(10000, by: scale)
        try broadcast(world, iterations: iterations, times: &times, buffer: &one)
        try reportMedianBlock("broadcast \(MemoryLayout<Double>.size)", blockTimes: times, iterations: iterations)
        iterations = scaled(20, by: scale)
        try broadcast(world, iterations: iterations, times: &times, buffer: &receive)
        try reportMedianBlock("broadcast \(largeCount * MemoryLayout<Double>.size)",
                              blockTimes: times, iterations: iterations)
    }

    do {
        let small = makeBuffer(size, filling: Double(rank))
        var smallReceive = makeBuffer(size, filling: -1)
        iterations = scaled(10000, by: scale)
        try allToAll(world, iterations: iterations, times: &times, send: small, receive: &smallReceive)
        try reportMedianBlock("alltoall \(MemoryLayout<Double>.size)", blockTimes: times, iterations: iterations)

        let send = makeBuffer(allToAllCount * size, filling: Double(rank))
        var receive = makeBuffer(allToAllCount * size, filling: -1)
        iterations = scaled(50, by: scale)
        try allToAll(world, iterations: iterations, times: &times, send: send, receive: &receive)
        try reportMedianBlock("alltoall \(allToAllCount * MemoryLayout<Double>.size)",
                              blockTimes: times, iterations: iterations)
    }
}
