// jacobi2d: steady heat in a square plate, solved by Jacobi sweeps on a grid split over the processes.
//
//   swift build -c release --product jacobi2d
//   mpirun -n 4 .build/release/jacobi2d          # any number of processes, 1 included
//
// The plate is 64 × 64 cells, its top edge held at 1 and the other edges at 0. MPI chooses how to
// split it (ProcessGrid); each process owns one block of the DistributedArray plus a ring of ghost cells.
// Every sweep refreshes the ghosts from the neighbours (updateHalo), sets each owned cell to the mean of
// its four neighbours, and the processes agree on the largest change (allReduce) to know when to stop.
// Ghosts past the plate's edges are never exchanged, so they keep the boundary values set at the start.
// The result goes to jacobi.vti, which ParaView opens. (For speed, sweep the raw storage with
// withUnsafeMutableElements and offset(i, j) instead of the checked subscripts: see bench-halo.)
import DomainDecomposition
import MPI

Environment.run {
    let grid = try ProcessGrid(axes: 2)
    var u = try DistributedArray<Double>(grid: grid, globalExtent: [64, 64])
    var v = try DistributedArray<Double>(grid: grid, globalExtent: [64, 64])
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
    let mean = try u.sum() / Double(64 * 64)
    if grid.rank == 0 { print("\(sweeps) sweeps on a \(grid.dimensions) grid, last change \(change), mean temperature \(mean)") }
}
