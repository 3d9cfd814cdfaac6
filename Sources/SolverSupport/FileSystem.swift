#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// File access for solvers: whole-file reads, atomic writes and directory creation, each failure a
/// one-line ``ValidationError`` naming the path and the system's reason.
public enum FileSystem {
    /// Writes `bytes` to `path` so that readers see either the old file or the whole new one.
    ///
    /// The bytes go to `path.tmp` first, which is flushed to the disk (`fsync`) and then renamed over
    /// `path`; the directory is flushed too, so the rename survives a crash. A crash mid-way leaves at
    /// worst a stale `path.tmp`, never a truncated `path` — what a checkpoint needs.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ValidationError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw systemError("cannot create", temporary) }
        do throws(ValidationError) {
            try writeAll(bytes, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw systemError("cannot flush", temporary) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else { throw systemError("cannot close", temporary) }
        guard rename(temporary, path) == 0 else {
            let error = systemError("cannot rename \(temporary) to", path)
            unlink(temporary)
            throw error
        }
        flushDirectory(containing: path)
    }

    /// Writes `bytes` to `path`, replacing it; for outputs that need no crash safety (snapshots).
    public static func write(_ bytes: [UInt8], to path: String) throws(ValidationError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw systemError("cannot create", path) }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: path)
    }

    /// Returns the whole contents of the file at `path`.
    public static func read(_ path: String) throws(ValidationError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError("cannot open", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError("cannot inspect", path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ValidationError("\(path) is not a regular file") }
        var contents = [UInt8]()
        contents.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw systemError("cannot read", path) }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    /// Creates a directory and any missing parents; succeeds when it already exists.
    public static func createDirectory(_ path: String) throws(ValidationError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw systemError("cannot create directory", prefix) }
            prefix += "/"
        }
        guard isDirectory(path) else { throw ValidationError("\(path) exists and is not a directory") }
    }

    /// Whether `path` names an existing directory.
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Writes every byte, retrying short writes and interruptions.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ValidationError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw systemError("cannot write", path) }
            offset += written
        }
    }

    /// Flushes a directory so that a rename inside it is durable; best effort, as some file systems
    /// refuse to open directories for this.
    private static func flushDirectory(containing path: String) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The error for a failed system call, with the reason `errno` gives.
    private static func systemError(_ action: String, _ path: String) -> ValidationError {
        ValidationError("\(action) \(path): \(String(cString: strerror(errno)))")
    }
}

// The enum's own `read` and `write` hide the C functions inside it; these reach them.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
