public import CMPI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The MPI execution environment: initialisation, finalisation, timers and implementation facts.
///
/// Call ``initialize(threadLevel:)`` once before any other MPI call. When this library initialised MPI,
/// it finalises MPI exactly once when the process exits with status 0; a process that exits with any
/// other status does not finalise, so that `mpirun` notices the failure and ends the whole job instead of
/// leaving the other ranks waiting in a collective. When the host program (C, Fortran, or another
/// library) initialised MPI first, ``initialize(threadLevel:)`` adopts that MPI and never finalises it.
public enum Environment {
    /// Initialises MPI, or adopts an MPI that the host program already initialised.
    ///
    /// Installs `MPI_ERRORS_RETURN` on `MPI_COMM_WORLD`, `MPI_COMM_SELF` and `MPI_FILE_NULL` so that every MPI error comes
    /// back to Swift as a thrown ``MPIError`` instead of aborting the job. Calling it again after a
    /// successful initialisation returns the thread level provided the first time.
    ///
    /// It also refuses a launch that MPI did not connect: a world of one process while the
    /// ``Launcher`` says it started several, which happens when the program is linked against a different
    /// MPI than the launcher (or `srun` lacks the MPI's PMI plug-in) and every process would otherwise
    /// run the whole job alone. A world this library initialised is then finalised (finalising a world of
    /// one waits for no one), so the process can simply exit.
    ///
    /// - Parameter threadLevel: The thread support the program needs.
    /// - Returns: The thread support MPI provides, which may be lower than requested.
    /// - Throws: ``MPIError`` when MPI was already finalised, initialisation fails, or the launch does
    ///   not match the world MPI initialised (class ``ErrorClass/other``, with a one-line message naming
    ///   both figures and the likely cause).
    ///
    /// The corresponding MPI function is `MPI_Init_thread`.
    @discardableResult
    public static func initialize(threadLevel: ThreadLevel = .single) throws(MPIError) -> ThreadLevel {
        if isFinalized {
            throw MPIError(.other, "MPI was already finalized; it cannot be initialized again")
        }
        var provided: Int32 = 0
        if isInitialized {
            try check(MPI_Query_thread(&provided))
            if state == .uninitialized { state = .adopted }
        } else {
            try check(MPI_Init_thread(nil, nil, threadLevel.rawValue, &provided))
            state = .owned
            on_exit(finalizeOnSuccessfulExit, nil)
            #if MPICH
            // MPICH's MPI_Init makes standard output unbuffered, so `print`'s text and its
            // newline leave in two writes and the launcher interleaves the ranks' lines ("hello from rank
            // 1 of 3 on vmhello from rank 2 of 3 on vm"). One write per line keeps every line whole.
            cmpi_line_buffer_standard_output()
            #endif
        }
        try check(MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()))
        try check(MPI_Comm_set_errhandler(cmpi_comm_self(), cmpi_errors_return()))
        // File errors raised before a file is open go to MPI_FILE_NULL's handler.
        try check(MPI_File_set_errhandler(cmpi_file_null(), cmpi_errors_return()))
        try refuseUnconnectedLaunch()
        return ThreadLevel(rawValue: provided)
    }

    /// Throws when MPI's world has one process but the launcher started several (see ``Launcher``).
    private static func refuseUnconnectedLaunch() throws(MPIError) {
        var worldSize: Int32 = 0
        try check(MPI_Comm_size(cmpi_comm_world(), &worldSize))
        guard let launcher = Launcher.current,
              let mismatch = launcher.mismatch(worldSize: Int(worldSize), linkedMPI: libraryName)
        else { return }
        if state == .owned {
            state = .finalized
            MPI_Finalize()
        }
        throw MPIError(.other, mismatch)
    }

    /// Finalises MPI now, if this library initialised it and it is not finalised yet.
    ///
    /// Usually unnecessary: a process that initialised MPI through this library finalises it on a
    /// successful exit. Every rank must call it (it is collective over all connected processes).
    ///
    /// - Throws: ``MPIError`` when MPI reports an error while finalising.
    ///
    /// The corresponding MPI function is `MPI_Finalize`.
    public static func finalize() throws(MPIError) {
        guard state == .owned, !isFinalized else { return }
        state = .finalized
        try check(MPI_Finalize())
    }

    /// Whether MPI has been initialised, by this library or by the host program.
    ///
    /// The corresponding MPI function is `MPI_Initialized`.
    public static var isInitialized: Bool {
        var flag: Int32 = 0
        MPI_Initialized(&flag)
        return flag != 0
    }

    /// Whether MPI has been finalised.
    ///
    /// The corresponding MPI function is `MPI_Finalized`.
    public static var isFinalized: Bool {
        var flag: Int32 = 0
        MPI_Finalized(&flag)
        return flag != 0
    }

    /// Whether this library initialised MPI (and will finalise it), as opposed to adopting the host's.
    public static var ownsMPI: Bool { state == .owned }

    /// The thread support MPI provides.
    ///
    /// - Returns: The level of thread support MPI provides.
    /// - Throws: ``MPIError`` when MPI is not initialised, already finalised, or reports an error.
    ///
    /// The corresponding MPI function is `MPI_Query_thread`.
    public static func threadLevel() throws(MPIError) -> ThreadLevel {
        try checkActive()
        var provided: Int32 = 0
        try check(MPI_Query_thread(&provided))
        return ThreadLevel(rawValue: provided)
    }

    /// Whether the calling thread is the one that initialised MPI.
    ///
    /// - Returns: `true` on the thread that called ``initialize(threadLevel:)``.
    /// - Throws: ``MPIError`` when MPI is not initialised, already finalised, or reports an error.
    ///
    /// The corresponding MPI function is `MPI_Is_thread_main`.
    public static func isMainThread() throws(MPIError) -> Bool {
        try checkActive()
        var flag: Int32 = 0
        try check(MPI_Is_thread_main(&flag))
        return flag != 0
    }

    /// The name of the processor (usually the host name) this process runs on.
    ///
    /// - Returns: The processor name MPI reports.
    /// - Throws: ``MPIError`` when MPI is not initialised, already finalised, or reports an error.
    ///
    /// The corresponding MPI function is `MPI_Get_processor_name`.
    public static func processorName() throws(MPIError) -> String {
        try checkActive()
        return try cString(capacity: Int(MPI_MAX_PROCESSOR_NAME)) { buffer, length throws(MPIError) in
            try check(MPI_Get_processor_name(buffer, &length))
        }
    }

    /// The MPI implementation's version description, e.g. "Open MPI v4.1.4, …".
    ///
    /// Callable before initialisation. The corresponding MPI function is `MPI_Get_library_version`.
    public static var libraryVersion: String {
        (try? cString(capacity: Int(MPI_MAX_LIBRARY_VERSION_STRING)) { buffer, length throws(MPIError) in
            try check(MPI_Get_library_version(buffer, &length))
        }) ?? "unknown"
    }

    /// The MPI implementation's name and version alone, e.g. "Open MPI v4.1.4" or "MPICH Version: 4.0.2":
    /// the first line of ``libraryVersion`` up to its first comma, with runs of white space made one space.
    ///
    /// Callable before initialisation.
    public static var libraryName: String {
        let firstLine = libraryVersion.prefix { $0 != "\n" && $0 != "," }
        return firstLine.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The version of the MPI standard the implementation supports.
    ///
    /// Callable before initialisation. The corresponding MPI function is `MPI_Get_version`.
    public static var standardVersion: (major: Int, minor: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        MPI_Get_version(&major, &minor)
        return (Int(major), Int(minor))
    }

    /// Elapsed wall-clock time in seconds since an arbitrary point in the past.
    ///
    /// - Returns: The time in seconds; only differences between two calls are meaningful.
    ///
    /// The corresponding MPI function is `MPI_Wtime`.
    @inlinable
    public static func wallTime() -> Double { MPI_Wtime() }

    /// The resolution of ``wallTime()`` in seconds.
    ///
    /// - Returns: The resolution in seconds.
    ///
    /// The corresponding MPI function is `MPI_Wtick`.
    @inlinable
    public static func wallTick() -> Double { MPI_Wtick() }

    /// Ends every process of the job with the given exit code.
    ///
    /// Use it when one rank cannot continue: the other ranks may be waiting for it in a collective and
    /// would otherwise wait forever. Before initialisation, or after finalisation, it exits this process.
    ///
    /// What this process printed reaches the launcher first: it flushes standard output and error and
    /// waits (at most a second) until the launcher has read them, because a launcher that ends the job
    /// may drop what is still in its pipes, such as the line saying why the rank aborts.
    ///
    /// - Parameters:
    ///   - code: The exit status of every process, and of `mpirun`.
    ///   - communicator: The processes to end; MPI implementations usually end every process of the job.
    ///
    /// The corresponding MPI function is `MPI_Abort`.
    public static func abort(code: Int32 = 1, communicator: Communicator = .world) -> Never {
        if isInitialized && !isFinalized {
            deliverStandardStreams(waitingAtMost: .seconds(1))
            MPI_Abort(communicator.handle, code)
        }
        exit(code)
    }

    /// Initialises MPI, runs `body`, and finalises; if `body` throws, prints the error and aborts the job.
    ///
    /// An error escaping one rank must not leave the others waiting forever, so instead of finalising
    /// (which waits for every rank) it prints `rank R: <error>` to standard error and calls
    /// ``abort(code:communicator:)`` with exit code 1. When initialisation fails, every process
    /// fails alike, so only the process that the ``Launcher`` calls rank 0 (or a process started without
    /// a launcher) prints.
    ///
    /// - Parameters:
    ///   - threadLevel: The thread support the program needs.
    ///   - body: The program.
    public static func run(threadLevel: ThreadLevel = .single, _ body: () throws -> Void) {
        do {
            try initialize(threadLevel: threadLevel)
        } catch {
            if isLauncherRankZero { printToStandardError("rank 0: \(error)") }
            abort(code: 1)
        }
        do {
            try body()
            try finalize()
        } catch {
            let rank = (try? Communicator.world.rank).map(String.init) ?? "?"
            printToStandardError("rank \(rank): \(error)")
            abort(code: 1)
        }
    }

    /// Whether the launcher calls this process rank 0, or no launcher started it: the process that
    /// speaks for the job before MPI can tell ranks apart (an initialisation failure, a usage error).
    public static var isLauncherRankZero: Bool { (Launcher.current?.rank ?? 0) == 0 }

    // MARK: State

    @usableFromInline
    enum State: UInt8 {
        case uninitialized, owned, adopted, finalized
    }

    /// What this library knows of MPI's state. Written only by `initialize` and `finalize`.
    @usableFromInline
    nonisolated(unsafe) static var state = State.uninitialized

    /// Throws unless MPI is initialised and not finalised.
    ///
    /// MPI itself aborts the job on a call before `MPI_Init` or after `MPI_Finalize`; this catches the
    /// misuse first. It reads one byte, so it is cheap enough for every call.
    @inlinable @inline(__always)
    static func checkActive() throws(MPIError) {
        if _slowPath(state != .owned && state != .adopted) { try diagnoseInactive() }
    }

    @usableFromInline
    static func diagnoseInactive() throws(MPIError) {
        if state == .finalized || isFinalized {
            throw MPIError(.other, "MPI was already finalized; no MPI call is allowed after MPI_Finalize")
        }
        if isInitialized {
            throw MPIError(.other, "MPI was initialized by the host program; call Environment.initialize() to adopt it")
        }
        throw MPIError(.other, "MPI is not initialized; call Environment.initialize() first")
    }
}

