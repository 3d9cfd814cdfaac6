import DomainDecomposition
import Foundation
import FoundationXML
import MPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Scenarios for what DomainDecomposition does with whole arrays: gather/scatter, split-phase exchanges
// inside a Jacobi sweep checked against a serial computation (and checksums the tests compare across rank
// counts), raw and VTK parallel files checked byte for byte, and the heap during repeated exchanges.

extension DecompositionScenarios {
    // MARK: Gather and scatter

    /// `gather(scatter(x)) == x` bit for bit, for several roots, grids, element types and 2-D/3-D extents;
    /// scatter puts each value in its owner's cell and leaves ghosts alone; a missing or wrong-sized array on
    /// the root is refused on every rank with the same error, and no cell changes.
    static func gatherScatter() throws {
        let world = Communicator.world
        let size = try world.size
        let roots = Array(Set([0, size / 2, size - 1])).sorted()

        for dimensions in [[0, 0], [1, size], [size, 1]] {
            let grid = try ProcessGrid(dimensions: dimensions, periodic: [true, false])
            let array = try DistributedArray<Double>(grid: grid, globalExtent: extent2D, ghostWidth: 2)
            for root in roots {
                let x = (0..<extent2D.reduce(1, *)).map { Double(bitPattern: mix(UInt64($0 * 31 + root))) }
                try roundTrip(array, x, root: root, bits: { $0.bitPattern }, "\(extent2D) on \(grid.dimensions) root \(root)")
            }
        }
        for dimensions in [[0, 0, 0], [1, size, 1]] {
            let grid = try ProcessGrid(dimensions: dimensions)
            let array = try DistributedArray<Int32>(grid: grid, globalExtent: extent3D)
            for root in roots {
                let x = (0..<extent3D.reduce(1, *)).map { Int32(truncatingIfNeeded: mix(UInt64($0 + 1000 * root))) }
                try roundTrip(array, x, root: root, bits: { UInt64(UInt32(bitPattern: $0)) }, "\(extent3D) on \(grid.dimensions) root \(root)")
            }
        }

        // A missing or wrong-sized array on the root, from every root: every rank throws the root's error,
        // and no cell changes anywhere (before, the other ranks received zeros and returned normally).
        let grid = try ProcessGrid(axes: 2)
        let array = try DistributedArray<Double>(grid: grid, globalExtent: extent2D)
        let count = extent2D.reduce(1, *)
        for root in roots {
            for given in [nil, [Double](repeating: 1, count: count - 1)] {
                let context = "scatter of \(given?.count ?? 0) of \(count) elements from root \(root)"
                fill(array, sentinel: -1, value: { _ in 5 })
                let error = try expectError(context) {
                    // Off the root the argument is ignored, whatever it holds.
                    try array.scatter(grid.rank == root ? given : [Double](repeating: 1, count: count), root: root)
                }
                try expect(error.errorClass == .count, "\(context): \(error)")
                try expectSameError(error, on: grid.communicator, context)
                try checkOwned(array, sentinel: -1, bits: { $0.bitPattern }, expected: { _ in 5 }, "\(context): cells after the refusal")
            }
        }
        // The refused scatters left nothing in flight: a good one right after still lands.
        let x = (0..<count).map(Double.init)
        try roundTrip(array, x, root: roots.last!, bits: { $0.bitPattern }, "scatter after refused ones")
    }

    static func roundTrip<Element>(
        _ array: DistributedArray<Element>, _ x: [Element], root: Int, bits: (Element) -> UInt64, _ context: String
    ) throws {
        let sentinel = x[1]
        fill(array, sentinel: sentinel, value: { _ in x[0] })
        try array.scatter(array.grid.rank == root ? x : nil, root: root)
        try checkOwned(array, sentinel: sentinel, bits: bits, expected: { x[$0] }, "\(context): after scatter")
        let back = try array.gather(root: root)
        if array.grid.rank == root {
            try expect(back.map { $0.map(bits) } == x.map(bits), "\(context): gather(scatter(x)) != x")
        } else {
            try expect(back == nil, "\(context): gather returned an array off the root")
        }
    }

    // MARK: Split-phase exchange in a Jacobi sweep, checked serially; checksums across rank counts

    static let boundaryValue = 2.5

