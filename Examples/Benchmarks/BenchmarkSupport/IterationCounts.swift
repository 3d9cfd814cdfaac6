// The iteration counts of the Swift benchmarks, computed as their C twins do (c/bench.h).

/// A benchmark's iteration count for one figure, multiplied by its `--iterations-scale` factor.
///
/// Rounds half away from zero, as C's `lround` does in the C references, so that both programs of a
/// pair time the same number of iterations at every scale.
///
/// - Parameters:
///   - count: The iterations at scale 1.
///   - scale: The factor from `--iterations-scale`, positive.
/// - Returns: `count × scale`, rounded, and at least 1.
public func scaled(_ count: Int, by scale: Double) -> Int {
    max(Int((Double(count) * scale).rounded()), 1)
}

/// The untimed iterations that run before the timed ones of a figure.
///
/// They fault in the pages of the buffers and let MPI settle on its protocol for the message size, so
/// that the timed iterations measure the steady state.
///
/// - Parameter iterations: The timed iterations (of one block, where a figure is timed in blocks).
/// - Returns: A tenth of `iterations`, at least 1.
public func warmups(for iterations: Int) -> Int {
    max(iterations / 10, 1)
}
