public import DomainDecomposition
public import MPI

/// A 64-bit checksum of a distributed field that does not depend on how it is decomposed: the wrapping
/// sum, over every cell, of a strong mix of (global row-major index, bit pattern of the value).
///
/// Addition modulo 2⁶⁴ is associative and commutative, so each rank sums its own cells and one
/// allReduce adds the ranks' sums, in any order, to the same result. Mixing the index in makes swapped
/// or shifted cells count, and the two rounds of the SplitMix64 finaliser make any change to one value
/// change the sum with probability 1 − 2⁻⁶⁴.
public enum FieldChecksum {
    /// The checksum of the owned cells of every process. Collective.
    public static func compute(_ field: DistributedArray<Double>) throws(MPIError) -> UInt64 {
        try field.grid.communicator.allReduce(localSum(field), .sum)
    }

    /// This process's share of the checksum.
    static func localSum(_ field: DistributedArray<Double>) -> UInt64 {
        let extent = field.globalExtent
        let (start, owned) = (field.ownedStart, field.ownedExtent)
        var sum: UInt64 = 0
        field.withUnsafeMutableElements { storage in
            let base = storage.baseAddress!
            let rows = owned.dropLast().reduce(1, *)
            let rowLength = owned.last!
            for row in 0..<rows {
                // Owned-relative coordinates of the row, then its global row-major index.
                let (i, j) = extent.count == 2 ? (row, 0) : (row / owned[1], row % owned[1])
                let local = extent.count == 2 ? field.offset(i, 0) : field.offset(i, j, 0)
                let globalRow = extent.count == 2
                    ? start[0] + i
                    : (start[0] + i) * extent[1] + start[1] + j
                let first = UInt64(globalRow * extent.last! + start.last!)
                for k in 0..<rowLength {
                    sum &+= mix(index: first &+ UInt64(k), bits: base[local + k].bitPattern)
                }
            }
        }
        return sum
    }

    /// Two rounds of the SplitMix64 finaliser: the index's hash, then that combined with the value.
    @inline(__always)
    static func mix(index: UInt64, bits: UInt64) -> UInt64 {
        finalize(finalize(index &+ 0x9E37_79B9_7F4A_7C15) ^ bits)
    }

    @inline(__always)
    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
