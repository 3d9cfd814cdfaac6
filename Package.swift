// swift-tools-version:6.2
// 6.2: the MPI module lends buffers as MutableSpan (SE-0467), which older compilers lack.
import PackageDescription

// The MPI library the package builds against, chosen by the environment variable SWIFT_MPI:
//   openmpi (the default)  Open MPI, pkg-config module `ompi-c`
//   mpich                  MPICH or a library with MPICH's ABI (Intel MPI, Cray MPICH, MVAPICH), pkg-config
//                          module `mpich`; defines the compilation condition MPICH, because MPICH's handles are
//                          integers where Open MPI's are pointers.
// SWIFT_MPI_PKGCONFIG names another pkg-config module of the same family (a site's own MPICH build, say).
let mpiFamily = Context.environment["SWIFT_MPI"] ?? "openmpi"
let (defaultMPIPkgConfig, mpiProviders, mpiSettings): (String, [SystemPackageProvider], [SwiftSetting]) =
    switch mpiFamily {
    case "openmpi": ("ompi-c", [.apt(["libopenmpi-dev"])], [])
    case "mpich": ("mpich", [.apt(["libmpich-dev"])], [.define("MPICH")])
    default: fatalError("SWIFT_MPI=\(mpiFamily) is not an MPI this package knows: use openmpi or mpich")
    }
let mpiPkgConfig = Context.environment["SWIFT_MPI_PKGCONFIG"] ?? defaultMPIPkgConfig

let package = Package(
    name: "swift-mpi",
    products: [
        .library(name: "MPI", targets: ["MPI"]),
        .library(name: "DomainDecomposition", targets: ["DomainDecomposition"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Only for `make docs` (swift package generate-documentation); no target links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The C layer: the MPI header plus accessors for the handles Swift cannot import. The library to
        // link comes from pkg-config too (`-lmpi` for Open MPI, `-lmpich` for MPICH), not from the module map.
        .systemLibrary(name: "CMPI", pkgConfig: mpiPkgConfig, providers: mpiProviders),
        .target(
            name: "MPI",
            dependencies: [
                "CMPI",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ]
        ),
        // Process grids, ghosted distributed arrays, halo exchange, gather/scatter, parallel output.
        .target(name: "DomainDecomposition", dependencies: ["MPI"]),

        // Runs a command with a time limit, killing its whole process tree when it passes: the one launcher
        // behind the test suites' mpirun jobs and the scaling driver.
        .target(name: "ChildProcesses"),

        // Multi-rank scenarios, launched under mpirun by the test suite.
        .executableTarget(
            name: "MPIScenarios",
            dependencies: ["MPI", "DomainDecomposition", "MPITestSupport", .product(name: "ComplexModule", package: "swift-numerics")],
            path: "Tests/Scenarios"
        ),
        .testTarget(name: "MPITests", dependencies: ["MPI", "MPITestSupport"]),
        .testTarget(name: "DomainDecompositionTests", dependencies: ["DomainDecomposition"]),

        // Solvers: shared support (hashing, timing, summaries, checkpoint files) and the N-body solver.
        .target(
            name: "SolverSupport",
            dependencies: ["MPI", "TargetFeatures", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The build's target CPU features as C macros, for the kernels' fused multiply-adds.
        .target(name: "TargetFeatures"),
        .target(name: "NBody", dependencies: ["DomainDecomposition", "MPI", "SolverSupport"]),
        .testTarget(name: "SolverSupportTests", dependencies: ["SolverSupport"]),
        .testTarget(name: "NBodyTests", dependencies: ["NBody", "SolverSupport", "MPITestSupport"]),

        // The heat-diffusion solver; its tests launch the `heat` executable under mpirun with the shared
        // launcher in MPITestSupport.
        .target(name: "HeatDiffusion", dependencies: ["DomainDecomposition", "MPI", "SolverSupport"]),
        .target(name: "MPITestSupport", dependencies: ["ChildProcesses"], path: "Tests/MPITestSupport"),
        .testTarget(name: "HeatDiffusionTests", dependencies: ["HeatDiffusion", "SolverSupport", "MPITestSupport"]),
        // A launcher whose processes MPI does not connect (another MPI's mpirun, srun without PMI) is refused.
        .testTarget(name: "LaunchTests", dependencies: ["MPI", "MPITestSupport"]),
        // Failure behaviour across the executables: the bad-input battery, and recovery of killed runs.
        .testTarget(name: "FailureTests", dependencies: ["ChildProcesses", "HeatDiffusion", "NBody", "SolverSupport",
                                                         "MPITestSupport"]),

        // Examples and benchmarks.
        .executableTarget(name: "hello", dependencies: ["MPI"], path: "Examples/hello"),
        .executableTarget(name: "ring", dependencies: ["MPI"], path: "Examples/ring"),
        .executableTarget(name: "pi", dependencies: ["MPI"], path: "Examples/pi"),
        .executableTarget(
            name: "nbody",
            dependencies: ["NBody", "SolverSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/nbody",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "heat",
            dependencies: ["HeatDiffusion", "MPI", "SolverSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/heat",
            exclude: ["README.md"]
        ),
        // Strong and weak scaling studies of the solvers: the library plans, runs and tabulates; the
        // executable is its command line, and plot_scaling.py beside it draws the plots.
        .target(
            name: "ScalingStudy",
            dependencies: ["ChildProcesses", "SolverSupport", "HeatDiffusion", "NBody",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "scaling",
            dependencies: ["ScalingStudy", "SolverSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/scaling",
            exclude: ["plot_scaling.py", "scaling.mk", "figures"]
        ),
        .testTarget(name: "ScalingStudyTests", dependencies: ["ScalingStudy", "SolverSupport", "MPITestSupport"]),
        // What the Swift benchmarks share (iteration counts, --iterations-scale, the median-of-blocks figure).
        .target(
            name: "BenchmarkSupport", dependencies: ["MPI", "SolverSupport"], path: "Examples/Benchmarks/BenchmarkSupport"
        ),
        .testTarget(name: "BenchmarkSupportTests", dependencies: ["BenchmarkSupport", "SolverSupport"]),
        .executableTarget(
            name: "bench-p2p", dependencies: ["BenchmarkSupport", "MPI", "SolverSupport"],
            path: "Examples/Benchmarks/bench-p2p"
        ),
        .executableTarget(
            name: "bench-collectives", dependencies: ["BenchmarkSupport", "MPI"],
            path: "Examples/Benchmarks/bench-collectives"
        ),
        .executableTarget(name: "jacobi2d", dependencies: ["DomainDecomposition", "MPI"], path: "Examples/jacobi2d"),
        // Runs each example under mpirun and checks what it prints.
        .testTarget(name: "ExamplesTests", dependencies: ["MPITestSupport"]),
        .executableTarget(
            name: "bench-halo", dependencies: ["BenchmarkSupport", "DomainDecomposition", "MPI"],
            path: "Examples/Benchmarks/bench-halo"
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift target sees which MPI it is built against: the MPI module for its handle types, the test
// support for the launcher's options.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + mpiSettings
}
