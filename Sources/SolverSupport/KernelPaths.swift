/// Whether the solvers' kernels take their SIMD paths: in optimised builds only.
///
/// Each kernel also has a scalar path that performs the same IEEE operations in the same order, lane by
/// lane, and so gives the same bits in the same build (each solver's tests check this). Debug builds take it because
/// unoptimised `SIMD8` arithmetic runs about seven times slower than scalar arithmetic there, which would
/// make the test suite, which runs the solvers in debug builds, several times slower.
#if DEBUG
public let kernelsUseSIMD = false
#else
public let kernelsUseSIMD = true
#endif
