/// A collection that a nonblocking request can own while MPI reads or writes its storage.
///
/// Conforming types keep their elements in one block of memory that stays at the same address while the
/// value is held and not mutated — true of `Array`, `ContiguousArray` and `ArraySlice`. A request takes
/// the buffer by value and hands it back on completion, so the caller cannot touch the storage while
/// MPI uses it: a copy the caller kept is separate storage (copy-on-write), never the bytes in flight.
public protocol RequestBuffer: RandomAccessCollection, MutableCollection {}

/// An `Array` keeps its elements in one block of memory, so a request can own it while MPI works on it.
extension Array: RequestBuffer {}
/// A `ContiguousArray` keeps its elements in one block of memory, so a request can own it while MPI works
/// on it.
extension ContiguousArray: RequestBuffer {}
/// An `ArraySlice` views one block of its base array's memory, so a request can own it while MPI works on
/// it.
extension ArraySlice: RequestBuffer {}
