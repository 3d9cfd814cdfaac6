public import SolverSupport

/// Writes snapshots of the bodies for visualisation: VTK PolyData files (`.vtp`, one vertex per body,
/// with point data `mass` and `velocity`), the same bodies as CSV (``BodyCSV``), and a ParaView
/// collection (`nbody.pvd`) that lists the snapshots with their times.
///
/// Only one rank writes; the collection is rewritten after every snapshot, so it is complete whenever
/// the run stops. It lists the snapshots of this run.
public struct SnapshotWriter: Sendable {
    /// The directory that receives the files.
    public let directory: String
    private var entries: [(time: Double, file: String)] = []

    /// Creates a writer into `directory`, which must exist.
    public init(directory: String) {
        self.directory = directory
    }

    /// Writes the snapshot of `step` and updates the collection.
    public mutating func write(_ bodies: Bodies, step: Int, time: Double) throws(ValidationError) {
        let name = "snapshot-" + zeroPadded(step, width: 8)
        try FileSystem.write(Self.polyData(bodies), to: "\(directory)/\(name).vtp")
        try FileSystem.write(BodyCSV.format(bodies), to: "\(directory)/\(name).csv")
        entries.append((time, "\(name).vtp"))
        try FileSystem.writeAtomically(Array(collection().utf8), to: "\(directory)/nbody.pvd")
    }

    /// The bodies as an ASCII VTK PolyData document with 17 significant digits.
    static func polyData(_ bodies: Bodies) -> [UInt8] {
        let n = bodies.count
        var text = """
            <?xml version="1.0"?>
            <VTKFile type="PolyData" version="1.0" byte_order="LittleEndian" header_type="UInt64">
              <PolyData>
                <Piece NumberOfPoints="\(n)" NumberOfVerts="\(n)" NumberOfLines="0" NumberOfStrips="0" NumberOfPolys="0">
                  <PointData Scalars="mass" Vectors="velocity">
                    <DataArray type="Float64" Name="mass" format="ascii">

            """
        func numbers(_ columns: [[Double]]) {
            for body in 0..<n {
                text += columns.map { formatted($0[body], "%.17g") }.joined(separator: " ")
                text += "\n"
            }
        }
        numbers([bodies.mass])
        text += """
                    </DataArray>
                    <DataArray type="Float64" Name="velocity" NumberOfComponents="3" format="ascii">

            """
        numbers([bodies.vx, bodies.vy, bodies.vz])
        text += """
                    </DataArray>
                  </PointData>
                  <Points>
                    <DataArray type="Float64" NumberOfComponents="3" format="ascii">

            """
        numbers([bodies.x, bodies.y, bodies.z])
        text += """
                    </DataArray>
                  </Points>
                  <Verts>
                    <DataArray type="Int64" Name="connectivity" format="ascii">
            \((0..<n).map(String.init).joined(separator: " "))
                    </DataArray>
                    <DataArray type="Int64" Name="offsets" format="ascii">
            \((1...n).map(String.init).joined(separator: " "))
                    </DataArray>
                  </Verts>
                </Piece>
              </PolyData>
            </VTKFile>

            """
        return Array(text.utf8)
    }

    /// The ParaView collection of the snapshots written so far.
    private func collection() -> String {
        let datasets = entries.map { entry in
            "    <DataSet timestep=\"\(formatted(entry.time, "%.17g"))\" part=\"0\" file=\"\(entry.file)\"/>\n"
        }.joined()
        return """
            <?xml version="1.0"?>
            <VTKFile type="Collection" version="1.0" byte_order="LittleEndian">
              <Collection>
            \(datasets)  </Collection>
            </VTKFile>

            """
    }
}
