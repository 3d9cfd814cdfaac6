// jacobi2d: steady heat in a square plate, solved by Jacobi sweeps on a grid split over the processes.
//
//   make example NAME=jacobi2d NP=4            # or: mpirun -n 4 .build/release/jacobi2d [N]
//
// What it shows: domain decomposition in three verbs — make a process grid and distributed arrays, refresh
// the ghost cells every sweep, write the result. The plate is N × N cells (default 64), its top edge held at
// 1 and the other edges at 0. MPI chooses how to split it (ProcessGrid, MPI_Dims_create); each process owns
// one block of the DistributedArray plus a ring of ghost cells. Every sweep refreshes the ghosts from the
// neighbours (updateHalo), sets each owned cell to the mean of its four neighbours, and the processes agree
// on the largest change (allReduce with MPI_MAX) to know when to stop. Ghosts past the plate's edges are
// never exchanged, so they keep the boundary values set at the start. The result goes to jacobi.vti, written
// by all processes into one file (MPI-IO), which ParaView opens. (For speed, sweep the raw storage with
// withUnsafeMutableElements and offset(i, j) instead of the checked subscripts: see bench-halo.)
//
// What to expect, with the same number of sweeps on any number of processes (each cell's update does not
// depend on the split; only the mean's last digits may, as the sum is added in another order):
//
//   64 x 64 plate on a 2 x 2 process grid: 1376 sweeps, last change 9.99e-05, mean temperature 0.216073; wrote jacobi.vti
//
// Fully converged, the mean would be exactly 1/4: the four plates with one hot edge each add up to a plate
// at 1 everywhere. Jacobi stops short of it because a change of 1e-4 per sweep still leaves an error of up to
// change / (1 − ρ), with ρ = cos(π / (N + 1)) ≈ 0.9988 — the reason real solvers use conjugate gradients or
// multigrid (`heat --scheme implicit` uses CG). A bad N ends every process with one line from rank 0
// (`jacobi2d: error: …`) and exit status 64.
import DomainDecomposition
import Foundation
import MPI

Environment.run {
    let grid = try ProcessGrid(axes: 2)
    let n = try plateSize(for: grid)
    var u = try DistributedArray<Double>(grid: grid, globalExtent: [n, n])
    var v = try DistributedArray<Double>(grid: grid, globalExtent: [n, n])
    for array in [u, v] where array.ownedStart[0] == 0 {
        for j in 0..<array.ownedExtent[1] { array[-1, j] = 1 }       // the hot edge, above the first row
    }
    var change = Double.infinity, sweeps = 0
    while change > 1e-4 && sweeps < 10_000 {
        try u.updateHalo()
        var largest = 0.0
        u.forEach(in: u.ownedRegion) { i, j in
            v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
            largest = max(largest, abs(v[i, j] - u[i, j]))
        }
        change = try grid.communicator.allReduce(largest, .max)
        (u, v) = (v, u)
        sweeps += 1
    }
    try u.write(toVTKImage: "jacobi.vti", name: "temperature")
    let mean = try u.sum() / Double(n * n)
    if grid.rank == 0 {
        let shape = grid.dimensions.map(String.init).joined(separator: " x ")
        print("\(n) x \(n) plate on a \(shape) process grid: \(sweeps) sweeps, last change \(String(format: "%.3g", change)), "
              + "mean temperature \(String(format: "%.6f", mean)); wrote jacobi.vti")
    }
}

/// The plate's size from the command line (`jacobi2d [N]`, default 64).
///
/// Every process reads the same arguments and reaches the same verdict, so on bad input rank 0 alone says
/// why, and all finalise and exit with status 64 instead of aborting the job.
func plateSize(for grid: ProcessGrid) throws -> Int {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let smallest = grid.dimensions.max() ?? 1, largest = 32_768
    if arguments.isEmpty { return max(64, smallest) }
    if arguments.count == 1, let n = Int(arguments[0]), (smallest...largest).contains(n) { return n }
    if grid.rank == 0 {
        let given = arguments.map { "'\($0)'" }.joined(separator: " ")
        FileHandle.standardError.write(Data(("jacobi2d: error: expected one plate size N from \(smallest) (a cell per process "
            + "along each axis) to \(largest), got \(given); usage: jacobi2d [N]\n").utf8))
    }
    try Environment.finalize()
    exit(64)
}