    /// Jacobi sweeps with the exchange split in two: `begin`, the interior, `finish`, the boundary regions.
    /// A 2-D star stencil (periodic along axis 0, fixed values past the open edges of axis 1) and a 3-D
    /// 27-point box stencil (periodic everywhere). Rank 0 recomputes each serially from the initial values,
    /// requires a bitwise-equal result, and prints `checksum <name> <hash>` of the gathered array, which
    /// the tests compare across rank counts. The interior must read no ghost: with NaN in every ghost, a
    /// sweep of the interior alone produces no NaN.
    static func splitPhase() throws {
        let world = Communicator.world
        let rank = try world.rank

        // 2-D, 5-point star.
        let grid2 = try ProcessGrid(dimensions: [0, 0], periodic: [true, false])
        let initial2 = { (linear: Int) in Double(mix(UInt64(linear)) % 10_000) / 7 }
        let u = try DistributedArray<Double>(grid: grid2, globalExtent: extent2D)
        let v = try DistributedArray<Double>(grid: grid2, globalExtent: extent2D)
        fill(u, sentinel: .nan, value: initial2)
        try expectInteriorReadsNoGhost(u, sweep: sweep2D)
        fill(u, sentinel: boundaryValue, value: initial2)
        fill(v, sentinel: boundaryValue, value: { _ in 0 })
        let steps2 = 7
        let result2 = try sweepSplitPhase(u, v, stencil: .star, steps: steps2, sweep: sweep2D)
        if rank == 0 {
            let expected = serialJacobi2D(steps: steps2, initial: initial2)
            try expect(result2!.map(\.bitPattern) == expected.map(\.bitPattern), "2-D split-phase Jacobi differs from the serial sweep")
            print("checksum jacobi2d \(hex(fnv1a(result2!)))")
        }

        // 3-D, 27-point box, every axis periodic.
        let grid3 = try ProcessGrid(dimensions: [0, 0, 0], periodic: [true, true, true])
        let initial3 = { (linear: Int) in Double(mix(UInt64(linear + 77)) % 10_000) / 3 }
        let p = try DistributedArray<Double>(grid: grid3, globalExtent: extent3D)
        let q = try DistributedArray<Double>(grid: grid3, globalExtent: extent3D)
        fill(p, sentinel: .nan, value: initial3)
        try expectInteriorReadsNoGhost(p, sweep: sweep3D)
        fill(p, sentinel: .nan, value: initial3)   // every ghost is refilled by the exchanges
        fill(q, sentinel: .nan, value: { _ in 0 })
        let steps3 = 3
        let result3 = try sweepSplitPhase(p, q, stencil: .box, steps: steps3, sweep: sweep3D)
        if rank == 0 {
            let expected = serialBox3D(steps: steps3, initial: initial3)
            try expect(result3!.map(\.bitPattern) == expected.map(\.bitPattern), "3-D split-phase box sweep differs from the serial sweep")
            print("checksum box3d \(hex(fnv1a(result3!)))")
        }
    }

    typealias Sweep = (DistributedArray<Double>, DistributedArray<Double>, Region) -> Void

    /// Sweeps `steps` times between `a` and `b`, each time overlapping the source's halo exchange with the
    /// interior; returns the gathered last result on rank 0.
    static func sweepSplitPhase(
        _ a: DistributedArray<Double>, _ b: DistributedArray<Double>, stencil: Stencil, steps: Int, sweep: Sweep
    ) throws -> [Double]? {
        let haloA = try HaloExchange(a, stencil: stencil)
        let haloB = try HaloExchange(b, stencil: stencil)
        var (source, target, halo) = (a, b, haloA)
        for _ in 0..<steps {
            try halo.begin()
            sweep(source, target, source.interiorRegion)
            try halo.finish()
            for region in source.boundaryRegions { sweep(source, target, region) }
            (source, target) = (target, source)
            halo = halo === haloA ? haloB : haloA
        }
        return try source.gather()
    }

    /// With NaN in every ghost of `source`, sweeping only its interior region yields no NaN.
    static func expectInteriorReadsNoGhost(_ source: DistributedArray<Double>, sweep: Sweep) throws {
        let target = try DistributedArray<Double>(grid: source.grid, globalExtent: source.globalExtent)
        let interior = source.interiorRegion
        sweep(source, target, interior)
        for cell in cells(lower: interior.lower, upper: interior.upper) {
            let value = target[global: target.localToGlobal(cell)]
            try expect(!value.isNaN, "the interior cell \(cell) read a ghost (interior \(interior), owned \(source.ownedExtent))")
        }
    }

