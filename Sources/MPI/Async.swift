// Completing requests from Swift concurrency.
//
// A task must never block in MPI: the cooperative pool has as many threads as cores, so two tasks
// blocked in `MPI_Wait` can starve the task that would have sent their messages, and the process
// deadlocks. These `async` overloads instead poll with `MPI_Test` and yield the thread between polls.
// Calling MPI from several tasks needs MPI initialised with ``ThreadLevel/multiple``.

extension Request {
    /// Suspends until the operation completes, then returns the buffer with the status, never
    /// blocking a thread of the cooperative pool.
    ///
    /// - Returns: The buffer — for a receive, holding the message — and the status of the operation.
    /// - Throws: ``MPIError`` when the operation failed.
    ///
    /// The corresponding MPI function is `MPI_Test`, called until it reports completion.
    @discardableResult
    public consuming func wait() async throws(MPIError) -> (buffer: Buffer, status: Status) {
        while try !test() {
            await Task.yield()
        }
        let status = Status(raw: self.status!, datatype: datatype)
        return (take(), status)
    }
}

extension RequestSet {
    /// Suspends until every request completes, polling without blocking, then hands back the buffers as
    /// ``waitAll()-4zl1v`` does.
    ///
    /// - Returns: The completed slots as ``waitAll()-4zl1v`` returns them.
    /// - Throws: ``MPIError`` with the first failing request's error.
    ///
    /// The corresponding MPI function is `MPI_Testall`, called until it reports completion.
    public mutating func waitAll() async throws(MPIError) -> [(index: Int, buffer: Buffer, status: Status)] {
        while true {
            if let completed = try testAll() { return completed }
            await Task.yield()
        }
    }
}

extension PersistentRequest {
    /// Suspends until the active operation completes, polling without blocking.
    ///
    /// - Returns: The status of the operation.
    /// - Throws: ``MPIError`` when the operation failed.
    ///
    /// The corresponding MPI function is `MPI_Test`, called until it reports completion.
    @discardableResult
    public mutating func wait() async throws(MPIError) -> Status {
        while true {
            if let status = try test() { return status }
            await Task.yield()
        }
    }
}
