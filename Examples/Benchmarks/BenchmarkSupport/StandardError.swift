#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes one line to standard error, on whichever rank calls it.
///
/// One `write` call for the line and its newline, so that the lines of ranks that fail at once do not
/// interleave, and no buffer, so that a line just before `MPI_Abort` is not lost.
///
/// - Parameter line: The text, without its newline.
public func printToStandardError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
}
