import MPI

// ParaView output: a distributed array as one VTK XML ImageData file (.vti) written collectively, and a
// ParaView data collection (.pvd) that strings snapshots into a time series.
//
// The .vti holds the array as point data in "appended raw" encoding. VTK stores images x-fastest, which
// is exactly the row-major order of the array with its last axis as VTK's x, so every process writes its
// block straight into place with one MPI-IO call (see `writeBlock`).

extension DistributedArray {
    /// Writes the array as a VTK ImageData file (`.vti`) that ParaView opens.
    ///
    /// Collective over the grid.
    ///
    /// - Parameters:
    ///   - path: The file to write, usually ending in `.vti`; replaced if it exists.
    ///   - name: The name of the data array in ParaView.
    ///   - spacing: The distance between neighbouring points along each axis, slowest first.
    ///   - origin: The coordinates of the first point along each axis, slowest first.
    /// - Throws: ``/MPI/MPIError`` when the element type has no VTK name (class ``/MPI/ErrorClass/type``),
    ///   `spacing` or `origin` does not have one entry per axis (class ``/MPI/ErrorClass/argument``), or the
    ///   file cannot be created or written.
    public func write(
        toVTKImage path: String, name: String, spacing: [Double]? = nil, origin: [Double]? = nil
    ) throws(MPIError) {
        guard let typeName = ElementKind(Element.self).vtkName else {
            throw MPIError(.type, "VTK output supports integer and floating-point arrays, not \(Element.self)")
        }
        let spacing = spacing ?? Array(repeating: 1, count: axisCount)
        let origin = origin ?? Array(repeating: 0, count: axisCount)
        guard spacing.count == axisCount, origin.count == axisCount else {
            throw MPIError(.argument, "VTK spacing and origin need one entry per axis (\(axisCount))")
        }
        // VTK's axes are (x, y, z) with x fastest: the array's axes reversed, padded to three.
        let extent = (globalExtent.reversed() + [1, 1]).prefix(3).map { "0 \($0 - 1)" }.joined(separator: " ")
        let vtkSpacing = (spacing.reversed() + [1, 1]).prefix(3).map { "\($0)" }.joined(separator: " ")
        let vtkOrigin = (origin.reversed() + [0, 0]).prefix(3).map { "\($0)" }.joined(separator: " ")
        let escapedName = xmlAttribute(name)
        let header = """
            <?xml version="1.0"?>
            <VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="UInt64">
              <ImageData WholeExtent="\(extent)" Origin="\(vtkOrigin)" Spacing="\(vtkSpacing)">
                <Piece Extent="\(extent)">
                  <PointData Scalars="\(escapedName)">
                    <DataArray type="\(typeName)" Name="\(escapedName)" NumberOfComponents="1" format="appended" offset="0"/>
                  </PointData>
                </Piece>
              </ImageData>
              <AppendedData encoding="raw">
            _
            """.utf8   // the data follows the underscore directly (the literal ends with it, no line break)
        let footer = Array("\n  </AppendedData>\n</VTKFile>\n".utf8)
        let dataBytes = globalExtent.reduce(1, *) * MemoryLayout<Element>.size
        let dataStart = header.count + MemoryLayout<UInt64>.size

        let file = try openTruncated(path)
        if grid.rank == 0 {
            var prefix = Array(header)
            withUnsafeBytes(of: UInt64(dataBytes).littleEndian) { prefix.append(contentsOf: $0) }
            try file.write(prefix, at: 0)
            try file.write(footer, at: dataStart + dataBytes)
        }
        try writeBlock(to: file, at: dataStart)
        try closeForReaders(file)
    }
}

/// A ParaView data collection (`.pvd`): the list of snapshot files of a time series.
///
/// Rank 0 rewrites the whole (small) file after each snapshot, so that it is valid even if the run stops
/// early. Other ranks only keep the list.
public struct VTKCollection: Sendable {
    /// The `.pvd` file.
    public let path: String
    /// The snapshots so far: simulated time and file name relative to the `.pvd`.
    public private(set) var snapshots: [(time: Double, file: String)] = []

    /// Starts an empty collection written to `path`.
    ///
    /// - Parameter path: The `.pvd` file to write, usually ending in `.pvd`.
    public init(path: String) {
        self.path = path
    }

    /// Adds a snapshot file (a path relative to the `.pvd`'s folder) at simulated time `time`, and
    /// rewrites the collection on `rank` 0.
    ///
    /// - Parameters:
    ///   - file: The snapshot's path relative to the folder of the `.pvd`.
    ///   - time: The simulated time of the snapshot.
    ///   - rank: The caller's rank; only rank 0 writes the collection.
    /// - Throws: ``/MPI/MPIError`` on rank 0 when the collection file cannot be written.
    public mutating func append(file: String, time: Double, rank: Int) throws(MPIError) {
        snapshots.append((time, file))
        guard rank == 0 else { return }
        var text = """
            <?xml version="1.0"?>
            <VTKFile type="Collection" version="0.1" byte_order="LittleEndian">
              <Collection>

            """
        for snapshot in snapshots {
            text += "    <DataSet timestep=\"\(snapshot.time)\" part=\"0\" file=\"\(xmlAttribute(snapshot.file))\"/>\n"
        }
        text += "  </Collection>\n</VTKFile>\n"
        let file = try File.open(path, mode: [.create, .writeOnly], communicator: .selfOnly)
        try file.setSize(0)
        try file.write(Array(text.utf8), at: 0)
        try file.close()
    }
}

/// `text` escaped for a double-quoted XML attribute value.
func xmlAttribute(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("\"", with: "&quot;").replacing("<", with: "&lt;")
}
