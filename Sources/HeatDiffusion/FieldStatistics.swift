public import DomainDecomposition
public import MPI
public import SolverSupport

/// Figures of a field for progress lines and summaries.
public enum FieldStatistics {
    /// The largest |u| over every rank's owned cells. Collective.
    public static func maximumMagnitude(_ field: DistributedArray<Double>) throws(MPIError) -> Double {
        var local = 0.0
        field.withUnsafeMutableElements { storage in
            forEachOwnedRow(field) { start, count in
                for k in 0..<count { local = max(local, abs(storage[start + k])) }
            }
        }
        return try field.grid.communicator.allReduce(local, .max)
    }

    /// The total heat ∫u ≈ Σ u · Π h_a. Each rank sums its cells, then the ranks' sums are added, so the
    /// last bits depend on the decomposition. Collective.
    public static func totalHeat(_ field: DistributedArray<Double>, problem: HeatProblem) throws(MPIError) -> Double {
        try field.sum() * problem.spacing.reduce(1, *)
    }

    /// SHA-256 of a whole field in global row-major order as little-endian IEEE 754 doubles.
    public static func sha256(_ field: [Double]) -> SHA256Digest {
        var hasher = SHA256()
        #if _endian(little)
        field.withUnsafeBytes { hasher.update($0) }
        #else
        field.map { $0.bitPattern.littleEndian }.withUnsafeBytes { hasher.update($0) }
        #endif
        return hasher.finalize()
    }

    static func forEachOwnedRow(_ field: DistributedArray<Double>, _ body: (Int, Int) -> Void) {
        let owned = field.ownedExtent
        let rows = owned.dropLast().reduce(1, *)
        for row in 0..<rows {
            body(owned.count == 2 ? field.offset(row, 0) : field.offset(row / owned[1], row % owned[1], 0), owned.last!)
        }
    }
}
