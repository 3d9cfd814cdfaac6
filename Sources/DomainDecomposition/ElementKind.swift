import MPI

/// How the element type of an array is named in files: a numeric code in the raw format's header and a
/// type name in VTK files.
struct ElementKind {
    let code: UInt32
    let vtkName: String?

    init<Element: MPIType>(_ type: Element.Type) {
        switch type {
        case is Double.Type: (code, vtkName) = (1, "Float64")
        case is Float.Type: (code, vtkName) = (2, "Float32")
        case is Int64.Type: (code, vtkName) = (3, "Int64")
        case is Int.Type: (code, vtkName) = MemoryLayout<Int>.size == 8 ? (3, "Int64") : (4, "Int32")
        case is Int32.Type: (code, vtkName) = (4, "Int32")
        case is Int16.Type: (code, vtkName) = (5, "Int16")
        case is Int8.Type: (code, vtkName) = (6, "Int8")
        case is UInt64.Type: (code, vtkName) = (7, "UInt64")
        case is UInt32.Type: (code, vtkName) = (8, "UInt32")
        case is UInt16.Type: (code, vtkName) = (9, "UInt16")
        case is UInt8.Type: (code, vtkName) = (10, "UInt8")
        default: (code, vtkName) = (0, nil)
        }
    }
}
