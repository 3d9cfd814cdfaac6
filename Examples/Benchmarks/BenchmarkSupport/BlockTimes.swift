// The figures of the collective and halo benchmarks: the median over blocks of the slowest rank's block
// time, as their C twins compute them (c/bench.h).
public import MPI
import SolverSupport

/// The blocks each figure of the collective and halo benchmarks is timed in, with a barrier before each
/// block; the figure is the median block. The C references time the same number (`BENCH_BLOCKS`).
public let blocksPerFigure = 15

/// Rank 0 of `communicator` prints one figure: `label`, then the median over blocks of the slowest
/// rank's block time in microseconds per iteration, with three decimals (C's `%.3f`).
///
/// A block's time is the slowest rank's, since a collective or an exchange is only done when its last
/// rank is; the median over blocks discards the blocks that other work on the machine disturbed. Every
/// rank must call it (it reduces the times to rank 0).
///
/// - Parameters:
///   - label: The start of the line, such as `allreduce 8` or `exchange 2x1`.
///   - blockTimes: This rank's seconds for each block, ``blocksPerFigure`` of them.
///   - iterations: The timed iterations of each block.
///   - communicator: The ranks that ran the blocks.
/// - Throws: ``MPIError`` when the reduction fails.
///
/// The corresponding MPI function is `MPI_Reduce` with `MPI_MAX`.
public func reportMedianBlock(
    _ label: String, blockTimes: [Double], iterations: Int, communicator: Communicator = .world
) throws(MPIError) {
    var slowest = [Double](repeating: 0, count: blockTimes.count)
    try communicator.reduce(blockTimes, into: &slowest, .max, root: 0)
    guard try communicator.rank == 0 else { return }
    slowest.sort()
    print("\(label) \(fixed(slowest[slowest.count / 2] * 1e6 / Double(iterations), 3))")
}
