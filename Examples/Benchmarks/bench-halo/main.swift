// bench-halo: DomainDecomposition's halo exchange and a Jacobi kernel written with its API, the twin of
// c/halo.c.
//
//   swift build -c release -Xswiftc -target-cpu -Xswiftc native --product bench-halo
//   mpirun -n 2 --bind-to core .build/release/bench-halo [--iterations-scale S]
//
// A 4096 × 4096 DistributedArray<Double> with one ghost layer (so at 2 ranks on a 2 × 1 grid each block
// is stored as 2050 rows of 4098 doubles, as in the C reference). Prints the lines
// Examples/Benchmarks/compare-halo.sh reads, `<work> <grid> <microseconds>`:
//
//   updateHalo       PxQ  DistributedArray.updateHalo() (star stencil: faces only; open edges)
//   exchange         PxQ  HaloExchange(u, stencil: .star).exchange(), the plan made beforehand
//   sweep            PxQ  5-point Jacobi sweep over the owned cells: withUnsafeMutableElements, offset(i, j)
//                         and strides[0], one index per cell
//   sweep-rows       PxQ  the same with a pointer per row (north, here, south) from withUnsafeMutableElements
//                         and offset(i, 0): the form that vectorises (see the note at sweepRows)
//   sweep-forEach    PxQ  the same through forEach(in: ownedRegion) with offset(i, j) on the raw storage
//   sweep-subscript  PxQ  forEach(in: ownedRegion) with the checked subscripts v[i, j] = … u[i - 1, j] …
//
// on MPI's grid (2x1 at 2 ranks) and on 1xP (columns exchanged); the sweeps on MPI's grid only. Blocks,
// warm-ups, barriers, iteration counts, initial values, the check of the ghosts and the timer are those
// of the C reference: change both or neither.
import DomainDecomposition
import MPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let blocks = 15
let n = 4096

func scaled(_ count: Int, _ scale: Double) -> Int { max(Int((Double(count) * scale).rounded()), 1) }
func warmups(_ iterations: Int) -> Int { max(iterations / 10, 1) }

/// Owned cells hold their global index, ghosts -1 (as in the C reference).
func initialize(_ u: DistributedArray<Double>, _ v: DistributedArray<Double>) {
    let (rows, cols) = (u.ownedExtent[0], u.ownedExtent[1])
    u.withUnsafeMutableElements { $0.initialize(repeating: -1) }
    v.withUnsafeMutableElements { $0.initialize(repeating: -1) }
    u.withUnsafeMutableElements { cells in
        for i in 0..<rows {
            for j in 0..<cols { cells[u.offset(i, j)] = Double((u.ownedStart[0] + i) * n + u.ownedStart[1] + j) }
        }
    }
}

// MARK: Kernels, written as a user of the API would (each a symbol of its own for objdump and callgrind)

@inline(never)
func sweep(_ u: DistributedArray<Double>, into v: DistributedArray<Double>) {
    let (rows, cols) = (u.ownedExtent[0], u.ownedExtent[1])
    let s = u.strides[0]
    u.withUnsafeMutableElements { src in
        v.withUnsafeMutableElements { dst in
            for i in 0..<rows {
                for j in 0..<cols {
                    let c = u.offset(i, j)
                    dst[c] = 0.25 * (src[c - s] + src[c + s] + src[c - 1] + src[c + 1])
                }
            }
        }
    }
}

/// Index arithmetic per cell (`c - s`, `c + 1`, …) is overflow-checked in Swift, and those checks keep
/// LLVM from vectorising `sweep`; with one pointer per row, indexed by the loop variable `j` (whose range
/// is known), the checks leave the inner loop and it vectorises like the C loop.
@inline(never)
func sweepRows(_ u: DistributedArray<Double>, into v: DistributedArray<Double>) {
    let (rows, cols) = (u.ownedExtent[0], u.ownedExtent[1])
    let s = u.strides[0]
    u.withUnsafeMutableElements { src in
        v.withUnsafeMutableElements { dst in
            for i in 0..<rows {
                let c = u.offset(i, 0)
                let (north, here, south) = (src.baseAddress! + (c - s), src.baseAddress! + c, src.baseAddress! + (c + s))
                let out = dst.baseAddress! + c
                for j in 0..<cols {
                    out[j] = 0.25 * (north[j] + south[j] + here[j - 1] + here[j + 1])
                }
            }
        }
    }
}

@inline(never)
func sweepForEach(_ u: DistributedArray<Double>, into v: DistributedArray<Double>) {
    let s = u.strides[0]
    u.withUnsafeMutableElements { src in
        v.withUnsafeMutableElements { dst in
            u.forEach(in: u.ownedRegion) { i, j in
                let c = u.offset(i, j)
                dst[c] = 0.25 * (src[c - s] + src[c + s] + src[c - 1] + src[c + 1])
            }
        }
    }
}

@inline(never)
func sweepSubscript(_ u: DistributedArray<Double>, into v: DistributedArray<Double>) {
    u.forEach(in: u.ownedRegion) { i, j in
        v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
    }
}

// MARK: Measurements

