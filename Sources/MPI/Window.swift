import CMPI

// One-sided communication (MPI 3.1, chapter 11): every process exposes a window of its memory, and any
// process reads (get), writes (put) or combines into (accumulate) another's window without the target
// taking part, inside access epochs opened by fences (active target) or locks (passive target).
//
// Memory safety. MPI keeps using the origin buffer of a put, get or accumulate after the call returns,
// until a synchronisation call (fence, unlock, flush) completes the operation. A Swift buffer lent for
// the duration of a call would be freed, reused or read too early. So the window owns every origin
// buffer until MPI is done with it:
//
// - `put` and `accumulate` keep (a reference to) the data sent: an `Array` is retained, not copied, and
//   since the window never mutates it, a caller's later mutation copies the caller's array instead
//   (copy-on-write). The window releases the data when an operation to that rank completes.
// - `startGet` reads into an array the window allocates and keeps; the data is handed out by
//   `result(of:)` only once a synchronisation call has completed the get. Asking earlier throws
//   instead of returning bytes MPI may still be writing. `get`, `fetchAndOperate` and `compareAndSwap`
//   complete at once (they flush), so they need a passive-target epoch on the target.
// - A window whose free fails keeps its buffers for the rest of the process instead of releasing
//   memory MPI may still be using.
// - Remote displacements are checked against the size of the target's window, which every process
//   learns when the window is created, so a put never writes outside another process's memory.

/// A window of memory that other processes access with one-sided operations: put, get and accumulate.
///
/// Every process of a communicator creates the window collectively, each exposing its own block of
/// `T` elements (blocks may differ in size). Displacements count elements of `T`.
///
/// Operations run inside epochs:
/// - Active target: ``fence()`` on every process separates epochs; operations issued between two
///   fences complete at the second one.
/// - Passive target: ``lock(rank:exclusive:)`` … ``unlock(rank:)`` (or ``lockAll()`` …
///   ``unlockAll()``) on the origin only; ``flush(rank:)`` completes operations without ending the epoch.
///
/// The window owns its memory and every buffer MPI uses (see ``startGet(count:from:at:)`` for how
/// gets hand out their results), so no use of this type can make MPI read or write freed memory, or let
/// the program read a result before MPI wrote it. `Window` is noncopyable: ``free()`` releases it
/// collectively, and so does `deinit` for a window still alive (unless MPI has been finalised).
public struct Window<T: MPIType>: ~Copyable {
    /// The MPI handle, for passing to C or Fortran code.
    public private(set) var handle: WindowHandle

    /// The processes that share the window.
    public let communicator: Communicator

    /// The number of elements this process exposes.
    public let count: Int

    /// This process's window memory; `count` elements.
    let base: UnsafeMutablePointer<T>?

    /// The buffers MPI uses and the epochs this process has opened.
    let state: WindowState<T>

    init(handle: WindowHandle, communicator: Communicator, base: UnsafeMutablePointer<T>?, count: Int, state: WindowState<T>) {
        self.handle = handle
        self.communicator = communicator
        self.base = base
        self.count = count
        self.state = state
    }

    // MARK: Creation and release