    /// The 5-point Jacobi update over `region`, written as a user would: raw storage, offsets and strides.
    static func sweep2D(_ source: DistributedArray<Double>, _ target: DistributedArray<Double>, _ region: Region) {
        guard !region.isEmpty else { return }
        let row = source.strides[0]
        source.withUnsafeMutableElements { u in
            target.withUnsafeMutableElements { v in
                for i in region.lower[0]..<region.upper[0] {
                    for j in region.lower[1]..<region.upper[1] {
                        let c = source.offset(i, j)
                        v[c] = 0.25 * (u[c - row] + u[c + row] + u[c - 1] + u[c + 1])
                    }
                }
            }
        }
    }

    /// The 27-point average over `region`.
    static func sweep3D(_ source: DistributedArray<Double>, _ target: DistributedArray<Double>, _ region: Region) {
        guard !region.isEmpty else { return }
        let (s0, s1) = (source.strides[0], source.strides[1])
        source.withUnsafeMutableElements { u in
            target.withUnsafeMutableElements { v in
                for i in region.lower[0]..<region.upper[0] {
                    for j in region.lower[1]..<region.upper[1] {
                        for k in region.lower[2]..<region.upper[2] {
                            let c = source.offset(i, j, k)
                            var sum = 0.0
                            for di in -1...1 { for dj in -1...1 { for dk in -1...1 { sum += u[c + di * s0 + dj * s1 + dk] } } }
                            v[c] = sum / 27
                        }
                    }
                }
            }
        }
    }

    static func serialJacobi2D(steps: Int, initial: (Int) -> Double) -> [Double] {
        let (n0, n1) = (extent2D[0], extent2D[1])
        var u = (0..<extent2D.reduce(1, *)).map(initial)
        for _ in 0..<steps {
            func at(_ i: Int, _ j: Int) -> Double {
                (0..<n1).contains(j) ? u[((i + n0) % n0) * n1 + j] : boundaryValue
            }
            var v = u
            for i in 0..<n0 {
                for j in 0..<n1 { v[i * n1 + j] = 0.25 * (at(i - 1, j) + at(i + 1, j) + at(i, j - 1) + at(i, j + 1)) }
            }
            u = v
        }
        return u
    }

    static func serialBox3D(steps: Int, initial: (Int) -> Double) -> [Double] {
        let (n0, n1, n2) = (extent3D[0], extent3D[1], extent3D[2])
        var u = (0..<extent3D.reduce(1, *)).map(initial)
        for _ in 0..<steps {
            var v = u
            for i in 0..<n0 {
                for j in 0..<n1 {
                    for k in 0..<n2 {
                        var sum = 0.0
                        for di in -1...1 {
                            for dj in -1...1 {
                                for dk in -1...1 {
                                    sum += u[((i + di + n0) % n0) * n1 * n2 + ((j + dj + n1) % n1) * n2 + (k + dk + n2) % n2]
                                }
                            }
                        }
                        v[(i * n1 + j) * n2 + k] = sum / 27
                    }
                }
            }
            u = v
        }
        return u
    }

    // MARK: Raw files

