public import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import MPI

/// The whole `main` of an MPI solver executable: initialise MPI, parse the command line, run, and end
/// the job with the right exit status — never leaving a rank waiting.
///
/// Every rank parses the same arguments, so they all reach the same verdict on bad input: rank 0 prints
/// one line (`NAME: error: …`) and every rank finalises and exits non-zero together. A
/// ``ValidationError`` from `run` is treated the same way (the solvers reach it on every rank alike). Any
/// other error may have left the ranks in different places, so it aborts the whole job (`MPI_Abort`).
///
/// - Parameters:
///   - command: The argument-parser type of the executable's options.
///   - name: The executable's name, for messages.
///   - run: The solver, given the parsed options.
public func runSolverCommand<Command: ParsableArguments>(
    _ command: Command.Type, name: String, _ run: (Command) throws -> Void
) -> Never {
    do {
        try Environment.initialize()
    } catch {
        // Every process fails initialisation alike (a launch MPI did not connect makes each one a rank
        // 0 of its own), so the launcher's rank 0 alone says why.
        if Environment.isLauncherRankZero { writeErrorLine("\(name): error: \(error)") }
        exit(1)
    }
    let console = try! RootConsole()

    let options: Command
    do {
        options = try Command.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        let refusal = CommandLineRefusal(Command.self, error: error, name: name)
        if refusal.isError { console.error(refusal.text) } else { console.print(refusal.text) }
        finishTogether(refusal.status)
    }

    do {
        try run(options)
    } catch let error as ValidationError {
        console.error("\(name): error: \(error)")
        finishTogether(1)
    } catch {
        writeErrorLine("\(name): error on rank \((try? Communicator.world.rank) ?? -1): \(error)")
        Environment.abort(code: 1)
    }
    finishTogether(0)
}

/// What a program answers when its command line does not parse: the help (or version) text for standard
/// output with status 0, or one line `NAME: error: …` for standard error with a non-zero status — never
/// the parser's usage block, so that a launcher or a test sees exactly one line per refusal.
public struct CommandLineRefusal: Sendable {
    /// The exit status.
    public let status: Int32
    /// The text to print.
    public let text: String
    /// Whether `text` is an error for standard error (otherwise help for standard output).
    public let isError: Bool

    /// The answer to `error`, which parsing `command`'s arguments threw.
    public init<Command: ParsableArguments>(_ command: Command.Type, error: any Error, name: String) {
        let status = Command.exitCode(for: error)
        self.status = status.rawValue
        isError = !status.isSuccess
        text = isError
            ? "\(name): error: \(Command.message(for: error).split(whereSeparator: \.isNewline).first ?? "")"
            : Command.fullMessage(for: error)
    }
}

/// Ends the process on every rank after they all reached the same verdict, so they can finalise together.
private func finishTogether(_ status: Int32) -> Never {
    try? Environment.finalize()
    exit(status)
}

/// Writes a line to standard error on whichever rank calls it.
private func writeErrorLine(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
