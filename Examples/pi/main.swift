// pi: computes π = ∫₀¹ 4/(1 + x²) dx by the midpoint rule, each process summing its own share of the
// intervals, and reports the error against π and the time.
//
//   make example NAME=pi NP=4                 # 10 000 000 intervals
//   make example NAME=pi NP=4 ARGS=1000000000 # or: mpirun -n 4 .build/release/pi 1000000000
//
// What it shows: the SPMD pattern at its simplest. Every process runs the same program, picks its own
// contiguous block of the intervals from its rank, and sums them without any communication; one reduction
// (MPI_Reduce with MPI_SUM) then adds the partial sums on rank 0. A barrier lines the processes up before
// the clock (MPI_Wtime) starts, and a second reduction (MPI_MAX) reports the slowest process's time, which
// is the time of the whole computation. This is MPICH's classic cpi.c, in Swift.
//
// What to expect: one line from rank 0, with π right to about 13 digits on any number of processes (the
// partial sums are rounded differently) and a time that falls as processes are added, until they outnumber
// the cores:
//
//   pi ≈ 3.141592653589923, error 1.3e-13, from 10000000 intervals on 2 processes in 0.0061 s
//
// The midpoint rule's own error is h²/12 for intervals of width h (8e-16 here; 8.3e-8 for 1000 intervals),
// so with the default intervals what remains is rounding in the sums, around 1e-13. A bad argument ends
// every process with one line from rank 0 (`pi: error: …`) and exit status 64.
import Foundation
import MPI

/// The number of intervals when none is given.
let defaultIntervals = 10_000_000

/// The number of intervals asked for on the command line (`pi [INTERVALS]`), or nil when the arguments
/// are not one positive integer.
func intervals(from arguments: [String]) -> Int? {
    switch arguments.count {
    case 0: defaultIntervals
    case 1: Int(arguments[0]).flatMap { $0 > 0 ? $0 : nil }
    default: nil
    }
}

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let size = try world.size

    // Every process reads the same command line, so all reach the same verdict; only rank 0 reports it,
    // and all finalise together instead of aborting the job.
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let intervals = intervals(from: arguments) else {
        if rank == 0 {
            let given = arguments.map { "'\($0)'" }.joined(separator: " ")
            FileHandle.standardError.write(Data("pi: error: expected one positive integer, the number of intervals (got \(given)); usage: pi [INTERVALS]\n".utf8))
        }
        try Environment.finalize()
        exit(64)
    }

    // One contiguous block of intervals per process; the first (intervals mod size) blocks are one longer.
    let base = intervals / size, extra = intervals % size
    let first = rank * base + min(rank, extra)
    let count = base + (rank < extra ? 1 : 0)

    try world.barrier()
    let start = Environment.wallTime()
    let h = 1 / Double(intervals)
    var partialSum = 0.0
    for i in first..<first + count {
        let x = h * (Double(i) + 0.5)                 // the midpoint of interval i
        partialSum += 4 / (1 + x * x)
    }
    let pi = try world.reduce(h * partialSum, .sum, root: 0)
    let seconds = try world.reduce(Environment.wallTime() - start, .max, root: 0)

    if let pi, let seconds {
        let error = String(format: "%.3g", abs(pi - Double.pi))
        print("pi ≈ \(pi), error \(error), from \(intervals) intervals on \(size) processes in \(String(format: "%.4f", seconds)) s")
    }
}
