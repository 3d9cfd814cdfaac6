public import TargetFeatures

/// a × b + c, rounded once (a fused multiply-add) when the build's target CPU has the instruction, and as
/// a rounded product and a rounded sum otherwise.
///
/// Fused where the hardware fuses, because that is what the C references' `-march=native` builds do and
/// it is faster; unfused elsewhere, because there `Double.addingProduct` would be a call to libm's `fma`
/// per lane (a release build without `-target-cpu` ran the heat sweep 5× slower that way). The choice is
/// a constant of the build, so every lane and every scalar remainder of a kernel rounds alike and results
/// stay independent of the number of ranks; a build for another CPU may differ in the last bits.
///
/// A kernel makes one at its start and calls it like a function:
///
/// ```swift
/// let multiplyAdd = MultiplyAdd()
/// sum = multiplyAdd(weight, value, sum)
/// ```
///
/// The optimiser folds the choice away; in a debug build the calls are inlined all the same
/// (`@_transparent`), so unoptimised kernels pay a branch per operation, not a call.
@frozen
public struct MultiplyAdd: Sendable {
    /// Whether the operations fuse.
    public let fused: Bool

    /// The build's multiply-add: fused when `TargetFeatures.h` says that the target CPU has the instruction.
    @inlinable
    public init() {
        fused = SWIFT_MPI_TARGET_HAS_FMA != 0
    }

    /// a × b + c.
    @_transparent
    public func callAsFunction(_ a: Double, _ b: Double, _ c: Double) -> Double {
        fused ? c.addingProduct(a, b) : a * b + c
    }

    /// a × b + c, lane by lane.
    @_transparent
    public func callAsFunction(_ a: SIMD8<Double>, _ b: SIMD8<Double>, _ c: SIMD8<Double>) -> SIMD8<Double> {
        fused ? c.addingProduct(a, b) : a * b + c
    }
}
