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
// of the C reference: change both or neither (the shared ones are in BenchmarkSupport and c/bench.h).
import BenchmarkSupport
import DomainDecomposition
import MPI

let n = 4096

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
    for _ in 0..<warmups(for: iterations) { try u.updateHalo() }
    for block in 0..<blocksPerFigure {
        try world.barrier()
        let start = Environment.wallTime()
        for _ in 0..<iterations { try u.updateHalo() }
        times[block] = Environment.wallTime() - start
    }
}

@inline(never)
func timeExchange(_ halo: HaloExchange, iterations: Int, times: inout [Double]) throws(MPIError) {
    let world = Communicator.world
    for _ in 0..<warmups(for: iterations) { try halo.exchange() }
    for block in 0..<blocksPerFigure {
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
    for _ in 0..<warmups(for: iterations) { kernel(u, v) }
    for block in 0..<blocksPerFigure {
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

// MARK: Main

Environment.run {
    let size = try Communicator.world.size
    let scale = try iterationsScaleFromCommandLine(program: "bench-halo")

    var times = [Double](repeating: 0, count: blocksPerFigure)
    for (index, dimensions) in [[0, 0], [1, size]].enumerated() {
        let grid = try ProcessGrid(dimensions: dimensions)
        let gridName = "\(grid.dimensions[0])x\(grid.dimensions[1])"
        let u = try DistributedArray<Double>(grid: grid, globalExtent: [n, n])
        let v = try DistributedArray<Double>(grid: grid, globalExtent: [n, n])
        initialize(u, v)
        var iterations = scaled(1000, by: scale)
        try timeUpdateHalo(u, iterations: iterations, times: &times)
        try check(u)
        try reportMedianBlock("updateHalo \(gridName)", blockTimes: times, iterations: iterations)
        let halo = try HaloExchange(u, stencil: .star)
        try timeExchange(halo, iterations: iterations, times: &times)
        try check(u)
        try reportMedianBlock("exchange \(gridName)", blockTimes: times, iterations: iterations)
        guard index == 0 else { continue }
        iterations = scaled(6, by: scale)
        for (work, kernel) in [("sweep", sweep), ("sweep-rows", sweepRows), ("sweep-forEach", sweepForEach), ("sweep-subscript", sweepSubscript)] {
            try timeSweep(kernel, u, v, iterations: iterations, times: &times)
            try reportMedianBlock("\(work) \(gridName)", blockTimes: times, iterations: iterations)
        }
    }
}