    /// `write(toRawFile:)` equals the serially computed bytes (header + row-major data), replaces a longer
    /// file exactly, reads back on a different number of ranks and grid shape, and every damaged or
    /// mismatched file is refused with an MPIError of class badFile (noSuchFile when missing) on every rank.
    static func rawFile() throws {
        let world = Communicator.world
        let rank = try world.rank
        let size = try world.size
        let directory = try scratchDirectory()
        let grid = try ProcessGrid(axes: 2)

        // 2-D Double: arbitrary bit patterns (NaN payloads included) must survive the file.
        let x = (0..<extent2D.reduce(1, *)).map { Double(bitPattern: mix(UInt64($0) &* 977)) }
        let a = try DistributedArray<Double>(grid: grid, globalExtent: extent2D, ghostWidth: 2)
        fill(a, sentinel: -1, value: { x[$0] })
        let pathA = directory + "/a.raw"
        try a.write(toRawFile: pathA)
        try world.barrier()
        let expectedA = rawHeader(elementSize: 8, code: 1, extent: extent2D) + bytes(of: x)
        if rank == 0 { try expectSameBytes(readFile(pathA), expectedA, pathA) }

        // Writes stay exact when repeated with new values (Open MPI 4.1's collective-write algorithm lost a
        // block in a few percent of writes on oversubscribed cores; see DistributedArray.writeBlock).
        let repeated = try DistributedArray<Double>(grid: grid, globalExtent: extent2D)
        for round in 1...20 {
            fill(repeated, sentinel: -1, value: { Double($0 * 100 + round) })
            try repeated.write(toRawFile: directory + "/repeated.raw")
            if rank == 0 {
                try expectSameBytes(readFile(directory + "/repeated.raw"),
                                    rawHeader(elementSize: 8, code: 1, extent: extent2D)
                                        + bytes(of: (0..<extent2D.reduce(1, *)).map { Double($0 * 100 + round) }),
                                    "repeated.raw, write \(round)")
            }
            try world.barrier()
        }

        // Read back on fewer ranks (all but the last) arranged in columns.
        let readers = size > 1 ? size - 1 : 1
        if let part = try world.split(color: rank < readers ? 0 : nil) {
            let columns = try ProcessGrid(dimensions: [1, 0], communicator: part)
            let b = try DistributedArray<Double>(grid: columns, globalExtent: extent2D)
            fill(b, sentinel: 42, value: { _ in 0 })
            try b.read(fromRawFile: pathA)
            try checkOwned(b, sentinel: 42, bits: { $0.bitPattern }, expected: { x[$0] }, "raw 2-D on \(readers) ranks")
            let back = try b.gather()
            if columns.rank == 0 { try expect(back!.map(\.bitPattern) == x.map(\.bitPattern), "raw 2-D read on \(readers) ranks: gather differs") }
        }

        // 3-D Int32 written in planes over the file just written (which is longer): replaced exactly.
        let y = (0..<extent3D.reduce(1, *)).map { Int32(truncatingIfNeeded: mix(UInt64($0) + 5)) }
        let planes = try ProcessGrid(dimensions: [size, 1, 1])
        let c = try DistributedArray<Int32>(grid: planes, globalExtent: extent3D)
        fill(c, sentinel: -1, value: { y[$0] })
        let pathC = directory + "/c.raw"
        try a.write(toRawFile: pathC)
        try c.write(toRawFile: pathC)
        try world.barrier()
        if rank == 0 { try expectSameBytes(readFile(pathC), rawHeader(elementSize: 4, code: 4, extent: extent3D) + bytes(of: y), pathC) }
        let grid3 = try ProcessGrid(axes: 3)
        let d = try DistributedArray<Int32>(grid: grid3, globalExtent: extent3D)
        fill(d, sentinel: 42, value: { _ in 0 })
        try d.read(fromRawFile: pathC)
        try checkOwned(d, sentinel: 42, bits: { UInt64(UInt32(bitPattern: $0)) }, expected: { y[$0] }, "raw 3-D")
        if let part = try world.split(color: rank < readers ? 0 : nil) {
            let other = try ProcessGrid(dimensions: [1, 0, 1], communicator: part)
            let e = try DistributedArray<Int32>(grid: other, globalExtent: extent3D)
            try e.read(fromRawFile: pathC)
            try checkOwned(e, sentinel: 0, bits: { UInt64(UInt32(bitPattern: $0)) }, expected: { y[$0] }, "raw 3-D on \(readers) ranks")
        }

        // Mismatched arrays: another shape, element size or element type.
        let transposed = try DistributedArray<Double>(grid: grid, globalExtent: [extent2D[1], extent2D[0]])
        try expectError(.badFile, "reading a 37×23 file into a 23×37 array") { try transposed.read(fromRawFile: pathA) }
        let floats = try DistributedArray<Float>(grid: grid, globalExtent: extent2D)
        try expectError(.badFile, "reading Float64 data into a Float array") { try floats.read(fromRawFile: pathA) }
        let integers = try DistributedArray<Int64>(grid: grid, globalExtent: extent2D)
        try expectError(.badFile, "reading Float64 data into an Int64 array") { try integers.read(fromRawFile: pathA) }
        let threeD = try DistributedArray<Double>(grid: grid3, globalExtent: [extent2D[0], extent2D[1], 1])
        try expectError(.badFile, "reading a 2-D file into a 3-D array") { try threeD.read(fromRawFile: pathA) }

        // Damaged files, each made by rank 0 from the good one.
        var damaged: [(name: String, bytes: [UInt8])] = []
        var badMagic = expectedA
        badMagic[0] = UInt8(ascii: "X")
        damaged.append(("bad magic", badMagic))
        var badVersion = expectedA
        badVersion[8] = 2
        damaged.append(("format version 2", badVersion))
        damaged.append(("truncated by one element", Array(expectedA.dropLast(8))))
        damaged.append(("one element too many", expectedA + Array(repeating: 0, count: 8)))
        damaged.append(("shorter than the header", Array(expectedA.prefix(10))))
        damaged.append(("empty", []))
        for (index, file) in damaged.enumerated() {
            let path = directory + "/damaged-\(index).raw"
            if rank == 0 { try writeFile(path, file.bytes) }
            try world.barrier()
            let error = try expectError("a raw file that is \(file.name)") { try a.read(fromRawFile: path) }
            try expect(error.errorClass == .badFile && !error.message.isEmpty,
                       "a raw file that is \(file.name): expected a clear badFile error, got \(error)")
        }
        try expectError(.noSuchFile, "reading a missing raw file") { try a.read(fromRawFile: directory + "/missing.raw") }
        try expectError("writing into a missing folder") { try a.write(toRawFile: directory + "/no/such/folder/a.raw") }
        // The array is intact after all those failed reads.
        try checkOwned(a, sentinel: -1, bits: { $0.bitPattern }, expected: { x[$0] }, "raw 2-D after failed reads")

        try removeScratchDirectory(directory)
    }

