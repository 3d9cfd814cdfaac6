import Testing
@testable import HeatDiffusion
import SolverSupport

/// Parsing, limits and formats: pure functions, checked in-process without MPI.
@Suite struct HeatUnitTests {
    @Test func stabilityLimit() {
        // 1 / (2 α Σ 1/h²) with h = (1/10, 1/20).
        let limit = HeatProblem.stableTimeStep(extent: [10, 20], lengths: [1, 1], alpha: 2)
        #expect(abs(limit - 1 / (2 * 2 * (100.0 + 400.0))) < 1e-18)
    }

    @Test func boundaryConditionsParse() throws {
        #expect(try BoundaryCondition.parseList("dirichlet", axes: 2) == [.dirichlet(0), .dirichlet(0)])
        // Lists are given x, y[, z]; the solver keeps array order (slowest first).
        #expect(try BoundaryCondition.parseList("dirichlet=0.5,neumann,periodic", axes: 3)
            == [.periodic, .neumann, .dirichlet(0.5)])
        #expect(throws: ValidationError.self) { try BoundaryCondition.parseList("neumann,periodic", axes: 3) }
        #expect(throws: ValidationError.self) { try BoundaryCondition.parseList("robin", axes: 2) }
        #expect(throws: ValidationError.self) { try BoundaryCondition.parseList("dirichlet=nan", axes: 2) }
        #expect(throws: ValidationError.self) { try BoundaryCondition.parseList("neumann=1", axes: 2) }
    }

    @Test func initialConditionsParse() throws {
        #expect(try InitialCondition(parsing: "sine") == .sine)
        #expect(try InitialCondition(parsing: "file:/a/b.raw") == .file("/a/b.raw"))
        #expect(throws: ValidationError.self) { try InitialCondition(parsing: "file:") }
        #expect(throws: ValidationError.self) { try InitialCondition(parsing: "cosine") }
    }

    @Test func unstableTimeStepNamesTheLimit() throws {
        var configuration = HeatConfiguration()
        (configuration.nx, configuration.ny, configuration.timeStep) = (100, 100, 1e-4)
        try configuration.checkOptions()
        let error = #expect(throws: ValidationError.self) { try RunPlan.resolve(configuration, checkpoint: nil) }
        #expect(error?.message.contains("2.5e-05") == true, "\(String(describing: error))")
        configuration.scheme = .implicit
        #expect(try RunPlan.resolve(configuration, checkpoint: nil).problem.timeStep == 1e-4)
    }

    @Test func defaultTimeStepIsNineTenthsOfTheLimit() throws {
        var configuration = HeatConfiguration()
        (configuration.dimensions, configuration.nx, configuration.ny, configuration.nz) = (3, 10, 20, 40)
        let plan = try RunPlan.resolve(configuration, checkpoint: nil)
        #expect(plan.problem.extent == [40, 20, 10])
        #expect(plan.problem.timeStep == 0.9 * plan.problem.stableTimeStep)
    }

    @Test func endTimeRoundsStepsUpAndIsFoundAgain() throws {
        #expect(try RunPlan.steps(toReach: 1, timeStep: 0.3) == 4)
        #expect(try RunPlan.steps(toReach: 1, timeStep: 0.25) == 4)
        // A restart computes the count from dt = T/n, which must give n back.
        for n in [3, 7, 100, 12345] {
            #expect(try RunPlan.steps(toReach: 0.37, timeStep: 0.37 / Double(n)) == n)
        }
    }

    @Test func checkpointHeaderRoundTripsAndRefusesDamage() throws {
        let problem = HeatProblem(extent: [5, 7], lengths: [1, 2], alpha: 0.5, timeStep: 1e-3, scheme: .implicit,
                                  boundaries: [.periodic, .dirichlet(0.25)])
        let header = CheckpointHeader(problem: problem, step: 12, time: 0.012, initialCondition: 1, tolerance: 1e-9,
                                      iterationLimit: 77, fieldChecksum: 0xDEAD_BEEF)
        let bytes = header.encoded()
        #expect(bytes.count == CheckpointHeader.size)
        #expect(try CheckpointHeader(decoding: bytes, fileSize: header.fileSize, source: "x") == header)
        var damaged = bytes
        damaged[70] ^= 1
        #expect(throws: ValidationError.self) { try CheckpointHeader(decoding: damaged, fileSize: header.fileSize, source: "x") }
        #expect(throws: ValidationError.self) { try CheckpointHeader(decoding: bytes, fileSize: header.fileSize - 8, source: "x") }
        #expect(throws: ValidationError.self) { try CheckpointHeader(decoding: Array(bytes.prefix(100)), fileSize: 100, source: "x") }
    }

    @Test func checksumMixSeparatesIndexAndValue() {
        let a = FieldChecksum.mix(index: 1, bits: 2.0.bitPattern) &+ FieldChecksum.mix(index: 2, bits: 3.0.bitPattern)
        let swapped = FieldChecksum.mix(index: 1, bits: 3.0.bitPattern) &+ FieldChecksum.mix(index: 2, bits: 2.0.bitPattern)
        let flipped = FieldChecksum.mix(index: 1, bits: 2.0.bitPattern ^ 1) &+ FieldChecksum.mix(index: 2, bits: 3.0.bitPattern)
        #expect(a != swapped)
        #expect(a != flipped)
    }

    @Test func optionsAreChecked() {
        func refused(_ change: (inout HeatConfiguration) -> Void) -> Bool {
            var configuration = HeatConfiguration()
            change(&configuration)
            do { try configuration.checkOptions(); return false } catch { return true }
        }
        #expect(refused { $0.nx = 0 })
        #expect(refused { $0.ny = -4 })
        #expect(refused { $0.nz = 4 })   // 2-D
        #expect(refused { $0.dimensions = 4 })
        #expect(refused { $0.alpha = .nan })
        #expect(refused { $0.timeStep = .infinity })
        #expect(refused { $0.tolerance = 0 })
        #expect(refused { ($0.steps, $0.endTime) = (10, 1) })
        #expect(refused { $0.snapshotInterval = 5 })   // needs --output
        #expect(refused { $0.lengths = "1,2,3" })
        #expect(refused { ($0.restartPath, $0.initialCondition) = ("x", .sine) })
        #expect(!refused { ($0.nx, $0.steps) = (8, 3) })
    }

    /// The interior and the band cover the block exactly once, and the interior reads no exchanged ghost.
    @Test(arguments: [[5, 7], [1, 4], [2, 2], [4, 3, 6], [1, 1, 5]])
    func overlapSplitPartitionsTheBlock(owned: [Int]) {
        let axes = owned.count
        for mask in 0..<(1 << (2 * axes)) {
            let below = (0..<axes).map { mask & (1 << $0) != 0 }
            let above = (0..<axes).map { mask & (1 << (axes + $0)) != 0 }
            let split = OverlapSplit(owned: owned, exchangedBelow: below, exchangedAbove: above)
            var count = [Int](repeating: 0, count: owned.reduce(1, *))
            for box in [split.interior] + split.band where !box.isEmpty {
                var index = box.lower
                while index[0] < box.upper[0] {
                    count[index.indices.reduce(0) { $0 * owned[$1] + index[$1] }] += 1
                    var axis = axes - 1
                    index[axis] += 1
                    while axis > 0 && index[axis] == box.upper[axis] { index[axis] = box.lower[axis]; axis -= 1; index[axis] += 1 }
                }
            }
            #expect(count.allSatisfy { $0 == 1 }, "owned \(owned), below \(below), above \(above)")
            for axis in 0..<axes where !split.interior.isEmpty {
                if below[axis] { #expect(split.interior.lower[axis] >= 1) }
                if above[axis] { #expect(split.interior.upper[axis] <= owned[axis] - 1) }
            }
        }
        // One rank, no periodic axis: all interior, no band.
        let alone = OverlapSplit(owned: owned, exchangedBelow: Array(repeating: false, count: axes),
                                 exchangedAbove: Array(repeating: false, count: axes))
        #expect(alone.band.isEmpty && alone.interior.upper == owned)
    }
}
