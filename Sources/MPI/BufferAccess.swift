public import CMPI

// Access to the storage of Swift collections for MPI calls, shared by every chapter's wrappers.
//
// The closures return MPI's return code rather than throwing, because the standard library's
// `withContiguous…StorageIfAvailable` methods are `rethrows` and would erase the typed error.

/// Calls `body` with the address of the elements of `elements`, then checks the code it returns.
///
/// - Throws: An error of class ``ErrorClass/buffer`` when the collection has no contiguous storage.
@inlinable @inline(__always)
func withReadableStorage<C: Collection>(
    _ elements: C, _ body: (UnsafeRawPointer?) -> Int32
) throws(MPIError) {
    let code = elements.withContiguousStorageIfAvailable { body(UnsafeRawPointer($0.baseAddress)) }
    guard let code else { throw nonContiguous(C.self) }
    try check(code)
}

/// Calls `body` with the address of the elements of `buffer`, made unique first, then checks the code.
@inlinable @inline(__always)
func withWritableStorage<C: MutableCollection>(
    _ buffer: inout C, _ body: (UnsafeMutableRawPointer?) -> Int32
) throws(MPIError) {
    let code = buffer.withContiguousMutableStorageIfAvailable { body(UnsafeMutableRawPointer($0.baseAddress)) }
    guard let code else { throw nonContiguous(C.self) }
    try check(code)
}

/// Calls `body` with the addresses of a send and a receive collection, then checks the code.
@inlinable @inline(__always)
func withStorage<S: Collection, R: MutableCollection>(
    _ elements: S, _ buffer: inout R, _ body: (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
) throws(MPIError) {
    let code = elements.withContiguousStorageIfAvailable { send in
        buffer.withContiguousMutableStorageIfAvailable { receive in
            body(UnsafeRawPointer(send.baseAddress), UnsafeMutableRawPointer(receive.baseAddress))
        }
    }
    guard let outer = code else { throw nonContiguous(S.self) }
    guard let code = outer else { throw nonContiguous(R.self) }
    try check(code)
}

/// Creates an array of `count` elements filled by `body`, which returns MPI's code.
///
/// The elements are left uninitialised until MPI writes them, which is sound for trivial `MPIType`
/// values only when MPI fills all of them; the array is zero-filled first when the call fails.
@inlinable @inline(__always)
func makeArray<T: MPIType>(
    count: Int, _ body: (UnsafeMutableRawPointer?) -> Int32
) throws(MPIError) -> [T] {
    try checkAllocation(count, of: T.self)
    var code = MPI_SUCCESS
    let result = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        code = body(UnsafeMutableRawPointer(buffer.baseAddress))
        if code != MPI_SUCCESS {
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
        }
        initialized = count
    }
    try check(code)
    return result
}

/// Throws an error of class ``ErrorClass/count`` unless a buffer of `actual` elements holds `required`.
@inlinable @inline(__always)
func checkCapacity(_ actual: Int, holds required: Int, _ what: @autoclosure () -> String) throws(MPIError) {
    if _slowPath(actual < required) {
        throw MPIError(.count, "\(what()) holds \(actual) elements but \(required) are needed")
    }
}