    /// Checks that a file holds exactly `expected`, or says where it first differs.
    static func expectSameBytes(_ actual: [UInt8]?, _ expected: [UInt8], _ path: String) throws {
        guard let actual else { throw ScenarioFailure("\(path) is missing") }
        guard actual != expected else { return }
        let first = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? Swift.min(actual.count, expected.count)
        let differing = zip(actual, expected).filter { $0 != $1 }.count
        throw ScenarioFailure("""
            \(path) differs from the serially computed bytes: \(actual.count) bytes, expected \(expected.count); \
            first difference at byte \(first), \(differing) differing bytes in the common length
            """)
    }

    /// Checks that every owned cell holds `expected(row-major global index)` bit for bit and every ghost
    /// `sentinel`.
    static func checkOwned<Element>(
        _ array: DistributedArray<Element>, sentinel: Element, bits: (Element) -> UInt64,
        expected: (Int) -> Element, _ context: String
    ) throws {
        let layout = Layout(array)
        try array.withUnsafeMutableElements { storage in
            try forEachStored(array) { offset, local in
                let want = layout.isOwned(local) ? expected(layout.linear(layout.start &+ local)) : sentinel
                try expect(bits(storage[offset]) == bits(want), "\(context): local \(layout.trim(local)) holds \(storage[offset]), expected \(want)")
            }
        }
    }

