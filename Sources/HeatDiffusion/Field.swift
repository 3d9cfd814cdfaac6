import DomainDecomposition
import MPI

/// One ghosted array of the solver with the raw pointer its kernels use and, when it needs one, the
/// planned exchange of its ghost cells.
///
/// Holding the pointer past `withUnsafeMutableElements` is sound here: a `DistributedArray`'s storage is
/// allocated once and never moves (its halo messages are planned on that address too), and `Field` keeps
/// the array alive for as long as it keeps the pointer.
struct Field {
    let array: DistributedArray<Double>
    let base: UnsafeMutablePointer<Double>
    let halo: HaloExchange?

    /// Allocates a zero-filled array on `grid`, with ghost width 1 and, if `exchanged`, a halo plan.
    init(grid: ProcessGrid, extent: [Int], exchanged: Bool) throws(MPIError) {
        let array = try DistributedArray<Double>(grid: grid, globalExtent: extent, ghostWidth: 1)
        self.array = array
        base = array.withUnsafeMutableElements { $0.baseAddress! }
        halo = exchanged ? try HaloExchange(array, stencil: .star) : nil
    }
}
