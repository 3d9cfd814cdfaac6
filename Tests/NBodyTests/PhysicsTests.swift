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
    /// The SIMD kernel agrees with the textbook formula, for the force and the potential, including
    /// coincident bodies without softening and the massless padding after the last body.
    @Test(arguments: [0.0, 0.05])
    func kernelMatchesDirectFormula(softening: Double) {
        var bodies = plummerSphere(count: 37, seed: 11)
        bodies.x[5] = bodies.x[4]; bodies.y[5] = bodies.y[4]; bodies.z[5] = bodies.z[4]
        let padded = 40
        func paddedCopy(_ column: [Double]) -> [Double] { column + Array(repeating: 0, count: padded - column.count) }
        let (x, y, z, m) = (paddedCopy(bodies.x), paddedCopy(bodies.y), paddedCopy(bodies.z), paddedCopy(bodies.mass))
        var ax = [Double](repeating: 0, count: 37), ay = ax, az = ax, phi = ax
        x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in z.withUnsafeBufferPointer { z in
            m.withUnsafeBufferPointer { m in
                ax.withUnsafeMutableBufferPointer { ax in ay.withUnsafeMutableBufferPointer { ay in
                    az.withUnsafeMutableBufferPointer { az in phi.withUnsafeMutableBufferPointer { phi in
                        let kernel = GravityKernel(x: x.baseAddress!, y: y.baseAddress!, z: z.baseAddress!,
                                                   mass: m.baseAddress!, softening: softening)
                        kernel.run(targets: 0..<37, sources: 0..<37,
                                   into: .init(x: ax.baseAddress!, y: ay.baseAddress!, z: az.baseAddress!,
                                               potential: phi.baseAddress!),
                                   accumulate: false)
                    } }
                } }
            }
        } } }
        for i in 0..<37 {
            var expected = SIMD4<Double>()
            for j in 0..<37 where j != i {
                let d = SIMD3(bodies.x[j] - bodies.x[i], bodies.y[j] - bodies.y[i], bodies.z[j] - bodies.z[i])
                let r2 = (d * d).sum() + softening * softening
                guard r2 > 0 else { continue }
                let inverse = 1 / r2.squareRoot()
                expected += SIMD4(d.x, d.y, d.z, 0) * bodies.mass[j] * inverse * inverse * inverse
                expected.w -= bodies.mass[j] * inverse
            }
            let actual = [ax[i], ay[i], az[i], phi[i]]
            let reference = [expected.x, expected.y, expected.z, expected.w]
            let scale = reference.map(abs).max()!
            #expect(zip(actual, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale }, "body \(i)")
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
