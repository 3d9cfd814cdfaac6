# Benchmarks: included by the top-level Makefile (`include Examples/Benchmarks/bench.mk`).
#
#   make bench-p2p       point-to-point latency and bandwidth, Swift beside the C reference, with ratios
#   make bench-collectives  allreduce, broadcast and alltoall at 2 ranks, Swift beside C (and mpi4py)
#   make bench-halo      halo exchange of 4096 x 4096 doubles at 2 ranks and a Jacobi kernel, Swift beside C
#   make bench-nbody     direct N-body, N = 4096 and 16384 on 1 and 2 ranks, Swift beside C, with ratios
#                        and the parallel efficiency
#   make bench-heat      explicit 2-D heat, 4096² × 100 steps on 1 and 2 ranks, Swift beside the C
#                        Jacobi reference, with STREAM triad and the memory-bandwidth roofline
#
# Variables (SWIFT, SWIFT_RELEASE_FLAGS and MPIRUN_ENV come from the top-level Makefile, as does the
# `deps` target, which installs Open MPI when it is missing; the defaults here are the same values):
#   SWIFT                the swift driver (default swift).
#   SWIFT_RELEASE_FLAGS  flags of the Swift release build, e.g. `-c release -Xswiftc -target-cpu
#                        -Xswiftc native`; keep the CPU target in step with BENCH_CFLAGS, or the
#                        comparison is not like with like (the guide, section 3).
#   MPIRUN_ENV           environment for mpirun, e.g. OMPI_ALLOW_RUN_AS_ROOT=1
#                        OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 when running as root.
#   BENCH_SCRATCH_PATH   the Swift build folder (default .build); set another one to keep benchmark
#                        builds apart from a build running in .build at the same time.
#   BENCH_CFLAGS         flags of the C reference (default -O3 -march=native).
#   BENCH_SWIFT_FLAGS    extra flags for the Swift build.
#   REPEATS              runs of each program; the table shows medians (default 3).
#   BENCH_ARGS           arguments for both programs: --iterations-scale S, --sizes MIN:MAX.
#
# The C reference is built into $(BENCH_SCRATCH_PATH)/bench/, which git ignores with the rest of the
# build folder.

SWIFT ?= swift
SWIFT_RELEASE_FLAGS ?= -c release -Xswiftc -target-cpu -Xswiftc native
MPIRUN_ENV ?=
BENCH_SCRATCH_PATH ?= .build
BENCH_CFLAGS ?= -O3 -march=native
BENCH_SWIFT_FLAGS ?=
REPEATS ?= 3
BENCH_ARGS ?=

BENCH_DIR := Examples/Benchmarks
BENCH_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/pingpong-c
BENCH_SWIFT_BUILD = $(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(BENCH_SWIFT_FLAGS) --scratch-path $(BENCH_SCRATCH_PATH)

.PHONY: bench-p2p

$(BENCH_C_BINARY): $(BENCH_DIR)/c/pingpong.c | deps
	@mkdir -p $(dir $@)
	mpicc $(BENCH_CFLAGS) -o $@ $< -lm

# The Swift product is rebuilt every time (SwiftPM knows its own dependencies); the C binary only when
# its source changes.
bench-p2p: deps $(BENCH_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product bench-p2p
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-p2p.sh $(BENCH_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/bench-p2p" $(BENCH_ARGS)

# Collectives: c/collectives.c beside bench-collectives (and python/collectives.py when mpi4py is
# installed). BENCH_COLLECTIVES_ARGS: --iterations-scale S for all three programs.
BENCH_COLLECTIVES_ARGS ?=
BENCH_COLLECTIVES_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/collectives-c

.PHONY: bench-collectives

$(BENCH_COLLECTIVES_C_BINARY): $(BENCH_DIR)/c/collectives.c | deps
	@mkdir -p $(dir $@)
	mpicc $(BENCH_CFLAGS) -o $@ $< -lm

bench-collectives: deps $(BENCH_COLLECTIVES_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product bench-collectives
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-collectives.sh $(BENCH_COLLECTIVES_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/bench-collectives" $(BENCH_COLLECTIVES_ARGS)

# N-body: c/nbody.c beside the nbody example. The C reference adds what lets its inner loop vectorise:
# sqrt without errno, and the OpenMP SIMD reduction pragma (no OpenMP threads).
BENCH_NBODY_CFLAGS ?= $(BENCH_CFLAGS) -fno-math-errno -fopenmp-simd
BENCH_NBODY_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/nbody-c

.PHONY: bench-nbody

$(BENCH_NBODY_C_BINARY): $(BENCH_DIR)/c/nbody.c | deps
	@mkdir -p $(dir $@)
	mpicc $(BENCH_NBODY_CFLAGS) -o $@ $< -lm

bench-nbody: deps $(BENCH_NBODY_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product nbody
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-nbody.sh $(BENCH_NBODY_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/nbody"

# Heat: c/heat.c (Jacobi reference) and c/stream.c (STREAM triad) beside the heat example, on 1 and 2
# ranks. HEAT_BENCH_ENV: NX, NY, STEPS, RANKS for compare-heat.sh (defaults 4096, 4096, 100, "1 2").
BENCH_HEAT_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/heat-c
BENCH_STREAM_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/stream-c
HEAT_BENCH_ENV ?=

.PHONY: bench-heat

$(BENCH_HEAT_C_BINARY): $(BENCH_DIR)/c/heat.c | deps
	@mkdir -p $(dir $@)
	mpicc $(BENCH_CFLAGS) -o $@ $< -lm

$(BENCH_STREAM_C_BINARY): $(BENCH_DIR)/c/stream.c | deps
	@mkdir -p $(dir $@)
	mpicc $(BENCH_CFLAGS) -o $@ $<

bench-heat: deps $(BENCH_HEAT_C_BINARY) $(BENCH_STREAM_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product heat
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(HEAT_BENCH_ENV) $(BENCH_DIR)/compare-heat.sh $(BENCH_HEAT_C_BINARY) \
	    $(BENCH_STREAM_C_BINARY) "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/heat"

# Halo exchange: c/halo.c beside bench-halo, 4096 x 4096 doubles at 2 ranks (and the Jacobi kernel).
# BENCH_HALO_ARGS: --iterations-scale S for both programs.
BENCH_HALO_ARGS ?=
BENCH_HALO_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/halo-c

.PHONY: bench-halo

$(BENCH_HALO_C_BINARY): $(BENCH_DIR)/c/halo.c | deps
	@mkdir -p $(dir $@)
	mpicc $(BENCH_CFLAGS) -o $@ $< -lm

bench-halo: deps $(BENCH_HALO_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product bench-halo
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-halo.sh $(BENCH_HALO_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/bench-halo" $(BENCH_HALO_ARGS)
