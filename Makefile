# swift-mpi — every command a user needs; each target installs what it needs first (see `deps`).
#
#   make run              heat example under mpirun with NP ranks (default 4): a 2-D hot spot diffusing,
#                         ParaView files in output/heat/ (HEAT_ARGS replaces the problem's options)
#   make test             unit tests, the multi-rank scenario suite (1, 2, 3, 4 and 7 ranks) and the examples
#   make example NAME=pi  one teaching example (hello, ring, pi, jacobi2d) under mpirun with NP ranks
#   make check-vtk        loads the ParaView files of `run` and `example NAME=jacobi2d` with VTK (python3-vtk9)
#   make build            release build of the library, examples and benchmarks
#   make bench            the whole benchmark suite, Swift beside C (and mpi4py): one table, CSV and JSON in
#                         results/<UTC timestamp>/; `make bench-check` judges its ratios against the targets
#   make bench-p2p        ping-pong latency/bandwidth, Swift beside the C reference, with ratios (also
#                         bench-collectives, bench-halo, bench-heat, bench-nbody: Examples/Benchmarks/bench.mk)
#   make cluster-test     3 simulated hosts × 2 ranks over TCP (root only), bitwise identical to one host
#   make test-asan        the test suite built with AddressSanitizer (also test-tsan, ThreadSanitizer) and
#                         test-valgrind, heat and nbody under memcheck: Tests/Sanitizers/sanitizers.mk
#   make docs             DocC documentation of MPI and DomainDecomposition, built with no warnings
#   make scaling          strong and weak scaling studies of heat and nbody: tables and plots in results/scaling/
#   make deps             install Open MPI (MPICH with MPI=mpich) with apt-get when it is missing
#
# Variables: NP (ranks for `run`), NATIVE=0 for a portable build (default tunes for this CPU, like the
# C references' -march=native), SWIFT (the swift driver), MPI=mpich to build, test and run against MPICH
# instead of Open MPI (Sources/CMPI/mpi.mk).

NP ?= 4
SWIFT ?= swift
NATIVE ?= 1

ifeq ($(NATIVE),1)
SWIFT_RELEASE_FLAGS := -c release -Xswiftc -target-cpu -Xswiftc native
else
SWIFT_RELEASE_FLAGS := -c release
endif

.PHONY: all build run test deps clean

all: build

deps:
	@if command -v $(MPICC) >/dev/null 2>&1 && command -v $(MPIRUN) >/dev/null 2>&1; then \
	  echo "deps: $(MPI_DESCRIPTION) found ($$($(MPIRUN) --version 2>/dev/null | grep -m 1 -i -e version -e 'open mpi'))"; \
	else \
	  echo "deps: $(MPI_DESCRIPTION) is missing; installing $(MPI_PACKAGES) with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y $(MPI_PACKAGES); \
	fi
	@# SwiftPM finds MPI's headers through pkg-config; without it the build stops at "'mpi.h' file not found".
	@if ! command -v pkg-config >/dev/null 2>&1; then \
	  echo "deps: pkg-config is missing (SwiftPM finds MPI with it); installing it with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y pkg-config; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS)

HEAT_OUTPUT ?= output/heat
HEAT_ARGS ?= --dims 2 --nx 256 --ny 256 --init gaussian --steps 4000

run: deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --product heat
	$(MPIRUN_ENV) $(OVERSUBSCRIBE_ENV) $(MPIRUN) -n $(NP) \
	    $$($(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --show-bin-path)/heat \
	    $(HEAT_ARGS) --output $(HEAT_OUTPUT) --every 400
	@echo "run: ParaView files are in $(HEAT_OUTPUT)/: open $(HEAT_OUTPUT)/heat.pvd (snapshots heat_NNNNNN.vti)"

test: deps
	$(SWIFT) build --build-tests $(SWIFT_MPI_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_MPI_FLAGS)

clean:
	rm -rf .build .build-*

-include Sources/CMPI/mpi.mk
-include Examples/Benchmarks/bench.mk
-include Examples/examples.mk
-include Tests/failure.mk
-include Tests/Cluster/cluster.mk
-include Tests/Sanitizers/sanitizers.mk
-include .ci/docs.mk
-include Examples/scaling/scaling.mk
