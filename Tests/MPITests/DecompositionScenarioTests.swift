import MPITestSupport
import Testing

extension ScenarioTests {
    /// DomainDecomposition under mpirun (Tests/Scenarios/DecompositionScenarios.swift and
    /// DecompositionIOScenarios.swift): grids, ghosted arrays, halo exchanges, gather/scatter, parallel files.
    @Suite struct Decomposition {
        /// 37 × 23 Double arrays on MPI's grid, [1, P] and [P, 1]; every periodicity; ghost widths 1 and 2;
        /// star and box: every stored cell of every rank checked after each of three exchanges.
        @Test(arguments: worldSizes) func halo2D(ranks: Int) throws { try expectSuccess("decompositionHalo2D", ranks: ranks) }

        /// 13 × 11 × 7, likewise; blocks narrower than the ghosts must be refused instead.
        @Test(arguments: worldSizes) func halo3D(ranks: Int) throws { try expectSuccess("decompositionHalo3D", ranks: ranks) }

        /// Double, Int32 and Float arrays (different ghost widths and extents) in one HaloExchange, in 2-D;
        /// Double and Int64 in 3-D.
        @Test(arguments: worldSizes) func multipleArrays(ranks: Int) throws {
            try expectSuccess("decompositionMultipleArrays", ranks: ranks)
        }

        /// interiorRegion ∪ boundaryRegions == ownedRegion, disjoint, cell by cell.
        @Test(arguments: worldSizes) func regions(ranks: Int) throws { try expectSuccess("decompositionRegions", ranks: ranks) }

        /// More ranks than cells, ghosts wider than a block, grid/array axis mismatches, neighbour offsets
        /// of the wrong length, bad grids, arrays on different grids: an MPIError on every rank and no hang.
        @Test(arguments: worldSizes) func errors(ranks: Int) throws { try expectSuccess("decompositionErrors", ranks: ranks) }

        /// gather(scatter(x)) == x bit for bit, for several roots, grids, types; a missing or wrong-sized
        /// array on the root: the same error on every rank and no cell changed.
        @Test(arguments: worldSizes) func gatherScatter(ranks: Int) throws {
            try expectSuccess("decompositionGatherScatter", ranks: ranks)
        }

        /// Raw files equal to the serially computed bytes, read back on another rank count and grid;
        /// damaged or mismatched files refused with badFile.
        @Test(arguments: worldSizes) func rawFile(ranks: Int) throws { try expectSuccess("decompositionRawFile", ranks: ranks) }

        /// .vti files that parse as XML with the right extents and an appended block of cells × element
        /// size holding the array; a .pvd listing the snapshots.
        @Test(arguments: worldSizes) func vtk(ranks: Int) throws { try expectSuccess("decompositionVTK", ranks: ranks) }

        /// 5 windows of 4000 exchanges: the heap does not grow in every window on any rank. Not under a
        /// sanitizer, whose allocator replaces the malloc whose statistics the scenario reads (so it would
        /// measure nothing), and which makes 20 000 exchanges take minutes; LeakSanitizer checks leaks there.
        ///
        /// Where ranks busy-poll (MPICH) and outnumber the cores, every exchange waits for the scheduler:
        /// 400 exchanges a window there (20 000 took minutes at 3 ranks on 2 cores). An allocation kept per
        /// exchange still grows each window by at least 32 × 400 bytes, three times the bound.
        @Test(.disabled(if: SanitizerReport.buildSanitizer != nil, "a sanitizer's allocator replaces malloc"),
              arguments: worldSizes)
        func noHeapGrowthPerExchange(ranks: Int) throws {
            let environment = MPILauncher.oversubscribesBusyPolling(ranks: ranks) ? ["DD_EXCHANGES": "100"] : [:]
            let run = try ScenarioLauncher.run("decompositionAllocations", ranks: ranks, variables: environment)
            #expect(run.succeeded("decompositionAllocations"),
                    "decompositionAllocations on \(ranks) rank(s) exited with \(run.exitCode):\n\(run.output)")
        }

        /// Split-phase Jacobi sweeps (2-D star, 3-D box) equal to the serial sweep on every rank count, and
        /// the gathered results bitwise identical across rank counts: the checksums rank 0 prints agree.
        @Test func splitPhaseResultsAgreeAcrossRankCounts() throws {
            let scenario = "decompositionSplitPhase"
            var checksums: [Int: [Substring]] = [:]
            for ranks in worldSizes {
                let run = try ScenarioLauncher.run(scenario, ranks: ranks)
                #expect(run.succeeded(scenario), "\(scenario) on \(ranks) rank(s) exited with \(run.exitCode):\n\(run.output)")
                checksums[ranks] = run.output.split(separator: "\n").filter { $0.hasPrefix("checksum ") }.sorted()
            }
            let reference = checksums[1] ?? []
            #expect(reference.count == 2, "expected two checksum lines on one rank, got \(reference)")
            for ranks in worldSizes {
                #expect(checksums[ranks] == reference, "checksums on \(ranks) ranks \(checksums[ranks] ?? []) differ from one rank's \(reference)")
            }
        }
    }
}
