#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Hands what this process has written to its standard output and error over to the launcher before
/// `MPI_Abort` ends the job: a failing rank's last line says why the job failed, and must not be lost.
///
/// A launcher collects each rank's output through pipes. After `MPI_Abort`, MPICH's Hydra kills the ranks
/// and exits without reading what is still waiting in those pipes: the aborting rank's last lines
/// (already written with `write(2)`) went missing in 2 of 60 launches of a 2-rank job at a load of 4–6.
/// So this flushes C's buffered streams (`print` writes through them) and then waits until the reader
/// has taken every byte out of each pipe, which Linux reports with `FIONREAD`. A reader that is alive
/// drains a pipe in microseconds; `limit` bounds the wait for one that is not (a stopped launcher, a
/// pipe nobody reads), so that aborting can never hang. A stream that is not a pipe — a terminal, a
/// file — already holds what was written.
///
/// - Parameter limit: The longest time to wait for the pipes to drain.
func deliverStandardStreams(waitingAtMost limit: Duration) {
    _ = fflush(nil)
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    for stream in [STDOUT_FILENO, STDERR_FILENO] where isPipe(stream) {
        while unreadByteCount(stream) > 0 && clock.now < deadline {
            usleep(200)
        }
    }
}

/// Whether `descriptor` is a pipe (or FIFO).
private func isPipe(_ descriptor: Int32) -> Bool {
    var information = stat()
    return fstat(descriptor, &information) == 0 && (information.st_mode & S_IFMT) == S_IFIFO
}

/// The bytes written to the pipe `descriptor` that its reader has not read yet; 0 when it cannot tell.
private func unreadByteCount(_ descriptor: Int32) -> Int32 {
    var count: Int32 = 0
    return ioctl(descriptor, UInt(FIONREAD), &count) == 0 ? count : 0
}