@inline(never)
func timeUpdateHalo(_ u: DistributedArray<Double>, iterations: Int, times: inout [Double]) throws(MPIError) {
    let world = Communicator.world
    for _ in 0..<warmups(iterations) { try u.updateHalo() }
    for block in 0..<blocks {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations { try u.updateHalo() }
        times[block] = Environment.wallTime() - start
    }
}

@inline(never)
func timeExchange(_ halo: HaloExchange, iterations: Int, times: inout [Double]) throws(MPIError) {
    let world = Communicator.world
    for _ in 0..<warmups(iterations) { try halo.exchange() }
    for block in 0..<blocks {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations { try halo.exchange() }
        times[block] = Environment.wallTime() - start
    }
}

@inline(never)
func timeSweep(
    _ kernel: (DistributedArray<Double>, DistributedArray<Double>) -> Void,
    _ u: DistributedArray<Double>, _ v: DistributedArray<Double>, iterations: Int, times: inout [Double]
) throws(MPIError) {
    let world = Communicator.world
    for _ in 0..<warmups(iterations) { kernel(u, v) }
    for block in 0..<blocks {
        try world.barrier()
        let start = Environment.wallTime()
        // Back and forth between the two arrays, as a time loop does.
        for i in 0..<iterations {
            if i % 2 == 0 { kernel(u, v) } else { kernel(v, u) }
        }
        times[block] = Environment.wallTime() - start
    }
}

/// Every ghost next to a neighbour holds the neighbour's cell: its global index.
func check(_ u: DistributedArray<Double>) throws(MPIError) {
    let (rows, cols) = (u.ownedExtent[0], u.ownedExtent[1])
    let (row0, col0) = (u.ownedStart[0], u.ownedStart[1])
    let (up, down) = try u.grid.neighbors(along: 0)
    let (left, right) = try u.grid.neighbors(along: 1)
    let none = Communicator.nullProcess
    var bad = 0
    for j in 0..<cols {
        if up != none && u[-1, j] != Double((row0 - 1) * n + col0 + j) { bad += 1 }
        if down != none && u[rows, j] != Double((row0 + rows) * n + col0 + j) { bad += 1 }
    }
    for i in 0..<rows {
        if left != none && u[i, -1] != Double((row0 + i) * n + col0 - 1) { bad += 1 }
        if right != none && u[i, cols] != Double((row0 + i) * n + col0 + cols) { bad += 1 }
    }
    if bad > 0 {
        printToStandardError("bench-halo: \(bad) ghost cells hold wrong values")
        Environment.abort(code: 1)
    }
}

/// Rank 0 prints the median over blocks of the slowest rank's block time, per iteration.
func report(_ work: String, _ grid: ProcessGrid, times: [Double], iterations: Int) throws(MPIError) {
    let world = Communicator.world
    var slowest = [Double](repeating: 0, count: blocks)
    try world.reduce(times, into: &slowest, .max, root: 0)
    guard try world.rank == 0 else { return }
    slowest.sort()
    let figure = slowest[blocks / 2] * 1e6 / Double(iterations)
    print("\(work) \(grid.dimensions[0])x\(grid.dimensions[1]) \(fixed(figure, digits: 3))")
}

/// `value` with `digits` decimals, as C's `%.Nf` prints it, without Foundation.
func fixed(_ value: Double, digits: Int) -> String {
    let factor = (0..<digits).reduce(1) { product, _ in product * 10 }
    let units = Int((value * Double(factor)).rounded())
    let fraction = String(units % factor)
    return "\(units / factor).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
}

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
            return .failure(UsageError("unknown argument '\(argument)' (usage: bench-halo [--iterations-scale S])"))
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
    let size = try world.size
    let scale: Double
    switch parseScale(CommandLine.arguments.dropFirst()) {
    case .success(let value): scale = value
    case .failure(let error):
        if try world.rank == 0 { printToStandardError("bench-halo: \(error.message)") }
        try Environment.finalize()
        exit(2)
    }

    var times = [Double](repeating: 0, count: blocks)
    for (index, dimensions) in [[0, 0], [1, size]].enumerated() {
        let grid = try ProcessGrid(dimensions: dimensions)
        let u = try DistributedArray<Double>(grid: grid, globalExtent: [n, n])
        let v = try DistributedArray<Double>(grid: grid, globalExtent: [n, n])
        initialize(u, v)
        var iterations = scaled(1000, scale)
        try timeUpdateHalo(u, iterations: iterations, times: &times)
        try check(u)
        try report("updateHalo", grid, times: times, iterations: iterations)
        let halo = try HaloExchange(u, stencil: .star)
        try timeExchange(halo, iterations: iterations, times: &times)
        try check(u)
        try report("exchange", grid, times: times, iterations: iterations)
        guard index == 0 else { continue }
        iterations = scaled(6, scale)
        for (work, kernel) in [("sweep", sweep), ("sweep-rows", sweepRows), ("sweep-forEach", sweepForEach), ("sweep-subscript", sweepSubscript)] {
            try timeSweep(kernel, u, v, iterations: iterations, times: &times)
            try report(work, grid, times: times, iterations: iterations)
        }
    }
}