    /// The raw format's header as its documentation describes it, computed independently of the library.
    static func rawHeader(elementSize: Int, code: UInt32, extent: [Int]) -> [UInt8] {
        var header = Array("SWMPIARR".utf8)
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { header += $0 } }
        put(UInt32(1))
        put(UInt32(extent.count))
        put(UInt32(elementSize))
        put(code)
        for axis in 0..<3 { put(UInt64(axis < extent.count ? extent[axis] : 1)) }
        return header + [UInt8](repeating: 0, count: 16)
    }

    // MARK: VTK

    /// `.vti` files: the XML (with the raw block cut out) parses, with the right extents, spacing, origin,
    /// type and (escaped) name; the appended block is `_`, a UInt64 length of cells × element size, then
    /// exactly the gathered array. A `.pvd` lists the snapshots in order. Unsupported types and
    /// mismatched spacing are refused.
    static func vtkOutput() throws {
        let world = Communicator.world
        let rank = try world.rank
        let directory = try scratchDirectory()

        let grid2 = try ProcessGrid(axes: 2)
        let a = try DistributedArray<Double>(grid: grid2, globalExtent: extent2D)
        let x = (0..<extent2D.reduce(1, *)).map { Double(mix(UInt64($0)) % 1000) / 8 }
        fill(a, sentinel: -1, value: { x[$0] })
        let name = "temperature <&\"'> °C"
        try a.write(toVTKImage: directory + "/a.vti", name: name, spacing: [0.5, 0.25], origin: [1, 2])
        try world.barrier()
        if rank == 0 {
            try checkVTI(directory + "/a.vti", wholeExtent: "0 22 0 36 0 0", spacing: "0.25 0.5 1.0", origin: "2.0 1.0 0.0",
                         type: "Float64", name: name, data: bytes(of: x))
        }

        let grid3 = try ProcessGrid(axes: 3, periodic: [true, false, true])
        let b = try DistributedArray<Int32>(grid: grid3, globalExtent: extent3D)
        let y = (0..<extent3D.reduce(1, *)).map { Int32($0) - 500 }
        fill(b, sentinel: -1, value: { y[$0] })
        try b.write(toVTKImage: directory + "/b.vti", name: "b")
        try world.barrier()
        if rank == 0 {
            try checkVTI(directory + "/b.vti", wholeExtent: "0 6 0 10 0 12", spacing: "1.0 1.0 1.0", origin: "0.0 0.0 0.0",
                         type: "Int32", name: "b", data: bytes(of: y))
        }

        // A time series; the file names need XML escaping.
        let files = ["u_0.vti", "u&v \"1\".vti", "u<2>.vti"]
        var series = VTKCollection(path: directory + "/series.pvd")
        for (step, file) in files.enumerated() {
            fill(a, sentinel: -1, value: { x[$0] + Double(step) })
            try a.write(toVTKImage: directory + "/" + file, name: "u")
            try series.append(file: file, time: Double(step) * 0.5, rank: grid2.rank)
        }
        try expect(series.snapshots.map(\.file) == files && series.snapshots.map(\.time) == [0, 0.5, 1],
                   "VTKCollection.snapshots: \(series.snapshots)")
        try world.barrier()
        if rank == 0 {
            let elements = try parseXML(readFile(directory + "/series.pvd") ?? [], "series.pvd")
            try expect(elements.first?.name == "VTKFile" && elements.first?.attributes["type"] == "Collection",
                       "series.pvd: root element \(String(describing: elements.first))")
            let dataSets = elements.filter { $0.name == "DataSet" }
            try expect(dataSets.map { $0.attributes["file"] ?? "" } == files
                       && dataSets.map { Double($0.attributes["timestep"] ?? "") } == [0, 0.5, 1],
                       "series.pvd lists \(dataSets)")
            for file in files { try expect(readFile(directory + "/" + file) != nil, "\(file) is missing") }
        }

        // Refused: element types VTK has no name for, and spacing or origin of the wrong length.
        let unsupported = try DistributedArray<Bool>(grid: grid2, globalExtent: extent2D)
        try expectError(.type, "VTK output of Bool") { try unsupported.write(toVTKImage: directory + "/bool.vti", name: "b") }
        try expectError(.argument, "VTK spacing with 3 entries for a 2-D array") {
            try a.write(toVTKImage: directory + "/bad.vti", name: "u", spacing: [1, 1, 1])
        }
        try expectError(.argument, "VTK origin with 1 entry for a 2-D array") {
            try a.write(toVTKImage: directory + "/bad.vti", name: "u", origin: [1])
        }
        try removeScratchDirectory(directory)
    }

    /// Checks one `.vti` file byte by byte around the appended block and parses the rest as XML.
    static func checkVTI(
        _ path: String, wholeExtent: String, spacing: String, origin: String, type: String, name: String, data: [UInt8]
    ) throws {
        guard let file = readFile(path) else { throw ScenarioFailure("\(path) is missing") }
        let marker = Array("<AppendedData encoding=\"raw\">".utf8)
        guard let markerStart = firstIndex(of: marker, in: file) else {
            throw ScenarioFailure("\(path): no <AppendedData encoding=\"raw\"> element")
        }
        // Whitespace, then the underscore that starts the appended data.
        var underscore = markerStart + marker.count
        while underscore < file.count, [0x20, 0x0A, 0x0D, 0x09].contains(file[underscore]) { underscore += 1 }
        try expect(underscore < file.count && file[underscore] == UInt8(ascii: "_"),
                   "\(path): the appended data does not start with '_' (found \(underscore < file.count ? String(file[underscore]) : "end of file"))")
        let lengthStart = underscore + 1
        try expect(file.count >= lengthStart + 8, "\(path) ends inside the appended data's length")
        let length = file[lengthStart..<lengthStart + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        try expect(length == UInt64(data.count), "\(path): appended length \(length), expected \(data.count) (cells × element size)")
        let dataStart = lengthStart + 8
        try expect(file.count >= dataStart + data.count && Array(file[dataStart..<dataStart + data.count]) == data,
                   "\(path): the appended data differs from the gathered array")
        let tail = Array(file[(dataStart + data.count)...])
        try expect(String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "</AppendedData>\n</VTKFile>",
                   "\(path): unexpected bytes after the data: \(String(decoding: tail, as: UTF8.self).debugDescription)")

        // The document with the raw block (length and data) cut out, keeping the underscore.
        let elements = try parseXML(Array(file[..<lengthStart]) + tail, path)
        func attributes(_ element: String) throws -> [String: String] {
            guard let found = elements.first(where: { $0.name == element }) else { throw ScenarioFailure("\(path): no <\(element)>") }
            return found.attributes
        }
        let root = try attributes("VTKFile")
        try expect(elements.first?.name == "VTKFile" && root["type"] == "ImageData" && root["byte_order"] == "LittleEndian"
                   && root["header_type"] == "UInt64", "\(path): <VTKFile \(root)>")
        let image = try attributes("ImageData")
        try expect(image["WholeExtent"] == wholeExtent && image["Spacing"] == spacing && image["Origin"] == origin,
                   "\(path): <ImageData \(image)>, expected WholeExtent \(wholeExtent), Spacing \(spacing), Origin \(origin)")
        try expect(try attributes("Piece")["Extent"] == wholeExtent, "\(path): <Piece> extent")
        try expect(try attributes("PointData")["Scalars"] == name, "\(path): <PointData> scalars")
        let array = try attributes("DataArray")
        try expect(array["type"] == type && array["Name"] == name && array["format"] == "appended" && array["offset"] == "0"
                   && array["NumberOfComponents"] == "1", "\(path): <DataArray \(array)>")
        try expect(try attributes("AppendedData")["encoding"] == "raw", "\(path): <AppendedData> encoding")
    }

    /// The elements of an XML document in document order, with their attributes; throws when it does not
    /// parse.
    static func parseXML(_ bytes: [UInt8], _ context: String) throws -> [(name: String, attributes: [String: String])] {
        let parser = XMLParser(data: Data(bytes))
        let collector = ElementCollector()
        parser.delegate = collector
        guard parser.parse(), collector.error == nil else {
            throw ScenarioFailure("\(context) is not well-formed XML: \(collector.error ?? parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return collector.elements
    }

    final class ElementCollector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var error: String?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append((elementName, attributes))
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            error = "\(parseError) at line \(parser.lineNumber)"
        }
    }

    // MARK: Allocation

    /// Repeated exchanges do not grow the heap: after a warm-up, 5 windows of `DD_EXCHANGES` (default 1000)
    /// rounds, each round four exchanges — a multi-array `HaloExchange`, `updateHalo` with its cached
    /// plans (star and box), split-phase `begin`/`finish` — and the bytes in use that `mallinfo2()` would
    /// report (every arena, plus mmapped blocks) are read before and after each window.
    ///
    /// An allocation kept per exchange grows the heap in every window by at least 32 bytes × 4000
    /// (malloc's smallest chunk), so the smallest growth over the windows must stay within one page. Open
    /// MPI grows its free lists (requests, shared-memory fragments) now and then, by tens of KB at a time
    /// when messages pile up on oversubscribed cores: that shows in some windows, not in all, and is not
    /// per exchange. Rank 0 prints every rank's growth per window. An allocation freed within the same
    /// exchange does not show here (it is counted with valgrind in the benchmark notes).
    static func allocations() throws {
        let world = Communicator.world
        let exchanges = getenv("DD_EXCHANGES").flatMap { Int(String(cString: $0)) } ?? 1000
        let windows = 5
        let grid = try ProcessGrid(dimensions: [0, 0], periodic: [true, true])
        let a = try DistributedArray<Double>(grid: grid, globalExtent: [300, 200])
        let b = try DistributedArray<Int32>(grid: grid, globalExtent: [300, 200], ghostWidth: 2)
        let halo = try HaloExchange(a, b, stencil: .box)
        func round() throws {
            try halo.exchange()
            try a.updateHalo()
            try b.updateHalo(stencil: .box)
            try halo.begin()
            try halo.finish()
        }
        for _ in 0..<20 { try round() }
        _ = try heapInUse()   // its own first use allocates once
        try world.barrier()
        var growth: [Int] = []
        for _ in 0..<windows {
            let before = try heapInUse()
            for _ in 0..<exchanges { try round() }
            growth.append(try heapInUse() - before)
        }
        let all = try world.gather(growth, root: 0)
        if try world.rank == 0, let all {
            let perRank = stride(from: 0, to: all.count, by: windows).map { Array(all[$0..<$0 + windows]) }
            print("allocations: \(windows) windows of \(exchanges) rounds of 4 exchanges; heap growth in bytes per window, by rank: \(perRank)")
        }
        try expect(growth.min()! <= 4096,
                   "the heap grew in every window of \(exchanges) rounds of exchanges: \(growth) bytes")
        fill(a, sentinel: -1, value: { doubleValue($0, 0) })
        try a.updateHalo(stencil: .box)
        try checkCells(a, stencil: .box, sentinel: -1, value: { doubleValue($0, 0) }, "exchange after the allocation check")
    }

    /// Bytes allocated with malloc and not yet freed, in every arena, plus mmapped blocks: what
    /// `mallinfo2()` calls `uordblks + hblkhd`, read from `malloc_info`'s report (Swift's Glibc module
    /// does not import `<malloc.h>`, and `malloc_info`'s signature, unlike `mallinfo2`'s, can be called
    /// through `dlsym`). The report's totals: arena memory minus free chunks (fast bins, other bins and
    /// the top chunk), plus mmapped blocks. The stream's own buffer is counted alike in every reading.
    static func heapInUse() throws -> Int {
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else {   // RTLD_DEFAULT
            throw ScenarioFailure("malloc_info is not available")
        }
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        guard let stream = open_memstream(&buffer, &length) else { throw ScenarioFailure("open_memstream failed") }
        let status = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { throw ScenarioFailure("malloc_info failed") }
        // The totals follow the last </heap>.
        let report = String(cString: buffer)
        let totals = report.components(separatedBy: "</heap>").last ?? report
        func size(of tag: String) throws -> Int {
            guard let line = totals.split(separator: "\n").first(where: { $0.contains(tag) }),
                  let value = line.components(separatedBy: "size=\"").last?.split(separator: "\"").first,
                  let size = Int(value) else {
                throw ScenarioFailure("malloc_info's report has no \(tag): \(totals)")
            }
            return size
        }
        return try size(of: "<system type=\"current\"") - size(of: "<total type=\"fast\"")
            - size(of: "<total type=\"rest\"") + size(of: "<total type=\"mmap\"")
    }

    // MARK: Files and hashing

    /// A fresh folder that every rank names alike (from rank 0's process id), created by rank 0.
    static func scratchDirectory() throws -> String {
        let world = Communicator.world
        let id = try world.broadcast(Int(getpid()), root: 0)
        let path = "/tmp/swift-mpi-decomposition-\(id)"
        if try world.rank == 0 {
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw ScenarioFailure("cannot create \(path)") }
        }
        try world.barrier()
        return path
    }

    static func removeScratchDirectory(_ path: String) throws {
        let world = Communicator.world
        try world.barrier()
        if try world.rank == 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for entry in entries { unlink(path + "/" + entry) }
            rmdir(path)
        }
        try world.barrier()
    }

    static func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ScenarioFailure("cannot write \(path)")
        }
    }

    static func bytes<T>(of values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    /// SplitMix64's output function: a well-mixed 64-bit value from any input.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over the bytes of `values`.
    static func fnv1a<T>(_ values: [T]) -> UInt64 {
        values.withUnsafeBytes { $0.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 } }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
