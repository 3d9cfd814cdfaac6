// The option every Swift benchmark accepts (`--iterations-scale S`), its one-line errors, and the refusal
// of a bad command line: what the C references do with c/bench.h.
public import MPI
public import SolverSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads the value of `--iterations-scale`.
///
/// - Parameter value: The argument after `--iterations-scale`; `nil` when the command line ends there.
/// - Returns: The scale, a positive number up to 1000. The bound keeps every scaled iteration count far
///   inside `Int` (a scale of 1e300 used to trap converting to `Int`).
/// - Throws: ``ValidationError`` with the one-line message rank 0 prints when the value is missing, not
///   a number, not positive, or over 1000.
public func iterationsScale(_ value: String?) throws(ValidationError) -> Double {
    guard let value else { throw ValidationError("--iterations-scale needs a value") }
    guard let scale = Double(value), scale > 0, scale <= 1000 else {
        throw ValidationError("--iterations-scale must be a positive number up to 1000, got '\(value)'")
    }
    return scale
}

/// The scale of a benchmark whose only option is `--iterations-scale S`, from this process's command line
/// (given several times, the last one counts); a bad command line ends the benchmark with
/// ``refuseAndExit(_:program:)``.
///
/// - Parameter program: The benchmark's name, which starts its usage line and its error line.
/// - Returns: The scale, 1 when the option is absent.
/// - Throws: ``MPIError`` when a refusal cannot finalise MPI.
public func iterationsScaleFromCommandLine(program: String) throws(MPIError) -> Double {
    var scale = 1.0
    var rest = CommandLine.arguments.dropFirst()
    do throws(ValidationError) {
        while let argument = rest.popFirst() {
            guard argument == "--iterations-scale" else {
                throw unknownArgument(argument, usage: "\(program) [--iterations-scale S]")
            }
            scale = try iterationsScale(rest.popFirst())
        }
    } catch {
        try refuseAndExit(error, program: program)
    }
    return scale
}

/// The error for an argument a benchmark does not know.
///
/// - Parameters:
///   - argument: The argument as given.
///   - usage: The program's usage line, such as `bench-p2p [--iterations-scale S] [--sizes MIN:MAX]`.
/// - Returns: An error whose message names the argument and quotes the usage line.
public func unknownArgument(_ argument: String, usage: String) -> ValidationError {
    ValidationError("unknown argument '\(argument)' (usage: \(usage))")
}

/// Ends a benchmark that refuses its command line or its number of processes.
///
/// Every rank parses the same arguments and reaches the same verdict, so all of them can finalise
/// together, with no rank left waiting: rank 0 alone prints `program: message`, a single line, and every
/// rank exits with status 2, which `mpirun` reports.
///
/// - Parameters:
///   - error: Why the benchmark refuses to run.
///   - program: The benchmark's name, which starts the line.
/// - Throws: ``MPIError`` when MPI cannot tell the rank or cannot finalise (`Environment.run` then aborts
///   the job).
public func refuseAndExit(_ error: ValidationError, program: String) throws(MPIError) -> Never {
    if try Communicator.world.rank == 0 { printToStandardError("\(program): \(error.message)") }
    try Environment.finalize()
    exit(2)
}
