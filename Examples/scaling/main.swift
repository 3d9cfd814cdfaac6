// scaling: strong and weak scaling studies of the heat and nbody solvers. The command line becomes
// ScalingOptions; the ScalingStudy library plans, runs each point under mpirun, and writes the tables;
// plot_scaling.py (beside this file) draws the plots.

import ArgumentParser
import Foundation
import ScalingStudy
import SolverSupport

struct ScalingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "Strong and weak scaling studies of heat and nbody: runs each rank count under mpirun, writes CSV, Markdown and PNG plots.",
        discussion: """
            Each point runs `MPIRUN [--mpirun-args] -n P SOLVER SIZE --steps S --quiet --summary-json FILE \
            [--solver-args]` --repeats times and reads the solver's JSON summary. The time of a point is the \
            median of the solver's stepping loop (slowest rank; start-up, set-up and output excluded); the \
            spread is (max - min) / median.

            Strong scaling runs the problem of --cells/--bodies at every rank count. Weak scaling keeps the \
            work per rank: heat keeps \(ProblemSize.weakScalingRule(for: .heat)); nbody keeps \
            \(ProblemSize.weakScalingRule(for: .nbody)).

            Speed-up S(p) = p0 * R(p) / R(p0), with R the work per second (cell updates, or N^2 interactions) \
            and p0 the smallest rank count: p0 * T(p0) / T(p) in strong scaling, the scaled speed-up \
            p * T(p0) / T(p) in weak scaling. Efficiency E(p) = S(p) / p. Phases are mean seconds per rank: \
            compute, communication (halo exchange and reductions; position exchange), other (I/O, diagnostics).

            A point with more ranks than --cores (default: the cores this process may run on) is oversubscribed: \
            it is warned about, marked in every table and plot, and launched with Open MPI's \
            OMPI_MCA_rmaps_base_oversubscribe=1 and OMPI_MCA_mpi_yield_when_idle=1 unless they are set.

            Files in --output: SOLVER-MODE.csv (points), SOLVER-MODE-runs.csv (every run), SOLVER-MODE.md, \
            SOLVER-MODE.png (speed-up with the ideal line, efficiency, phases; needs python3 with matplotlib, \
            otherwise skipped with a notice), summaries/ (every run's JSON), logs/ (output of a failed run).

            Examples (a hostfile, and inside a Slurm allocation):
              scaling --solver heat --ranks 1,2,4 --cells 2048,2048 --steps 100
              scaling --solver nbody --mode weak --ranks 1,2,4,8,16,32,64 \\
                  --mpirun-args "--hostfile hosts --bind-to core" --cores 64
              scaling --solver heat --ranks 1,2,4,8,16,32,64 --cores 64 \\
                  --mpirun srun --mpirun-args "--mpi=pmix --cpu-bind=cores"
            """)

    @OptionGroup var options: ScalingOptions
}

/// Writes one line to standard output at once, so that progress shows while a study runs through a pipe.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

let command: ScalingCommand
do {
    command = try ScalingCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let refusal = CommandLineRefusal(ScalingCommand.self, error: error, name: "scaling")
    if refusal.isError { printError(refusal.text) } else { printLine(refusal.text) }
    exit(refusal.status)
}

let executableDirectory = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path ?? "."
// The plot script stays beside this file in the source tree, where every build of the package can find it.
let plotScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("plot_scaling.py").path
do {
    let files = try Study.run(command.options, solverDirectory: executableDirectory, defaultPlotScript: plotScript,
                              print: printLine, warn: { printError("scaling: warning: \($0)") })
    if let notice = files.plotNotice { printLine("scaling: \(notice)") }
    printLine("scaling: wrote \(files.paths.joined(separator: ", ")) (raw summaries in \(command.options.output)/summaries/)")
} catch {
    printError("scaling: error: \(error)")
    exit(1)
}
