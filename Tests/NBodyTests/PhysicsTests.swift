import Foundation
import SolverSupport
import Testing
@testable import NBody

@Suite struct InitialConditionTests {
    /// The first outputs for seed 1, from an independent implementation of SplitMix64 + xoshiro256**.
    @Test func generatorMatchesTheReferenceSequence() {
        var random = Xoshiro256StarStar(seed: 1)
        #expect([random.next(), random.next(), random.next()]
            == [12_966_619_160_104_079_557, 9_600_361_134_598_540_522, 10_590_380_919_521_690_900])
    }

    @Test func cubeRootIsAccurate() {
        for value in [1e-9, 0.001, 0.37, 0.999, 1, 8, 1e12] {
            let root = cubeRoot(value)
            #expect(abs(root * root * root - value) <= 4 * value.ulp)
        }
    }

    @Test func plummerSphereIsInVirialEquilibriumAtRest() {
        let bodies = plummerSphere(count: 1000, seed: 7)
        #expect(bodies == plummerSphere(count: 1000, seed: 7))
        #expect(bodies != plummerSphere(count: 1000, seed: 8))
        #expect(abs(bodies.mass.reduce(0, +) - 1) < 1e-12)
        for column in [bodies.x, bodies.y, bodies.z, bodies.vx, bodies.vy, bodies.vz] {
            let centre = zip(bodies.mass, column).map(*).reduce(0, +)
            #expect(abs(centre) < 1e-15)
        }
        var kinetic = 0.0, potential = 0.0
        for i in 0..<bodies.count {
            kinetic += 0.5 * bodies.mass[i] * (bodies.vx[i] * bodies.vx[i] + bodies.vy[i] * bodies.vy[i] + bodies.vz[i] * bodies.vz[i])
            for j in 0..<i {
                let dx = bodies.x[i] - bodies.x[j], dy = bodies.y[i] - bodies.y[j], dz = bodies.z[i] - bodies.z[j]
                potential -= bodies.mass[i] * bodies.mass[j] / (dx * dx + dy * dy + dz * dz).squareRoot()
            }
        }
        // N-body units: E = −1/4 and 2K/|W| = 1, up to sampling noise of order 1/√N.
        #expect(abs(kinetic + potential + 0.25) < 0.03)
        #expect(abs(2 * kinetic / -potential - 1) < 0.15)
    }

    @Test func coldCubeIsAtRestInsideTheCube() {
        let bodies = coldCube(count: 500, seed: 3)
        #expect(bodies.vx.allSatisfy { $0 == 0 } && bodies.vy.allSatisfy { $0 == 0 })
        #expect(bodies.x.allSatisfy { abs($0) < 0.6 } && bodies.z.allSatisfy { abs($0) < 0.6 })
    }

    @Test func parsing() throws {
        #expect(try InitialConditions(parsing: "plummer") == .plummer)
        #expect(try InitialConditions(parsing: "file:/a,b.csv") == .file(path: "/a,b.csv"))
        #expect(throws: ValidationError.self) { try InitialConditions(parsing: "file:") }
        #expect(throws: ValidationError.self) { try InitialConditions(parsing: "Plummer") }
    }
}

@Suite struct KernelTests {
    /// 37 Plummer bodies padded to 40 with massless ones, bodies 4 and 5 coincident.
    static func bodies() -> (x: AlignedBuffer, y: AlignedBuffer, z: AlignedBuffer, mass: AlignedBuffer) {
        var bodies = plummerSphere(count: 37, seed: 11)
        bodies.x[5] = bodies.x[4]; bodies.y[5] = bodies.y[4]; bodies.z[5] = bodies.z[4]
        func padded(_ column: [Double]) -> AlignedBuffer { AlignedBuffer(column + Array(repeating: 0, count: 3)) }
        return (padded(bodies.x), padded(bodies.y), padded(bodies.z), padded(bodies.mass))
    }

    /// The kernel's sums for targets 0..<37 from `sources`, added to `initial` when given.
    static func run(softening: Double, sources: Range<Int> = 0..<37, potential: Bool, vectorised: Bool,
                    initial: Double? = nil) -> [[Double]] {
        let (x, y, z, mass) = bodies()
        let sums = (0..<4).map { _ in AlignedBuffer(Array(repeating: initial ?? 0, count: 37)) }
        let kernel = GravityKernel(x: x.pointer, y: y.pointer, z: z.pointer, mass: mass.pointer, softening: softening)
        kernel.run(targets: 0..<37, sources: sources,
                   into: .init(x: sums[0].pointer, y: sums[1].pointer, z: sums[2].pointer,
                               potential: potential ? sums[3].pointer : nil),
                   accumulate: initial != nil, vectorised: vectorised)
        return sums.map { Array($0.elements) }
    }

