/// A collection that a nonblocking request can own while MPI reads or writes its storage.
///
/// Conforming types keep their elements in one block of memory that stays at the same address while the
/// value is held and not mutated — true of `Array`, `ContiguousArray` and `ArraySlice`. A request takes
/// the buffer by value and hands it back on completion, so the caller cannot touch the storage while
/// MPI uses it: a copy the caller kept is separate storage (copy-on-write), never the bytes in flight.
public protocol RequestBuffer: RandomAccessCollection, MutableCollection {}

extension Array: RequestBuffer {}
extension ContiguousArray: RequestBuffer {}
extension ArraySlice: RequestBuffer {}
