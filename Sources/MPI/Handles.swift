public import CMPI

// The Swift types of MPI handles.
//
// Open MPI's handles are pointers: C functions take them as implicitly unwrapped optionals and write them
// through `UnsafeMutablePointer<MPI_Comm?>`, so the Swift layer stores them as optionals. MPICH's handles
// are plain integers, except `MPI_File`, which MPICH's ROMIO declares as a pointer too. These aliases are
// the only place that difference shows; everything else goes through them and through the shim's
// accessors. The package defines `MPICH` when it is built with `SWIFT_MPI=mpich`.

#if MPICH
/// A communicator handle as MPI reads and writes it (`MPI_Comm`).
public typealias CommunicatorHandle = MPI_Comm
/// A datatype handle as MPI reads and writes it (`MPI_Datatype`).
public typealias DatatypeHandle = MPI_Datatype
/// A request handle as MPI reads and writes it (`MPI_Request`).
public typealias RequestHandle = MPI_Request
/// A matched-message handle as MPI reads and writes it (`MPI_Message`).
public typealias MessageHandle = MPI_Message
/// A reduction-operation handle as MPI reads and writes it (`MPI_Op`).
public typealias OperationHandle = MPI_Op
/// A group handle as MPI reads and writes it (`MPI_Group`).
public typealias GroupHandle = MPI_Group
/// A file handle as MPI reads and writes it (`MPI_File`).
public typealias MPIFileHandle = MPI_File?
/// A one-sided communication window handle as MPI reads and writes it (`MPI_Win`).
public typealias WindowHandle = MPI_Win
#else
/// A communicator handle as MPI reads and writes it (`MPI_Comm`).
public typealias CommunicatorHandle = MPI_Comm?
/// A datatype handle as MPI reads and writes it (`MPI_Datatype`).
public typealias DatatypeHandle = MPI_Datatype?
/// A request handle as MPI reads and writes it (`MPI_Request`).
public typealias RequestHandle = MPI_Request?
/// A matched-message handle as MPI reads and writes it (`MPI_Message`).
public typealias MessageHandle = MPI_Message?
/// A reduction-operation handle as MPI reads and writes it (`MPI_Op`).
public typealias OperationHandle = MPI_Op?
/// A group handle as MPI reads and writes it (`MPI_Group`).
public typealias GroupHandle = MPI_Group?
/// A file handle as MPI reads and writes it (`MPI_File`).
public typealias MPIFileHandle = MPI_File?
/// A one-sided communication window handle as MPI reads and writes it (`MPI_Win`).
public typealias WindowHandle = MPI_Win?
#endif
