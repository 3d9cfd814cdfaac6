import MPI

/// A struct with padding: 3 bytes between `tag` and `id`, and 7 at the end of its stride.
struct Particle: MPIType, Equatable {
    var x: Double
    var tag: Int8
    var id: Int32
    var alive: Bool

    static let mpiDatatype = try! Datatype.layout(of: Particle.self, [
        .field(\.alive), .field(\.x), .field(\.id), .field(\.tag),
    ])
}

/// A struct with a fixed-size array (a tuple, as C arrays are imported) and a nested struct.
struct Cell: MPIType, Equatable {
    var corner: (Double, Double, Double)
    var weight: Float
    var particle: Particle
    var flags: UInt8

    static let mpiDatatype = try! Datatype.layout(of: Cell.self, [
        .field(\.corner, count: 3, of: Double.self), .field(\.weight), .field(\.particle), .field(\.flags),
    ])

    static func == (a: Cell, b: Cell) -> Bool {
        a.corner == b.corner && a.weight == b.weight && a.particle == b.particle && a.flags == b.flags
    }
}

/// Declares a computed property next to its stored ones.
struct Measured {
    var value: Double
    var count: Int32
    var mean: Double { value / Double(count) }
}

/// Holds a reference-counted value, which MPI cannot move.
struct Named {
    var id: Int
    var name: String
}

/// Derived datatypes with point-to-point: a matrix column, padded structs and their arrays, and the
/// errors for layouts that do not match Swift's or do not fit the buffer.
enum LayoutScenarios {
    static let rows = 5
    static let columns = 7

    /// A 5 × 7 row-major matrix of rank-specific values.
    static func matrix(of rank: Int) -> [Double] {
        (0..<(rows * columns)).map { Double(rank * 1000 + ($0 / columns) * 10 + $0 % columns) }
    }

    /// A vector datatype sends one column of a row-major matrix; the receiver gets exactly that column,
    /// whether it receives it contiguously or into a column of its own matrix.
    static func vectorColumn() throws {
        let ring = try Ring()
        let world = ring.communicator
        let column = try Datatype.vector(count: rows, blockLength: 1, stride: columns, of: .double)
        let sent = matrix(of: ring.rank)
        let chosen = ring.rank % columns
        let chosenByPrevious = ring.previous % columns
        let expectedColumn = (0..<rows).map { matrix(of: ring.previous)[$0 * columns + chosenByPrevious] }

        // Into a contiguous array of five doubles.
        var received = [Double](repeating: -1, count: rows + 1)
        try world.sendReceive(
            sent[chosen...], as: column, count: 1, to: ring.next, sendTag: 1,
            into: &received, as: .contiguous(count: rows, of: .double), count: 1, from: ring.previous, receiveTag: 1)
        try expect(Array(received.prefix(rows)) == expectedColumn, "received column \(received), expected \(expectedColumn)")
        try expect(received[rows] == -1, "the receive wrote past the column")

        // Into the same column of a matrix: every other element keeps its sentinel.
        var target = [Double](repeating: -1, count: rows * columns)
        let status = try world.sendReceive(
            sent[chosen...], as: column, count: 1, to: ring.next, sendTag: 2,
            into: &target[chosenByPrevious...], as: column, count: 1, from: ring.previous, receiveTag: 2)
        try expect(status.count == rows * MemoryLayout<Double>.size, "the status counts \(status.count) bytes")
        for index in target.indices {
            let wanted = index % columns == chosenByPrevious ? expectedColumn[index / columns] : -1
            try expect(target[index] == wanted, "matrix element \(index) is \(target[index]), expected \(wanted)")
        }

        // Nonblocking, with blocking receive: the datatype outlives this scope inside the request.
        var nonblockingTarget = [Double](repeating: -1, count: rows * columns)
        let request = try world.isend(sent, as: try Datatype.vector(count: rows, blockLength: 1, stride: columns, of: .double),
                                      to: ring.next, tag: 3)
        try world.receive(into: &nonblockingTarget, as: column, from: ring.previous, tag: 3)
        let (returned, _) = try request.wait()
        try expect(returned == sent, "isend handed back a different buffer")
        for row in 0..<rows {
            try expect(nonblockingTarget[row * columns] == matrix(of: ring.previous)[row * columns],
                       "column 0 row \(row) is \(nonblockingTarget[row * columns])")
        }
        let pending = try world.ireceive(into: [Double](repeating: -1, count: rows * columns), as: column, from: ring.previous, tag: 4)
        try world.send(sent, as: column, to: ring.next, tag: 4)
        let (columnZero, receiveStatus) = try pending.wait()
        try expect(receiveStatus.source == ring.previous, "ireceive status source \(receiveStatus.source)")
        for index in columnZero.indices {
            let wanted = index % columns == 0 ? matrix(of: ring.previous)[index] : -1
            try expect(columnZero[index] == wanted, "ireceive matrix element \(index) is \(columnZero[index])")
        }

        // The column of the last two columns reaches past the end of the matrix: .buffer, before MPI.
        try expectError(.buffer, "sending two columns from a 5 × 7 matrix") { () throws(MPIError) in
            try world.send(sent, as: column, count: 2, to: ring.next, tag: 5)
        }
        var short = [Double](repeating: 0, count: rows * columns - 7)
        try expectError(.buffer, "receiving a column into 28 elements") { () throws(MPIError) in
            try world.receive(into: &short, as: column, from: ring.previous, tag: 5)
        }
        try expectError(.buffer, "sending from column 6's last row onwards") { () throws(MPIError) in
            try world.send(sent[(rows * columns - 1)...], as: column, to: ring.next, tag: 5)
        }
        try expectError(.buffer, "isend of a column from 20 elements") { () throws(MPIError) in
            _ = try world.isend(Array(sent.prefix(20)), as: column, to: ring.next, tag: 5)
        }
        try expectError(.buffer, "ireceive of a column into 20 elements") { () throws(MPIError) in
            _ = try world.ireceive(into: [Double](repeating: 0, count: 20), as: column, from: ring.previous, tag: 5)
        }
        try expectError(.type, "sending strings through a datatype") { () throws(MPIError) in
            try world.send(["a", "b"], as: .byte, count: 1, to: ring.next, tag: 5)
        }
    }