    /// Creates a window over `count` new elements, zero-initialised, on every process; collective.
    ///
    /// MPI allocates the memory, which may be faster for remote access than ordinary memory (shared
    /// memory between processes of one node, registered memory for the network).
    ///
    /// - Parameters:
    ///   - count: The number of elements this process exposes; may differ between processes, and may be 0.
    ///   - communicator: The processes that share the window.
    /// - Returns: The window; free it with ``free()`` on every process.
    /// - Throws: ``MPIError`` when `count` is negative or too large (class ``ErrorClass/count``), the memory
    ///   is not available (class ``ErrorClass/noMemory``), or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_allocate`.
    public static func allocate(count: Int, communicator: Communicator = .world) throws(MPIError) -> Window<T> {
        try Environment.checkActive()
        let bytes = try byteCount(of: count)
        var base: UnsafeMutableRawPointer? = nil
        var handle = cmpi_win_null()
        // Whole cache lines: MPICH 4.0.2 lays out the windows of one node's processes in one shared
        // segment, and with a size that is not a multiple of 16 bytes a get from every other process reads
        // 8 bytes before its window (reproduced in C). The extra bytes are never addressable: every
        // displacement is checked against `count`. Whole lines also keep neighbours off each other's lines.
        let allocated = bytes > Int.max - 63 ? bytes : (bytes + 63) / 64 * 64
        try check(MPI_Win_allocate(
            MPI_Aint(allocated), try displacementUnit(), cmpi_info_null(), communicator.handle, &base, &handle))
        // Zeroed before the collective in `finish`, so no process can reach this memory earlier.
        if let base, bytes > 0 { base.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
        let elements = base?.bindMemory(to: T.self, capacity: count)
        return try finish(handle, communicator: communicator, base: elements, count: count, storage: nil)
    }

    /// Creates a window over the elements of an array, which the window owns until it is freed;
    /// collective.
    ///
    /// Pass the array with `consume` when its storage may be shared, so that the window does not copy it.
    ///
    /// - Parameters:
    ///   - buffer: The elements this process exposes; the window owns them until it is freed.
    ///   - communicator: The processes that share the window.
    /// - Returns: The window; free it with ``free()`` on every process.
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_create`.
    public static func create(buffer: consuming [T], communicator: Communicator = .world) throws(MPIError) -> Window<T> {
        try Environment.checkActive()
        var storage = buffer
        let count = storage.count
        let bytes = try byteCount(of: count)
        // Makes the storage unique. The window holds the array and never mutates it through Swift, so its
        // elements stay at this address until the window is freed.
        let base = storage.withUnsafeMutableBufferPointer { $0.baseAddress }
        var handle = cmpi_win_null()
        try check(MPI_Win_create(
            base, MPI_Aint(bytes), try displacementUnit(), cmpi_info_null(), communicator.handle, &handle))
        return try finish(handle, communicator: communicator, base: base, count: count, storage: storage)
    }

    /// Installs `MPI_ERRORS_RETURN` on a new window and learns every process's window size; frees the
    /// window if that fails.
    private static func finish(
        _ handle: WindowHandle, communicator: Communicator, base: UnsafeMutablePointer<T>?, count: Int,
        storage: [T]?
    ) throws(MPIError) -> Window<T> {
        var handle = handle
        var counts = [Int64](repeating: 0, count: 0)
        var code = MPI_Win_set_errhandler(handle, cmpi_errors_return())
        if code == MPI_SUCCESS {
            var size: Int32 = 0
            code = MPI_Comm_size(communicator.handle, &size)
            if code == MPI_SUCCESS {
                var local = Int64(count)
                counts = [Int64](repeating: 0, count: Int(size))
                let datatype = cmpi_datatype_int64_t()
                code = MPI_Allgather(&local, 1, datatype, &counts, 1, datatype, communicator.handle)
            }
        }
        guard code == MPI_SUCCESS else {
            MPI_Win_free(&handle)
            throw MPIError(code: code)
        }
        let state = WindowState<T>(storage: storage, counts: counts.map { Int($0) })
        return Window(handle: handle, communicator: communicator, base: base, count: count, state: state)
    }

    /// Frees the window; collective.
    ///
    /// Any passive-target epoch this process still has open is closed first (unlock). The memory of an
    /// allocated window is released; the array of a created window is released too. When MPI fails to
    /// free the window, the buffers it may still use are kept for the rest of the process.
    ///
    /// - Throws: ``MPIError`` when MPI fails to free the window (its buffers are then kept, as above).
    ///
    /// The corresponding MPI function is `MPI_Win_free`.
    public consuming func free() throws(MPIError) {
        let handle = self.handle
        self.handle = cmpi_win_null()
        try Environment.checkActive()
        try check(Window.release(handle, state: state))
    }

    deinit {
        // Never call MPI after MPI_Finalize: a window still alive at exit goes with the process.
        guard handle != cmpi_win_null(), Environment.isInitialized, !Environment.isFinalized else { return }
        _ = Window.release(handle, state: state)
    }

    /// Closes this process's open passive-target epochs and frees the window; keeps the buffers alive
    /// forever when the free fails.
    private static func release(_ handle: WindowHandle, state: WindowState<T>) -> Int32 {
        guard handle != cmpi_win_null() else { return MPI_SUCCESS }
        var handle = handle
        if state.lockedAll { MPI_Win_unlock_all(handle) }
        for rank in state.lockedRanks { MPI_Win_unlock(rank, handle) }
        let code = MPI_Win_free(&handle)
        if code != MPI_SUCCESS {
            // MPI may still read or write these buffers: never release them.
            _ = Unmanaged.passRetained(state)
        }
        return code
    }

    // MARK: Synchronisation

    /// Ends the current active-target epoch and starts the next one; collective.
    ///
    /// Completes every operation this process issued on the window since the previous fence, and every
    /// operation targeting this process's memory: after it, data put into this window is visible
    /// locally, and results of ``startGet(count:from:at:)`` are available from ``result(of:)``.
    ///
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_fence`.
    public mutating func fence() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Win_fence(0, handle))
        state.completeAll()
    }

    /// Starts a passive-target epoch on one process's window: only the calling process takes part.
    ///
    /// - Parameters:
    ///   - rank: The target process.
    ///   - exclusive: `true` (the default) for exclusive access; `false` for a shared lock, which other
    ///     processes may hold at the same time.
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_lock`.
    public mutating func lock(rank: Int, exclusive: Bool = true) throws(MPIError) {
        try Environment.checkActive()
        let target = try checkRank(rank)
        let type = exclusive ? Int32(MPI_LOCK_EXCLUSIVE) : Int32(MPI_LOCK_SHARED)
        try check(MPI_Win_lock(type, target, 0, handle))
        state.addLock(on: target)
    }

    /// Ends the passive-target epoch on one process's window, completing every operation to it.
    ///
    /// - Parameter rank: The target process of the epoch to end.
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_unlock`.
    public mutating func unlock(rank: Int) throws(MPIError) {
        try Environment.checkActive()
        let target = try checkRank(rank)
        try check(MPI_Win_unlock(target, handle))
        state.removeLock(on: target)
        state.complete(rank: target)
    }

    /// Starts a shared passive-target epoch on the windows of all processes.
    ///
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_lock_all`.
    public mutating func lockAll() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Win_lock_all(0, handle))
        state.lockedAll = true
    }

    /// Ends the epoch started by ``lockAll()``, completing every operation.
    ///
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_unlock_all`.
    public mutating func unlockAll() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Win_unlock_all(handle))
        state.lockedAll = false
        state.completeAll()
    }

    /// Completes every operation this process issued to `rank`, at the origin and at the target,
    /// without ending the passive-target epoch.
    ///
    /// - Parameter rank: The target process whose operations to complete.
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_flush`.
    public mutating func flush(rank: Int) throws(MPIError) {
        try Environment.checkActive()
        let target = try checkRank(rank)
        try check(MPI_Win_flush(target, handle))
        state.complete(rank: target)
    }

    /// Completes every operation this process issued on the window, without ending the passive-target
    /// epochs.
    ///
    /// - Throws: ``MPIError`` when the call does not fit the window's synchronisation state (class
    ///   ``ErrorClass/rmaSync``) or MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_flush_all`.
    public mutating func flushAll() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Win_flush_all(handle))
        state.completeAll()
    }

    /// Synchronises this process's view of its window memory with remote accesses: needed in a passive
    /// target epoch between local loads and stores and a peer's puts, when the processes order them
    /// with other means (a barrier, a message).
    ///
    /// - Throws: ``MPIError`` when MPI reports an error.
    ///
    /// The corresponding MPI function is `MPI_Win_sync`.
    public func sync() throws(MPIError) {
        try Environment.checkActive()
        try check(MPI_Win_sync(handle))
    }

    // MARK: Put and accumulate

    /// Writes elements into a process's window at a displacement.
    ///
    /// The operation completes at the next ``fence()``, or ``flush(rank:)`` / ``unlock(rank:)`` for
    /// that rank (or ``flushAll()`` / ``unlockAll()``). Until then the window keeps a reference to
    /// `elements` (no copy) for MPI to read; changing the caller's array afterwards copies it first, so
    /// MPI still sends the values passed.
    ///
    /// - Parameters:
    ///   - elements: The data.
    ///   - rank: The target process, or ``Communicator/nullProcess`` (nothing happens).
    ///   - displacement: Where the data goes in the target's window, in elements.
    /// - Throws: ``MPIError`` of class `MPI_ERR_RMA_RANGE` when the data does not fit the target's
    ///   window at that displacement, and ``ErrorClass/rmaSync`` outside an epoch.
    ///
    /// The corresponding MPI function is `MPI_Put`.
    public mutating func put(_ elements: [T], to rank: Int, at displacement: Int) throws(MPIError) {
        try Environment.checkActive()
        let target = try checkTarget(rank, displacement: displacement, count: elements.count)
        let count = try mpiCount(elements.count)
        let datatype = T.mpiDatatype
        let origin = state.stage(elements, rank: target, datatype: datatype)
        try check(MPI_Put(
            origin, count, datatype.handle, target, MPI_Aint(displacement), count, datatype.handle, handle))
    }

    /// Writes the elements of a contiguous collection into a process's window at a displacement.
    ///
    /// The window copies the elements, so the collection may change at once; pass an `Array` to avoid
    /// the copy.
    ///
    /// - Throws: An error of class ``ErrorClass/buffer`` when the collection has no contiguous storage.
    /// - Parameters:
    ///   - elements: The data to write; the window copies it before returning.
    ///   - rank: The target process.
    ///   - displacement: The index of the first element written in the target's window.
    ///
    /// The corresponding MPI function is `MPI_Put`.
    public mutating func put<C: Collection>(_ elements: C, to rank: Int, at displacement: Int) throws(MPIError)
    where C.Element == T {
        try put(try Window.copy(elements), to: rank, at: displacement)
    }

    /// Combines elements into a process's window with a predefined operation, element by element:
    /// `target[displacement + i] = operation(target[displacement + i], elements[i])`.
    ///
    /// Accumulates to the same location from several processes in one epoch are allowed and atomic per
    /// element (unlike puts), and complete like puts; the window keeps a
    /// reference to `elements` until then. ``Operation/replace`` makes an atomic put.
    ///
    /// - Throws: An error of class ``ErrorClass/operation`` for a user-defined operation, which MPI does
    ///   not allow here, `MPI_ERR_RMA_RANGE` when the data does not fit the target's window.
    /// - Parameters:
    ///   - elements: The operands, combined into consecutive elements of the target's window.
    ///   - rank: The target process.
    ///   - displacement: The index of the first target element.
    ///   - operation: A predefined operation, such as ``Operation/sum`` or ``Operation/replace``.
    ///
    /// The corresponding MPI function is `MPI_Accumulate`.
    public mutating func accumulate(
        _ elements: [T], to rank: Int, at displacement: Int, operation: Operation
    ) throws(MPIError) {
        try Environment.checkActive()
        try Window.checkPredefined(operation)
        let target = try checkTarget(rank, displacement: displacement, count: elements.count)
        let count = try mpiCount(elements.count)
        let datatype = T.mpiDatatype
        let origin = state.stage(elements, rank: target, datatype: datatype)
        try check(MPI_Accumulate(
            origin, count, datatype.handle, target, MPI_Aint(displacement), count, datatype.handle,
            operation.handle, handle))
    }

    /// Combines the elements of a contiguous collection into a process's window; the window copies them.
    ///
    /// - Parameters:
    ///   - elements: The operands, combined into consecutive elements of the target's window.
    ///   - rank: The target process.
    ///   - displacement: The index of the first target element.
    ///   - operation: A predefined operation, such as ``Operation/sum`` or ``Operation/replace``.
    /// - Throws: ``MPIError`` when the collection has no contiguous storage (class ``ErrorClass/buffer``),
    ///   `operation` is user-defined (class ``ErrorClass/operation``), or as for
    ///   ``accumulate(_:to:at:operation:)-4qp0f``.
    ///
    /// The corresponding MPI function is `MPI_Accumulate`.
    public mutating func accumulate<C: Collection>(
        _ elements: C, to rank: Int, at displacement: Int, operation: Operation
    ) throws(MPIError) where C.Element == T {
        try accumulate(try Window.copy(elements), to: rank, at: displacement, operation: operation)
    }

    // MARK: Get

    /// A get started by ``startGet(count:from:at:)``, whose data ``result(of:)`` hands out once a
    /// synchronisation call has completed it.
    public struct PendingGet: Hashable, Sendable {
        /// The window that started the get.
        let window: UInt64
        /// The get's number within that window.
        let id: Int
        /// The number of elements requested.
        public let count: Int
    }

    /// Starts reading `count` elements from a process's window at a displacement.
    ///
    /// MPI writes the data into a buffer the window owns, some time before the operation completes at
    /// the next ``fence()``, or ``flush(rank:)`` / ``unlock(rank:)`` for that rank (or ``flushAll()`` /
    /// ``unlockAll()``). Only then does ``result(of:)`` hand the data out; asking earlier throws. So
    /// the program can neither read a result before it arrives nor let MPI write into memory it freed.
    ///
    /// ```swift
    /// try window.fence()
    /// let pending = try window.startGet(count: 1, from: left, at: 0)
    /// try window.fence()
    /// let value = try window.result(of: pending)[0]
    /// ```
    ///
    /// - Parameters:
    ///   - count: The number of elements.
    ///   - rank: The target process, or ``Communicator/nullProcess`` (the result is then zeros).
    ///   - displacement: Where the data starts in the target's window, in elements.
    /// - Returns: A token for ``result(of:)``. A result never asked for is kept until the window is freed.
    /// - Throws: ``MPIError`` of class `MPI_ERR_RMA_RANGE` when the range is outside the target's
    ///   window, and ``ErrorClass/rmaSync`` outside an epoch.
    ///
    /// The corresponding MPI function is `MPI_Get`.
    public mutating func startGet(count: Int, from rank: Int, at displacement: Int) throws(MPIError) -> PendingGet {
        try Environment.checkActive()
        let target = try checkTarget(rank, displacement: displacement, count: count)
        let mpiCount = try mpiCount(count)
        let datatype = T.mpiDatatype
        let (pending, destination) = state.reserveResult(count: count, rank: target, datatype: datatype)
        let code = MPI_Get(
            destination, mpiCount, datatype.handle, target, MPI_Aint(displacement), mpiCount, datatype.handle,
            handle)
        guard code == MPI_SUCCESS else {
            // MPI did not start the get, so the buffer is free to go.
            state.discardResult(pending.id)
            throw MPIError(code: code)
        }
        return pending
    }

    /// The data of a completed get, handed out once.
    ///
    /// - Throws: ``MPIError`` of class ``ErrorClass/rmaSync`` while the get may still be in progress
    ///   (no fence, flush or unlock since it started), and ``ErrorClass/argument`` for a token of another
    ///   window or one already redeemed.
    /// - Parameter pending: The get started by ``startGet(count:from:at:)``.
    /// - Returns: The elements read.
    public mutating func result(of pending: PendingGet) throws(MPIError) -> [T] {
        guard pending.window == state.serial, let entry = state.results[pending.id] else {
            throw MPIError(.argument, pending.window == state.serial
                ? "the result of this get was already taken"
                : "this get was started on another window")
        }
        guard entry.isComplete else {
            throw MPIError(.rmaSync,
                "get not complete yet: call fence(), or flush(rank:) / unlock(rank:) for rank \(entry.rank), first")
        }
        state.discardResult(pending.id)
        return entry.storage
    }

    /// Reads `count` elements from a process's window, inside a passive-target epoch, and returns them
    /// when they have arrived.
    ///
    /// Completes the get at once (with `MPI_Win_flush`, which also completes this process's other
    /// operations to `rank`). In active-target epochs, use ``startGet(count:from:at:)`` and
    /// ``result(of:)``.
    ///
    /// - Throws: ``MPIError`` of class ``ErrorClass/rmaSync`` unless this process holds a lock on
    ///   `rank` (``lock(rank:exclusive:)`` or ``lockAll()``); `MPI_ERR_RMA_RANGE` when the range is
    ///   outside the target's window.
    /// - Parameters:
    ///   - count: The number of elements to read.
    ///   - rank: The target process.
    ///   - displacement: The index of the first element read in the target's window.
    /// - Returns: The `count` elements read.
    ///
    /// The corresponding MPI functions are `MPI_Get` and `MPI_Win_flush`.
    public mutating func get(count: Int, from rank: Int, at displacement: Int) throws(MPIError) -> [T] {
        try Environment.checkActive()
        try checkPassiveEpoch(rank, "get(count:from:at:)")
        let pending = try startGet(count: count, from: rank, at: displacement)
        if rank != Communicator.nullProcess { try flush(rank: rank) }
        return try result(of: pending)
    }

    /// Reads one element from a process's window, inside a passive-target epoch.
    ///
    /// - Parameters:
    ///   - rank: The target process.
    ///   - displacement: The index of the element in the target's window.
    /// - Returns: The element read.
    /// - Throws: ``MPIError`` of class ``ErrorClass/rmaSync`` unless this process holds a lock on `rank`, or
    ///   as for ``get(count:from:at:)``.
    ///
    /// The corresponding MPI functions are `MPI_Get` and `MPI_Win_flush`.
    public mutating func get(from rank: Int, at displacement: Int) throws(MPIError) -> T {
        try get(count: 1, from: rank, at: displacement)[0]
    }

    // MARK: Atomic read-modify-write

    /// Atomically combines `operand` into one element of a process's window and returns the element's
    /// previous value, inside a passive-target epoch.
    ///
    /// `operation` is a predefined operation: ``Operation/sum`` makes a fetch-and-add,
    /// ``Operation/replace`` an atomic swap and ``Operation/noOp`` an atomic read.
    ///
    /// - Throws: ``MPIError`` of class ``ErrorClass/rmaSync`` unless this process holds a lock on `rank`.
    /// - Parameters:
    ///   - operand: The value to combine into the target element.
    ///   - rank: The target process.
    ///   - displacement: The index of the element in the target's window.
    ///   - operation: A predefined operation; ``Operation/noOp`` only reads, ``Operation/replace`` swaps.
    /// - Returns: The element's value before the operation.
    ///
    /// The corresponding MPI functions are `MPI_Fetch_and_op` and `MPI_Win_flush`.
    public mutating func fetchAndOperate(
        _ operand: T, to rank: Int, at displacement: Int, operation: Operation
    ) throws(MPIError) -> T {
        try Environment.checkActive()
        try Window.checkPredefined(operation)
        try checkPassiveEpoch(rank, "fetchAndOperate(_:to:at:operation:)")
        let target = try checkTarget(rank, displacement: displacement, count: 1)
        let datatype = T.mpiDatatype
        let origin = state.stage([operand], rank: target, datatype: datatype)
        let (pending, destination) = state.reserveResult(count: 1, rank: target, datatype: datatype)
        let code = MPI_Fetch_and_op(
            origin, destination, datatype.handle, target, MPI_Aint(displacement), operation.handle, handle)
        guard code == MPI_SUCCESS else {
            state.discardResult(pending.id)
            throw MPIError(code: code)
        }
        if rank != Communicator.nullProcess { try flush(rank: rank) }
        return try result(of: pending)[0]
    }

    /// Atomically replaces one element of a process's window with `desired` if it equals `expected`,
    /// and returns the element's previous value (equal to `expected` when the swap happened), inside a
    /// passive-target epoch.
    ///
    /// MPI allows it for integer, `Bool` and byte types only.
    ///
    /// - Note: Open MPI 4.1's osc/rdma component over shared memory (btl/vader) crashes on 64-bit
    ///   compare-and-swaps between processes of one node (open-mpi/ompi#7967, #7027); 32-bit ones work.
    ///
    /// - Throws: ``MPIError`` of class ``ErrorClass/rmaSync`` unless this process holds a lock on `rank`.
    /// - Parameters:
    ///   - expected: The value the target element must hold for the swap to happen.
    ///   - desired: The value stored when it does.
    ///   - rank: The target process.
    ///   - displacement: The index of the element in the target's window.
    /// - Returns: The element's value before the call; the swap happened when it equals `expected`.
    ///
    /// The corresponding MPI functions are `MPI_Compare_and_swap` and `MPI_Win_flush`.
    public mutating func compareAndSwap(
        expected: T, desired: T, rank: Int, at displacement: Int
    ) throws(MPIError) -> T {
        try Environment.checkActive()
        try checkPassiveEpoch(rank, "compareAndSwap(expected:desired:rank:at:)")
        let target = try checkTarget(rank, displacement: displacement, count: 1)
        let datatype = T.mpiDatatype
        let origin = state.stage([desired, expected], rank: target, datatype: datatype)
        let (pending, destination) = state.reserveResult(count: 1, rank: target, datatype: datatype)
        let code = MPI_Compare_and_swap(
            origin, origin.map { $0 + 1 }, destination, datatype.handle, target, MPI_Aint(displacement), handle)
        guard code == MPI_SUCCESS else {
            state.discardResult(pending.id)
            throw MPIError(code: code)
        }
        if rank != Communicator.nullProcess { try flush(rank: rank) }
        return try result(of: pending)[0]
    }

    // MARK: Local memory

    /// Reads or writes this process's window memory.
    ///
    /// The elements are lent as a `MutableSpan`, which cannot escape the closure, and the window is
    /// borrowed exclusively meanwhile (no put or get through it can start, not even to this process).
    ///
    /// - Important: Other processes may access this memory at any time through their own handles of the
    ///   window, which no local check can see. As in MPI, ordering local and remote accesses is the
    ///   program's job: access the memory after the ``fence()`` that completed remote puts and before
    ///   the next one starts new ones, or hold a lock on this process's own rank in passive-target mode
    ///   (``lock(rank:exclusive:)`` with `exclusive: true` keeps every other process out).
    /// - Parameter body: A closure that reads or writes this process's window memory through a `MutableSpan`,
    ///   which cannot escape it.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public mutating func withLocalElements<R, E: Error>(
        _ body: (inout MutableSpan<T>) throws(E) -> R
    ) throws(E) -> R {
        let elements = UnsafeMutableBufferPointer(start: base, count: count)
        var span = elements.mutableSpan
        return try body(&span)
    }

    /// A copy of this process's window memory; see ``withLocalElements(_:)`` for when it is consistent.
    public var localElements: [T] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// The number of elements a process exposes.
    ///
    /// - Throws: An error of class ``ErrorClass/rank`` for a rank outside the communicator.
    /// - Parameter rank: A process of the window's communicator.
    /// - Returns: The number of elements that process exposes.
    public func count(of rank: Int) throws(MPIError) -> Int {
        guard state.counts.indices.contains(rank) else {
            throw MPIError(.rank, "invalid rank \(rank) for a window of \(state.counts.count) processes")
        }
        return state.counts[rank]
    }

    // MARK: Checks

    /// The size in bytes of `count` elements, checked to fit `MPI_Aint`.
    private static func byteCount(of count: Int) throws(MPIError) -> Int {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard count >= 0, !overflow else {
            throw MPIError(.argument, "window of \(count) elements of \(T.self) is too large or negative")
        }
        return bytes
    }

    /// The displacement unit: one element.
    private static func displacementUnit() throws(MPIError) -> Int32 {
        try mpiInt(MemoryLayout<T>.stride, "element stride")
    }

    /// Converts a target rank (or the null process), checking that it is in the communicator.
    private func checkRank(_ rank: Int) throws(MPIError) -> Int32 {
        guard rank == Communicator.nullProcess || state.counts.indices.contains(rank) else {
            throw MPIError(.rank, "invalid rank \(rank) for a window of \(state.counts.count) processes")
        }
        return Int32(truncatingIfNeeded: rank)
    }

    /// Converts a target rank and checks that `count` elements at `displacement` lie inside its window.
    private func checkTarget(_ rank: Int, displacement: Int, count: Int) throws(MPIError) -> Int32 {
        let target = try checkRank(rank)
        guard rank != Communicator.nullProcess else { return target }
        let size = state.counts[rank]
        guard displacement >= 0, count >= 0, displacement <= size, count <= size - displacement else {
            throw MPIError(ErrorClass(rawValue: MPI_ERR_RMA_RANGE),
                "elements \(displacement)..<\(displacement + count) are outside the \(size)-element window of rank \(rank)")
        }
        return target
    }

    /// Throws unless this process holds a passive-target lock on `rank`.
    private func checkPassiveEpoch(_ rank: Int, _ function: String) throws(MPIError) {
        guard rank == Communicator.nullProcess || state.lockedAll
            || state.lockedRanks.contains(Int32(truncatingIfNeeded: rank)) else {
            throw MPIError(.rmaSync,
                "\(function) completes at once, so it needs a lock on rank \(rank) (lock(rank:) or lockAll()); "
                + "in fence epochs use startGet(count:from:at:) and result(of:)")
        }
    }

    /// Throws unless `operation` is predefined: one-sided accumulates accept no others.
    private static func checkPredefined(_ operation: Operation) throws(MPIError) {
        guard operation.userOperation == nil else {
            throw MPIError(.operation, "one-sided accumulate operations must be predefined, not user-defined")
        }
    }

    /// Copies the elements of a contiguous collection into an array.
    private static func copy<C: Collection>(_ elements: C) throws(MPIError) -> [T] where C.Element == T {
        guard let array = elements.withContiguousStorageIfAvailable({ Array($0) }) else {
            throw nonContiguous(C.self)
        }
        return array
    }
}