    /// The kernel agrees with the textbook formula, for the force and the potential, including
    /// coincident bodies without softening and the massless padding after the last body.
    @Test(arguments: [0.0, 0.05])
    func kernelMatchesDirectFormula(softening: Double) {
        let bodies = Self.bodies()
        let (x, y, z, mass) = (bodies.x.elements, bodies.y.elements, bodies.z.elements, bodies.mass.elements)
        let sums = Self.run(softening: softening, potential: true, vectorised: kernelsUseSIMD)
        for i in 0..<37 {
            var expected = SIMD4<Double>()
            for j in 0..<37 where j != i {
                let d = SIMD3(x[j] - x[i], y[j] - y[i], z[j] - z[i])
                let r2 = (d * d).sum() + softening * softening
                guard r2 > 0 else { continue }
                let inverse = 1 / r2.squareRoot()
                expected += SIMD4(d.x, d.y, d.z, 0) * mass[j] * inverse * inverse * inverse
                expected.w -= mass[j] * inverse
            }
            let actual = [sums[0][i], sums[1][i], sums[2][i], sums[3][i]]
            let reference = [expected.x, expected.y, expected.z, expected.w]
            let scale = reference.map(abs).max()!
            #expect(zip(actual, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale }, "body \(i)")
        }
    }

    /// A source so far away that r² overflows pulls with no force, as 1/√∞ = 0 would give, and the
    /// potential gets nothing from it: the inverse square root's estimate there must not reach the sums.
    @Test(arguments: [true, false])
    func overflowingDistanceContributesNothing(vectorised: Bool) {
        let columns = [[0, 1e200], [0, 0], [0, 0], [1, 1]].map { AlignedBuffer($0 + Array(repeating: 0, count: 6)) }
        let sums = (0..<4).map { _ in AlignedBuffer(Array(repeating: 0, count: 2)) }
        let kernel = GravityKernel(x: columns[0].pointer, y: columns[1].pointer, z: columns[2].pointer,
                                   mass: columns[3].pointer, softening: 0.01)
        kernel.run(targets: 0..<2, sources: 0..<2,
                   into: .init(x: sums[0].pointer, y: sums[1].pointer, z: sums[2].pointer, potential: sums[3].pointer),
                   accumulate: false, vectorised: vectorised)
        #expect(sums.allSatisfy { $0.elements.allSatisfy { $0 == 0 } }, "\(sums.map { Array($0.elements) })")
    }

    /// The SIMD path (release builds) and the lane-by-lane scalar path (debug builds) give the same bits,
    /// with and without the potential, storing or accumulating, over whole and partial chunks.
    @Test(arguments: [0.0, 0.05])
    func vectorAndScalarPathsAgree(softening: Double) {
        for (sources, potential, initial) in [(0..<37, true, nil), (0..<37, false, 0.25), (8..<24, true, -1.5)] {
            let vector = Self.run(softening: softening, sources: sources, potential: potential, vectorised: true,
                                  initial: initial)
            let scalar = Self.run(softening: softening, sources: sources, potential: potential, vectorised: false,
                                  initial: initial)
            #expect(vector.map { $0.map(\.bitPattern) } == scalar.map { $0.map(\.bitPattern) },
                    "sources \(sources), potential \(potential)")
        }
    }
}

@Suite struct ConfigurationTests {
    static func configured(_ change: (inout RunConfiguration) -> Void) -> RunConfiguration {
        var configuration = RunConfiguration()
        change(&configuration)
        return configuration
    }

    @Test(arguments: [
        (configured { $0.bodies = 0 }, "--bodies must be between 1"),
        (configured { $0.bodies = RunConfiguration.maximumBodies + 1 }, "--bodies must be between 1"),
        (configured { $0.steps = -1 }, "--steps"),
        (configured { $0.timeStep = .nan }, "--dt must be a positive finite number"),
        (configured { $0.timeStep = 0 }, "--dt"),
        (configured { $0.softening = -1 }, "--softening"),
        (configured { $0.gravitationalConstant = .infinity }, "--G"),
        (configured { $0.snapshotInterval = 5 }, "--every needs --output"),
        (configured { $0.outputDirectory = "out"; $0.snapshotInterval = 0 }, "--every must be at least 1"),
        (configured { $0.checkpointInterval = 1 }, "--checkpoint-every needs --checkpoint"),
        (configured { $0.restartPath = "x"; $0.bodies = 5 }, "--bodies cannot be combined with --restart"),
        (configured { $0.initialConditions = .file(path: "x"); $0.bodies = 5 }, "--bodies cannot be combined with --ic"),
    ])
    func refusals(configuration: RunConfiguration, message: String) {
        #expect {
            try configuration.validate()
        } throws: { error in
            String(describing: error).contains(message)
        }
    }

    @Test func defaultsAreValid() throws {
        try RunConfiguration().validate()
    }
}
