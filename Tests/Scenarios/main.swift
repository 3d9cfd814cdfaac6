import MPI
Environment.run { }
