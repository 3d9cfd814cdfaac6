// Embedding: a host program (standing in for C or Fortran code) initialises MPI itself, then Swift code
// adopts it with Environment.initialize(); the host stays in charge of finalising.
import CMPI
import MPI

enum HostAdoptionScenario {
    static func adoptHostMPI() throws {
        // The "host" initialises MPI directly through the C API, as a C or Fortran main program would.
        var provided: Int32 = 0
        try expect(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided) == MPI_SUCCESS,
                   "the host's MPI_Init_thread failed")

        let adopted = try Environment.initialize(threadLevel: .multiple)
        try expect(!Environment.ownsMPI, "Environment adopted the host's MPI but claims to own it")
        try expect(adopted.rawValue == provided, "adoption reported thread level \(adopted), the host got \(provided)")

        // A communicator handed over by the host's C code, borrowed (the host frees it).
        var hostCommunicator = cmpi_comm_null()
        try expect(MPI_Comm_dup(cmpi_comm_world(), &hostCommunicator) == MPI_SUCCESS, "the host's MPI_Comm_dup failed")
        let borrowed = Communicator(borrowing: hostCommunicator)
        let size = try borrowed.size
        let sum = try borrowed.allReduce(1, .sum)
        try expect(sum == size, "allReduce over the host's communicator gave \(sum), expected \(size)")

        // Swift errors are values on the adopted MPI too.
        try expectError(.rank, "send to rank size on the adopted MPI") { try Communicator.world.send(1, to: size) }

        // The host frees its communicator and finalises; Swift's finalize() leaves an adopted MPI alone.
        try Environment.finalize()
        try expect(!Environment.isFinalized, "Environment.finalize() finalised an MPI it does not own")
        let rank = try borrowed.rank
        try expect(MPI_Comm_free(&hostCommunicator) == MPI_SUCCESS, "the host's MPI_Comm_free failed")
        try expect(MPI_Finalize() == MPI_SUCCESS, "the host's MPI_Finalize failed")
        if rank == 0 { print("ok adoptHostMPI") }
    }
}
