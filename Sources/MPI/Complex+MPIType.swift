public import ComplexModule

/// `Complex<Float>` and `Complex<Double>` (swift-numerics) travel as MPI's C complex types, so buffers of
/// complex numbers go to MPI in place like any other ``MPIType``.
extension Complex: MPIType where RealType: MPIType {
    /// `MPI_C_FLOAT_COMPLEX` for `Complex<Float>`, `MPI_C_DOUBLE_COMPLEX` for `Complex<Double>`.
    ///
    /// One conditional conformance dispatching on the real type: Swift cannot declare two separate
    /// conformances of `Complex` for `Float` and `Double`. Any other real type is a programming error.
    @inlinable
    public static var mpiDatatype: Datatype {
        if RealType.self == Double.self { return .doubleComplex }
        if RealType.self == Float.self { return .floatComplex }
        preconditionFailure("Complex<\(RealType.self)> has no MPI datatype; use Complex<Float> or Complex<Double>")
    }
}