    /// Padded structs round-trip alone and in arrays, padding bytes are never transferred, and the
    /// datatype's size and extent are the fields' bytes and the stride.
    static func structs() throws {
        let ring = try Ring()
        let world = ring.communicator

        try expect(MemoryLayout<Particle>.size == 17 && MemoryLayout<Particle>.stride == 24,
                   "Particle is \(MemoryLayout<Particle>.size) bytes, stride \(MemoryLayout<Particle>.stride)")
        let fieldBytes = 8 + 1 + 4 + 1
        let datatypeSize = try Particle.mpiDatatype.size()
        let extent = try Particle.mpiDatatype.extent()
        try expect(datatypeSize == fieldBytes, "Particle's datatype has \(datatypeSize) bytes, expected \(fieldBytes)")
        try expect(extent == (0, 24), "Particle's datatype has extent \(extent), expected (0, 24)")

        func particles(of rank: Int) -> [Particle] {
            (0..<4).map { Particle(x: Double(rank) + 0.25 * Double($0), tag: Int8(-rank - $0), id: Int32(rank * 100 + $0), alive: $0 % 2 == 0) }
        }

        // One value, then an array; typed send and receive use Particle.mpiDatatype. Every rank sends
        // before it receives, so the send must not block (MPICH's blocking send waits for the receive).
        let sending = try world.isend([particles(of: ring.rank)[1]], to: ring.next, tag: 10)
        let one = try world.receive(Particle.self, from: ring.previous, tag: 10)
        _ = try sending.wait()
        try expect(one == particles(of: ring.previous)[1], "received \(one), expected \(particles(of: ring.previous)[1])")
        var many = [Particle](repeating: Particle(x: -1, tag: -1, id: -1, alive: true), count: 5)
        let status = try world.sendReceive(particles(of: ring.rank), to: ring.next, sendTag: 11,
                                           into: &many, from: ring.previous, receiveTag: 11)
        try expect(Array(many.prefix(4)) == particles(of: ring.previous), "received \(many.prefix(4))")
        try expect(many[4] == Particle(x: -1, tag: -1, id: -1, alive: true), "the receive wrote a fifth particle")
        try expect(status.count == 4, "the status counts \(status.count) particles")

        // Padding bytes: the sender's are 0xAA, the receiver's 0x55 and must stay so.
        let padding = [9, 10, 11] + Array(17..<24)
        var outgoing = particles(of: ring.rank)
        outgoing.withUnsafeMutableBytes { bytes in
            for element in 0..<4 { for offset in padding { bytes[element * 24 + offset] = 0xAA } }
        }
        var incoming = [Particle](repeating: Particle(x: 0, tag: 0, id: 0, alive: false), count: 4)
        incoming.withUnsafeMutableBytes { bytes in
            for element in 0..<4 { for offset in padding { bytes[element * 24 + offset] = 0x55 } }
        }
        try world.sendReceive(outgoing, as: Particle.mpiDatatype, count: 4, to: ring.next, sendTag: 12,
                              into: &incoming, as: Particle.mpiDatatype, count: 4, from: ring.previous, receiveTag: 12)
        try expect(incoming == particles(of: ring.previous), "padded particles arrived as \(incoming)")
        let untouched = incoming.withUnsafeBytes { bytes in
            (0..<4).allSatisfy { element in padding.allSatisfy { bytes[element * 24 + $0] == 0x55 } }
        }
        try expect(untouched, "padding bytes were transferred")

        // A tuple field and a nested padded struct.
        func cells(of rank: Int) -> [Cell] {
            (0..<3).map { index in
                Cell(corner: (Double(rank), Double(index), -1.5), weight: Float(rank) / 4,
                     particle: particles(of: rank)[index], flags: UInt8(truncatingIfNeeded: rank + index))
            }
        }
        let cellSize = try Cell.mpiDatatype.size()
        try expect(cellSize == 24 + 4 + fieldBytes + 1, "Cell's datatype has \(cellSize) bytes")
        var receivedCells = cells(of: -1)
        try world.sendReceive(cells(of: ring.rank), to: ring.next, sendTag: 13, into: &receivedCells, from: ring.previous, receiveTag: 13)
        try expect(receivedCells == cells(of: ring.previous), "cells arrived wrong")
        // Derived datatypes compose: every other particle of an array, by a vector of the struct type.
        let everyOther = try Datatype.vector(count: 2, blockLength: 1, stride: 2, of: Particle.mpiDatatype)
        var alternate = [Particle](repeating: Particle(x: 0, tag: 0, id: 0, alive: false), count: 3)
        try world.sendReceive(particles(of: ring.rank), as: everyOther, count: 1, to: ring.next, sendTag: 14,
                              into: &alternate, as: Particle.mpiDatatype, count: 3, from: ring.previous, receiveTag: 14)
        let wanted = [particles(of: ring.previous)[0], particles(of: ring.previous)[2], Particle(x: 0, tag: 0, id: 0, alive: false)]
        try expect(alternate == wanted, "every other particle arrived as \(alternate)")
    }

