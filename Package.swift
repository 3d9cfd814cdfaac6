// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-mpi",
    products: [
        .library(name: "MPI", targets: ["MPI"]),
        .library(name: "DomainDecomposition", targets: ["DomainDecomposition"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // The C layer: Open MPI's header plus accessors for the handles Swift cannot import.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .target(
            name: "MPI",
            dependencies: [
                "CMPI",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ]
        ),
        // Process grids, ghosted distributed arrays, halo exchange, gather/scatter, parallel output.
        .target(name: "DomainDecomposition", dependencies: ["MPI"]),

        // Multi-rank scenarios, launched under mpirun by the test suite.
        .executableTarget(
            name: "MPIScenarios",
            dependencies: ["MPI", .product(name: "ComplexModule", package: "swift-numerics")],
            path: "Tests/Scenarios"
        ),
        .testTarget(name: "MPITests", dependencies: ["MPI"]),

        // Solvers: shared support (hashing, timing, summaries, checkpoint files).
        .target(name: "SolverSupport", dependencies: ["MPI"]),
        .testTarget(name: "SolverSupportTests", dependencies: ["SolverSupport"]),

        // Examples and benchmarks.
        .executableTarget(name: "ring", dependencies: ["MPI"], path: "Examples/ring"),
        .executableTarget(name: "bench-p2p", dependencies: ["MPI"], path: "Examples/Benchmarks/bench-p2p"),
        .executableTarget(name: "bench-collectives", dependencies: ["MPI"], path: "Examples/Benchmarks/bench-collectives"),
    ],
    swiftLanguageModes: [.v6]
)