/// What a window keeps for MPI: origin buffers of operations in progress, get results, its epochs.
///
/// `Window` changes the collections here only through methods of this class: Swift 6.3 compiling with
/// `-sanitize=thread` aborts ("Invalid bitcast") on an in-place mutation such as `state.results.removeValue`
/// written in a `mutating` method of a noncopyable struct, which `make test-tsan` needs to build.
final class WindowState<T: MPIType> {
    /// Identifies the window in ``Window/PendingGet`` tokens.
    let serial = UInt64.random(in: .min ... .max)

    /// The array of a window made by `create`: its storage is the window memory.
    let storage: [T]?

    /// The number of elements each process exposes, by rank.
    let counts: [Int]

    /// Ranks this process holds a lock on.
    var lockedRanks: Set<Int32> = []

    /// Whether this process holds the lock of `lockAll`.
    var lockedAll = false

    /// Data that puts and accumulates send, kept until the operations to that rank complete.
    var origins: [(rank: Int32, elements: [T], datatype: Datatype)] = []

    /// Buffers that gets write into, by token number.
    var results: [Int: PendingResult] = [:]

    /// The next get's token number.
    var nextResult = 0

    struct PendingResult {
        let rank: Int32
        let storage: [T]
        let datatype: Datatype
        var isComplete: Bool
    }

