#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// File operations for files that several processes write together with MPI-IO (checkpoints, parallel
// snapshots): one rank inspects a header or finishes the file, the others wait for its verdict.

extension FileSystem {
    /// Returns at most the first `count` bytes of the regular file at `path` (fewer when it is shorter),
    /// without reading the rest: for checking the header of a large file.
    public static func readPrefix(_ path: String, count: Int) throws(ValidationError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw sharedFileError("cannot open", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw sharedFileError("cannot inspect", path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ValidationError("\(path) is not a regular file") }
        var bytes = [UInt8](repeating: 0, count: max(count, 0))
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(filled)) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw sharedFileError("cannot read", path) }
            if got == 0 { break }
            filled += got
        }
        return Array(bytes.prefix(filled))
    }

    /// The size in bytes of the regular file at `path`.
    public static func size(of path: String) throws(ValidationError) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { throw sharedFileError("cannot open", path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ValidationError("\(path) is not a regular file") }
        return Int(status.st_size)
    }

    /// Renames `source` to `destination`, replacing it atomically, and flushes the directory so that the
    /// rename survives a crash: the last step of writing a file under a temporary name.
    public static func renameDurably(_ source: String, to destination: String) throws(ValidationError) {
        guard rename(source, destination) == 0 else { throw sharedFileError("cannot rename \(source) to", destination) }
        let directory = destination.contains("/") ? String(destination[..<destination.lastIndex(of: "/")!]) : "."
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }   // best effort, as in writeAtomically
        fsync(descriptor)
        close(descriptor)
    }

    /// Whether `path` is a directory this process can create files in, found by creating (and removing)
    /// one: permission bits say nothing about root, and a read-only or special file system such as
    /// `/proc` refuses even root, which `access(2)` does not tell.
    public static func isWritableDirectory(_ path: String) -> Bool {
        guard isDirectory(path) else { return false }
        let probe = "\(path)/.write-probe-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        unlink(probe)
        return true
    }
}

private func sharedFileError(_ action: String, _ path: String) -> ValidationError {
    ValidationError("\(action) \(path): \(String(cString: strerror(errno)))")
}
