import CMPI
import Synchronization

/// The registration of a user-defined reduction operation with MPI.
///
/// MPI calls a user operation through a plain C function pointer with no context argument, so a Swift
/// closure (which captures context) cannot be handed over directly. Instead a fixed pool of non-capturing
/// trampolines, one per slot, look up their closure in a registry; a slot is freed with the operation.
@usableFromInline
final class UserOperation: @unchecked Sendable {
    // Unchecked: immutable after init; the registry that the trampolines read is behind a Mutex.

    /// How many user-defined operations may be alive at once.
    static var capacity: Int { trampolines.count }

    /// The combining function: `(incoming, accumulated, count)`.
    typealias Combine = @Sendable (UnsafeRawPointer, UnsafeMutableRawPointer, Int) -> Void

    let handle: OperationHandle
    @usableFromInline let datatype: Datatype
    private let slot: Int

    init(datatype: Datatype, commutative: Bool, combine: @escaping Combine) throws(MPIError) {
        let slot = registry.withLock { slots -> Int? in
            guard let free = slots.firstIndex(where: { $0 == nil }) else { return nil }
            slots[free] = combine
            return free
        }
        guard let slot else {
            throw MPIError(.other,
                "too many user-defined operations alive at once (limit \(trampolines.count)); release unused ones")
        }
        var handle: OperationHandle = cmpi_op_null()
        let code = MPI_Op_create(trampolines[slot], commutative ? 1 : 0, &handle)
        guard code == MPI_SUCCESS else {
            registry.withLock { $0[slot] = nil }
            throw MPIError(code: code)
        }
        self.handle = handle
        self.datatype = datatype
        self.slot = slot
    }

    deinit {
        if Environment.isInitialized && !Environment.isFinalized {
            var handle = self.handle
            MPI_Op_free(&handle)
        }
        registry.withLock { $0[slot] = nil }
    }
}

/// MPI's `MPI_User_function`, as a C function pointer.
private typealias UserFunction = @convention(c) (
    UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<DatatypeHandle>?
) -> Void

/// The closures of live user operations, indexed by trampoline slot.
private let registry = Mutex<[UserOperation.Combine?]>(Array(repeating: nil, count: trampolines.count))

/// Runs the closure registered in `slot` on MPI's arguments.
private func invoke(
    _ slot: Int, _ incoming: UnsafeMutableRawPointer?, _ accumulated: UnsafeMutableRawPointer?,
    _ count: UnsafeMutablePointer<Int32>?, _: UnsafeMutablePointer<DatatypeHandle>?
) {
    guard let incoming, let accumulated, let count, count.pointee > 0,
          let combine = registry.withLock({ $0[slot] }) else { return }
    combine(incoming, accumulated, Int(count.pointee))
}

/// One C-callable entry point per slot: each is a distinct function that knows only its slot number.
private let trampolines: [UserFunction] = [
    { invoke(0, $0, $1, $2, $3) }, { invoke(1, $0, $1, $2, $3) },
    { invoke(2, $0, $1, $2, $3) }, { invoke(3, $0, $1, $2, $3) },
    { invoke(4, $0, $1, $2, $3) }, { invoke(5, $0, $1, $2, $3) },
    { invoke(6, $0, $1, $2, $3) }, { invoke(7, $0, $1, $2, $3) },
    { invoke(8, $0, $1, $2, $3) }, { invoke(9, $0, $1, $2, $3) },
    { invoke(10, $0, $1, $2, $3) }, { invoke(11, $0, $1, $2, $3) },
    { invoke(12, $0, $1, $2, $3) }, { invoke(13, $0, $1, $2, $3) },
    { invoke(14, $0, $1, $2, $3) }, { invoke(15, $0, $1, $2, $3) },
    { invoke(16, $0, $1, $2, $3) }, { invoke(17, $0, $1, $2, $3) },
    { invoke(18, $0, $1, $2, $3) }, { invoke(19, $0, $1, $2, $3) },
    { invoke(20, $0, $1, $2, $3) }, { invoke(21, $0, $1, $2, $3) },
    { invoke(22, $0, $1, $2, $3) }, { invoke(23, $0, $1, $2, $3) },
    { invoke(24, $0, $1, $2, $3) }, { invoke(25, $0, $1, $2, $3) },
    { invoke(26, $0, $1, $2, $3) }, { invoke(27, $0, $1, $2, $3) },
    { invoke(28, $0, $1, $2, $3) }, { invoke(29, $0, $1, $2, $3) },
    { invoke(30, $0, $1, $2, $3) }, { invoke(31, $0, $1, $2, $3) },
]