/// Finalises MPI when the process exits with status 0 and this library initialised it.
///
/// A non-zero status means this rank failed: finalising would wait for the other ranks, which may never
/// arrive, so the process exits without finalising and `mpirun` ends the job.
private func finalizeOnSuccessfulExit(status: Int32, _: UnsafeMutableRawPointer?) {
    guard status == 0, Environment.state == .owned, !Environment.isFinalized else { return }
    Environment.state = .finalized
    MPI_Finalize()
}

/// Reads a C string that an MPI function writes into a buffer of the given capacity.
private func cString(
    capacity: Int, _ fill: (UnsafeMutablePointer<CChar>, inout Int32) throws(MPIError) -> Void
) throws(MPIError) -> String {
    var storage = [CChar](repeating: 0, count: capacity + 1)
    var length: Int32 = 0
    try storage.withUnsafeMutableBufferPointer { buffer throws(MPIError) in
        try fill(buffer.baseAddress!, &length)
    }
    // Stop at the first NUL too: Open MPI 4.1 counts the terminator in MPI_Get_library_version's length.
    let characters = storage.prefix(Int(length)).prefix { $0 != 0 }
    return String(decoding: characters.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Writes one line to standard error.
func printToStandardError(_ line: String) {
    var text = line
    text.append("\n")
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
