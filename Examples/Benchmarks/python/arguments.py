"""arguments.py: the command line the mpi4py benchmarks share with their C and Swift twins."""


def iterations_scale(arguments, program):
    """(scale, None) from ``[--iterations-scale S]``, or (None, the one-line message rank 0 prints)."""
    if not arguments:
        return 1.0, None
    if arguments[0] != "--iterations-scale" or len(arguments) != 2:
        return None, "usage: %s [--iterations-scale S]" % program
    try:
        scale = float(arguments[1])
    except ValueError:
        scale = 0.0
    if not 0 < scale <= 1000:  # the C and Swift benchmarks' bound
        return None, "--iterations-scale must be a positive number up to 1000, got '%s'" % arguments[1]
    return scale, None