    init(storage: [T]?, counts: [Int]) {
        self.storage = storage
        self.counts = counts
    }

    /// Keeps `elements` until operations to `rank` complete, and returns the address of their storage.
    func stage(_ elements: [T], rank: Int32, datatype: Datatype) -> UnsafePointer<T>? {
        // The address outlives the closure: sound because `origins` holds the array, whose storage
        // stays put and unchanged while held and never mutated.
        let address = elements.withUnsafeBufferPointer { $0.baseAddress }
        if Int(rank) != Communicator.nullProcess { origins.append((rank, elements, datatype)) }
        return address
    }

    /// Allocates a zeroed buffer of `count` elements for a get to write into, and keeps it.
    func reserveResult(
        count: Int, rank: Int32, datatype: Datatype
    ) -> (pending: Window<T>.PendingGet, address: UnsafeMutablePointer<T>?) {
        var storage = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            initialized = count
        }
        // Unique storage, held by `results` and never mutated until handed out.
        let address = storage.withUnsafeMutableBufferPointer { $0.baseAddress }
        let id = nextResult
        nextResult += 1
        results[id] = PendingResult(
            rank: rank, storage: storage, datatype: datatype, isComplete: Int(rank) == Communicator.nullProcess)
        return (Window<T>.PendingGet(window: serial, id: id, count: count), address)
    }

    /// Records a passive-target lock this process holds on `rank`.
    func addLock(on rank: Int32) { lockedRanks.insert(rank) }

    /// Forgets the lock on `rank`, which `MPI_Win_unlock` released.
    func removeLock(on rank: Int32) { lockedRanks.remove(rank) }

    /// Drops a get's buffer: its result was handed out, or MPI never started the get.
    func discardResult(_ id: Int) { results.removeValue(forKey: id) }

    /// Marks every operation to `rank` complete.
    func complete(rank: Int32) {
        origins.removeAll { $0.rank == rank }
        for id in Array(results.keys) where results[id]!.rank == rank {
            results[id]!.isComplete = true
        }
    }

    /// Marks every operation complete.
    func completeAll() {
        origins.removeAll()
        for id in Array(results.keys) {
            results[id]!.isComplete = true
        }
    }
}
