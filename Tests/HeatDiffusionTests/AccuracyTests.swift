import Foundation
import Testing

/// The discretisation: second-order convergence, the two schemes against each other, conservation.
@Suite struct AccuracyTests {
    /// Runs the sine problem to t = 0.05 with dt = 0.2 h² (0.8 × the explicit limit), so halving h
    /// quarters dt, and returns (L2 error, max error) from `--validate`.
    static func sineErrors(cells: Int, scheme: String, ranks: Int = 2, checkpoint: Bool = false) throws -> HeatRun {
        let dt = 0.2 / Double(cells * cells)
        let steps = cells * cells / 4
        var arguments = ["--nx", "\(cells)", "--ny", "\(cells)", "--time", "0.05", "--dt", "\(dt)", "--scheme", scheme,
                         "--validate"]
        if checkpoint { arguments += ["--checkpoint", "checkpoints", "--checkpoint-every", "\(steps)"] }
        return try Heat.run(arguments, ranks: ranks)
    }

    /// Halving h (and dt with it, dt ∝ h²) divides both errors by about 4 for both schemes.
    @Test(arguments: ["explicit", "implicit"])
    func secondOrderConvergence(scheme: String) throws {
        let sizes = [16, 32, 64]
        let runs = try sizes.map { try Self.sineErrors(cells: $0, scheme: scheme) }
        for run in runs { try #require(run.succeeded, "\(run.description)") }
        var table = "convergence, \(scheme) scheme, sine to t = 0.05, dt = 0.2 h²\n"
        table += "    n   steps      L2 error   ratio     max error   ratio\n"
        for (index, run) in runs.enumerated() {
            let (l2, maximum) = (run.number("l2_error"), run.number("max_error"))
            func ratio(_ key: String, _ value: Double) -> String {
                index == 0 ? "     -" : String(format: "%6.3f", runs[index - 1].number(key) / value)
            }
            table += String(format: "%5d  %6d  %12.5e", sizes[index], run.integer("steps"), l2) + "  " + ratio("l2_error", l2)
                + String(format: "  %12.5e", maximum) + "  " + ratio("max_error", maximum) + "\n"
            if index > 0 {
                let l2Ratio = runs[index - 1].number("l2_error") / l2
                let maxRatio = runs[index - 1].number("max_error") / maximum
                #expect((3.5...4.5).contains(l2Ratio), "L2 ratio \(l2Ratio) at n = \(sizes[index])")
                #expect((3.5...4.5).contains(maxRatio), "max ratio \(maxRatio) at n = \(sizes[index])")
            }
        }
        print(table)
    }

    /// Both schemes approximate the same solution: on the sine problem each is within its error of the
    /// exact solution, so they are within the sum of the errors of each other, cell by cell.
    @Test func implicitAgreesWithExplicit() throws {
        let cells = 32
        let explicitRun = try Self.sineErrors(cells: cells, scheme: "explicit", checkpoint: true)
        let implicitRun = try Self.sineErrors(cells: cells, scheme: "implicit", ranks: 3, checkpoint: true)
        try #require(explicitRun.succeeded, "\(explicitRun.description)")
        try #require(implicitRun.succeeded, "\(implicitRun.description)")
        let name = "checkpoints/heat_00000256.ckpt"
        let a = try Heat.checkpointField(explicitRun.directory.appendingPathComponent(name))
        let b = try Heat.checkpointField(implicitRun.directory.appendingPathComponent(name))
        try #require(a.count == cells * cells && b.count == cells * cells)
        let difference = zip(a, b).map { abs($0 - $1) }.max()!
        let bound = explicitRun.number("max_error") + implicitRun.number("max_error")
        print("explicit vs implicit, sine n = \(cells): max |u_explicit − u_implicit| = \(difference), "
            + "sum of max errors = \(bound)")
        // Here the two errors have opposite signs at the worst cell (the schemes bracket the exact
        // solution), so the difference reaches the bound up to rounding.
        #expect(difference <= bound * (1 + 1e-12))
        #expect(difference > 0)
    }

    /// With zero-flux (or periodic) boundaries the total heat Σ u h^d stays constant to round-off, for
    /// both schemes (CG keeps it too: every residual and direction sums to zero).
    @Test(arguments: [
        (["--bc", "neumann"], "explicit", 2),
        (["--dims", "3", "--nx", "12", "--ny", "10", "--nz", "9", "--bc", "neumann,periodic,neumann"], "explicit", 3),
        (["--bc", "neumann", "--dt", "1e-3"], "implicit", 2),
        (["--dims", "3", "--nx", "12", "--ny", "10", "--nz", "9", "--bc", "neumann"], "implicit", 4),
    ] as [([String], String, Int)])
    func neumannConservesHeat(options: [String], scheme: String, ranks: Int) throws {
        var arguments = options + ["--init", "gaussian", "--steps", "60", "--scheme", scheme]
        if !options.contains("--nx") { arguments += ["--nx", "40", "--ny", "24"] }
        let run = try Heat.run(arguments, ranks: ranks)
        try #require(run.succeeded, "\(run.description)")
        let (initial, final) = (run.number("total_heat_initial"), run.number("total_heat_final"))
        #expect(abs(final - initial) <= 1e-12 * abs(initial), "total heat \(initial) → \(final)")
        if scheme == "implicit" { #expect(run.integer("cg_iterations") > 60) }
    }
}
