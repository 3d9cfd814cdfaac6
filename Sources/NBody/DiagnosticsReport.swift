import SolverSupport

/// The table of conserved quantities that rank 0 prints during a run, and the first and last rows.
struct DiagnosticsReport {
    let console: RootConsole
    private(set) var first: Diagnostics?
    private(set) var last: Diagnostics?

    init(console: RootConsole) {
        self.console = console
    }

    /// Prints a row (and the header before the first); `diagnostics` is `nil` except on rank 0.
    mutating func record(_ diagnostics: Diagnostics?, step: Int, time: Double) {
        guard let diagnostics else { return }
        if first == nil {
            console.print(row(["step", "time", "energy", "rel. error", "|momentum|", "|ang. momentum|"]))
        }
        let reference = first ?? diagnostics
        first = reference
        last = diagnostics
        console.print(row([
            String(step), fixed(time, 6), formatted(diagnostics.totalEnergy, "%.12e"),
            formatted(relativeError(diagnostics.totalEnergy, reference: reference.totalEnergy), "%.3e"),
            formatted(length(diagnostics.momentum), "%.3e"), formatted(length(diagnostics.angularMomentum), "%.3e"),
        ]))
    }

    private func row(_ cells: [String]) -> String {
        zip(cells, [8, 12, 20, 11, 11, 16]).map { cell, width in
            String(repeating: " ", count: max(0, width - cell.count)) + cell
        }.joined(separator: " ")
    }
}

/// |value − reference| / |reference|, or the absolute difference when the reference is zero.
func relativeError(_ value: Double, reference: Double) -> Double {
    reference == 0 ? abs(value - reference) : abs((value - reference) / reference)
}

func length(_ vector: SIMD3<Double>) -> Double {
    (vector.x * vector.x + vector.y * vector.y + vector.z * vector.z).squareRoot()
}
