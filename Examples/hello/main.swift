// hello: every process of the job says who it is and where it runs.
//
//   make example NAME=hello NP=4           # or: mpirun -n 4 .build/release/hello
//
// What it shows: the skeleton of every swift-mpi program. `Environment.run` initialises MPI
// (MPI_Init_thread), runs the body and finalises (MPI_Finalize); if the body throws on any rank it prints
// the error and aborts the whole job (MPI_Abort), so no process is left waiting. `Communicator.world`
// holds every process mpirun started; `rank` numbers them 0, 1, …, size − 1.
//
// What to expect: one line per process, in whatever order the processes reach their print — mpirun
// forwards each process's output as it comes, so the order changes from run to run:
//
//   hello from rank 0 of 4 on node01
//   hello from rank 2 of 4 on node01
//   hello from rank 1 of 4 on node01
//   hello from rank 3 of 4 on node01
//   MPI 3.1 library: Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: v4.1.4, May 26, 2022
//
// Run without mpirun (`.build/release/hello`) it is a job of one process: MPI's singleton mode.
import MPI

Environment.run {
    let world = Communicator.world
    let rank = try world.rank
    let size = try world.size
    print("hello from rank \(rank) of \(size) on \(try Environment.processorName())")
    if rank == 0 {
        let standard = Environment.standardVersion
        let library = Environment.libraryVersion.split(whereSeparator: \.isNewline).first ?? ""
        print("MPI \(standard.major).\(standard.minor) library: \(library)")
    }
}