    /// Layouts that do not describe the struct throw `.type`; buffers too small for a datatype throw
    /// `.buffer`. Nothing here communicates.
    static func layoutErrors() throws {
        let cases: [(String, () throws(MPIError) -> Datatype)] = [
            ("a missing field", { () throws(MPIError) in
                try Datatype.layout(of: Particle.self, [.field(\.x), .field(\.id), .field(\.alive)]) }),
            ("a field declared twice", { () throws(MPIError) in
                try Datatype.layout(of: Particle.self, [.field(\.x), .field(\.tag), .field(\.id), .field(\.alive), .field(\.id)]) }),
            ("a computed property", { () throws(MPIError) in
                try Datatype.layout(of: Measured.self, [.field(\.value), .field(\.count), .field(\.mean)]) }),
            ("a stored property of another type in its place", { () throws(MPIError) in
                try Datatype.layout(of: Cell.self, [
                    .field(\.corner, count: 3, of: Double.self), .field(\.weight), .field(\.particle.x), .field(\.flags)]) }),
            ("a tuple of other elements", { () throws(MPIError) in
                try Datatype.layout(of: Cell.self, [
                    .field(\.corner, count: 6, of: Float.self), .field(\.weight), .field(\.particle), .field(\.flags)]) }),
            ("a tuple with too many elements", { () throws(MPIError) in
                try Datatype.layout(of: Cell.self, [
                    .field(\.corner, count: 4, of: Double.self), .field(\.weight), .field(\.particle), .field(\.flags)]) }),
            ("a tuple with no elements", { () throws(MPIError) in
                try Datatype.layout(of: Cell.self, [
                    .field(\.corner, count: 0, of: Double.self), .field(\.weight), .field(\.particle), .field(\.flags)]) }),
            ("a struct holding a String", { () throws(MPIError) in
                try Datatype.layout(of: Named.self, [.field(\.id)]) }),
            ("a struct that is not a struct", { () throws(MPIError) in
                try Datatype.layout(of: Double.self, [.field(\.self)]) }),
        ]
        for (description, build) in cases {
            let error = try expectError("a layout with \(description)") { () throws(MPIError) in _ = try build() }
            try expect(error.errorClass == .type, "a layout with \(description) threw \(error), expected class type")
        }
        let measured = try Datatype.layout(of: Measured.self, [.field(\.count), .field(\.value)])
        let measuredSize = try measured.size()
        try expect(measuredSize == 12, "Measured's datatype has \(measuredSize) bytes")

        // A struct datatype over a buffer of bytes that is too short for it, and one that starts before it.
        let world = Communicator.world
        var bytes = [UInt8](repeating: 0, count: MemoryLayout<Particle>.size - 1)
        try expectError(.buffer, "receiving a particle into 16 bytes") { () throws(MPIError) in
            try world.receive(into: &bytes, as: Particle.mpiDatatype, from: 0, tag: 20)
        }
        let backwards = try Datatype.double.resized(lowerBound: 0, extent: -8)
        let shifted = try Datatype.structure(blockLengths: [1], byteDisplacements: [-8], types: [.double])
        try expectError(.buffer, "a datatype that starts 8 bytes before the buffer") { () throws(MPIError) in
            try world.send([1.0, 2.0], as: shifted, to: 0, tag: 20)
        }
        try expectError(.buffer, "two elements of a type with negative extent, reaching before the buffer") { () throws(MPIError) in
            try world.send([1.0, 2.0], as: backwards, count: 2, to: 0, tag: 20)
        }
    }
}
