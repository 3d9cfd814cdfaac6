# Benchmarks: included by the top-level Makefile (`-include Examples/Benchmarks/bench.mk`).
#
#   make bench           the whole suite: point-to-point, collectives, halo exchange, heat with STREAM and
#                        n-body, Swift beside the C references (and mpi4py when python3-mpi4py is
#                        installed: reported, never required). Prints ONE table (work, size, ranks, Swift,
#                        reference, Swift/reference, target, met?) of medians with their spread (min–max)
#                        over REPEATS runs, and writes it as CSV and JSON with the machine's description
#                        (CPU, cores, memory, Open MPI, Swift, compilers, commit, load average before and
#                        after, time taken) in $(BENCH_RESULTS)/<UTC timestamp>/ (see suite.sh). The
#                        default scale (BENCH_SUITE_*) aims at about 10 minutes on a quiet 2-core machine.
#   make bench-check     judges the latest finished run in $(BENCH_RESULTS)/ (or the run's own folder
#                        when BENCH_RESULTS names one) against the issues' targets, on ratios only (not
#                        absolute times), and fails with one line per target missed by more than the
#                        measured noise (every repeat misses it); runs the suite first when there is no
#                        finished run, or when BENCH_RUN=1. Not part of `make test`.
#   make bench-p2p       point-to-point latency and bandwidth, Swift beside the C reference (and mpi4py's
#                        pickled object ping-pong)
#   make bench-collectives  allreduce, broadcast and alltoall at 2 ranks, Swift beside C (and mpi4py)
#   make bench-halo      halo exchange of 4096 x 4096 doubles at 2 ranks and a Jacobi kernel, Swift beside C
#   make bench-nbody     direct N-body, N = 4096 and 16384 on 1 and 2 ranks, Swift beside C, with the
#                        parallel efficiency
#   make bench-heat      explicit 2-D heat, 4096² × 100 steps on 1 and 2 ranks, Swift beside the C
#                        Jacobi reference, with STREAM triad and the memory-bandwidth roofline
#   make bench-selftest  report.py on canned records: medians, ratios, verdicts, files (part of `make test`)
#
# Every target prints its table through report.py, the one aggregator (Python 3 standard library;
# bench-python installs python3 with apt-get when it is missing). Each compare-*.sh script records every
# figure as `work,size,ranks,impl,repeat,value,unit`; a ratio is taken within a repeat, where Swift and
# its reference ran back to back. met? says "yes" when the median meets the target, "within noise" when
# only the most favourable repeat does, "NO" when none does.
#
# Variables (SWIFT, SWIFT_RELEASE_FLAGS and MPIRUN_ENV come from the top-level Makefile, as does the
# `deps` target, which installs Open MPI when it is missing; the defaults here are the same values):
#   SWIFT                the swift driver (default swift).
#   SWIFT_RELEASE_FLAGS  flags of the Swift release build, e.g. `-c release -Xswiftc -target-cpu
#                        -Xswiftc native`; keep the CPU target in step with BENCH_CFLAGS, or the
#                        comparison is not like with like (the guide, section 3).
#   MPIRUN_ENV           environment for mpirun, e.g. OMPI_ALLOW_RUN_AS_ROOT=1
#                        OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 when running as root.
#   MPI                  mpich to benchmark against MPICH: its mpicc.mpich builds the C references, its
#                        mpirun.mpich launches everything (Sources/CMPI/mpi.mk; MPICC and MPIRUN name
#                        others of the same MPI), and mpi4py is left out unless it was built against it.
#   BENCH_SCRATCH_PATH   the Swift build folder (default .build, .build-mpich with MPI=mpich); set another
#                        one to keep benchmark builds apart from a build running there at the same time.
#   BENCH_CFLAGS         flags of the C references (default -O3 -march=native).
#   BENCH_SWIFT_FLAGS    extra flags for the Swift build.
#   REPEATS              runs of each program; tables show medians and min–max (default 3).
#   BENCH_RESULTS        where `make bench` writes its results folders (default results, git-ignored).
#   BENCH_SUITES         the suites `make bench` runs (default: p2p collectives halo heat nbody).
#   BENCH_RUN            1: `make bench-check` runs the suite first even when a finished run exists.
#   BENCH_TIMEOUT        seconds after which a launch that hangs is ended and reported as failed
#                        (default 1800; 0: no limit).
#   BENCH_SUITE_P2P_ARGS, BENCH_SUITE_COLLECTIVES_ARGS, BENCH_SUITE_HALO_ARGS
#                        the benchmarks' arguments in `make bench` (--iterations-scale S; p2p also
#                        --sizes MIN:MAX); BENCH_SUITE_HEAT_ENV, BENCH_SUITE_NBODY_ENV: NAME=VALUE words
#                        for compare-heat.sh (NX NY STEPS RANKS) and compare-nbody.sh (STEPS_4096
#                        STEPS_16384). Their defaults keep the suite near 10 minutes.
#   BENCH_ARGS           arguments of `make bench-p2p`: --iterations-scale S, --sizes MIN:MAX.
#
# The C references are built into $(BENCH_SCRATCH_PATH)/bench/, which git ignores with the rest of the
# build folder.

SWIFT ?= swift
SWIFT_RELEASE_FLAGS ?= -c release -Xswiftc -target-cpu -Xswiftc native
MPIRUN_ENV ?=
# This build's MPI (Sources/CMPI/mpi.mk): its compiler wrapper builds the C references, its launcher
# (MPIRUN, which the compare scripts read) starts both, and its scratch path keeps an MPICH build's
# objects apart from Open MPI's: C and Swift linked against one MPI and launched by another would run
# as worlds of one process.
MPICC ?= mpicc
export MPIRUN ?= mpirun
export MPICC
BENCH_SCRATCH_PATH ?= $(or $(MPI_SCRATCH_PATH),.build)
BENCH_CFLAGS ?= -O3 -march=native
BENCH_SWIFT_FLAGS ?=
REPEATS ?= 3
BENCH_ARGS ?=
BENCH_RESULTS ?= results
BENCH_SUITES ?= p2p collectives halo heat nbody
BENCH_RUN ?= 0

BENCH_DIR := Examples/Benchmarks
# What the C references share (c/bench.h): a prerequisite of each (each includes it), so that a change
# to it rebuilds them.
BENCH_C_HEADER := $(BENCH_DIR)/c/bench.h
BENCH_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/pingpong-c
BENCH_SWIFT_BUILD = $(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(BENCH_SWIFT_FLAGS) --scratch-path $(BENCH_SCRATCH_PATH)

.PHONY: bench-p2p bench-python

# report.py needs Python 3 (standard library only); a fresh Debian has none.
bench-python:
	@if ! command -v python3 >/dev/null 2>&1; then \
	  echo "bench: python3 is missing; installing it with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y python3; \
	fi

$(BENCH_C_BINARY): $(BENCH_DIR)/c/pingpong.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_CFLAGS) -o $@ $< -lm

# The Swift product is rebuilt every time (SwiftPM knows its own dependencies); the C binary only when
# its source changes.
bench-p2p: deps bench-python $(BENCH_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product bench-p2p
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-p2p.sh $(BENCH_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/bench-p2p" $(BENCH_ARGS)

# Collectives: c/collectives.c beside bench-collectives (and python/collectives.py when mpi4py is
# installed). BENCH_COLLECTIVES_ARGS: --iterations-scale S for all three programs.
BENCH_COLLECTIVES_ARGS ?=
BENCH_COLLECTIVES_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/collectives-c

.PHONY: bench-collectives

$(BENCH_COLLECTIVES_C_BINARY): $(BENCH_DIR)/c/collectives.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_CFLAGS) -o $@ $< -lm

bench-collectives: deps bench-python $(BENCH_COLLECTIVES_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product bench-collectives
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-collectives.sh $(BENCH_COLLECTIVES_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/bench-collectives" $(BENCH_COLLECTIVES_ARGS)

# N-body: c/nbody.c beside the nbody example. The C reference adds what lets its inner loop vectorise:
# sqrt without errno, and the OpenMP SIMD reduction pragma (no OpenMP threads). Built a second time with
# -DNBODY_NEWTON_INVERSE_SQRT it computes 1/√r² as the Swift kernel does, for the same-arithmetic rows.
BENCH_NBODY_CFLAGS ?= $(BENCH_CFLAGS) -fno-math-errno -fopenmp-simd
BENCH_NBODY_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/nbody-c
BENCH_NBODY_SAME_ARITHMETIC_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/nbody-same-arithmetic-c

.PHONY: bench-nbody

$(BENCH_NBODY_C_BINARY): $(BENCH_DIR)/c/nbody.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_NBODY_CFLAGS) -o $@ $< -lm

$(BENCH_NBODY_SAME_ARITHMETIC_C_BINARY): $(BENCH_DIR)/c/nbody.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_NBODY_CFLAGS) -DNBODY_NEWTON_INVERSE_SQRT -o $@ $< -lm

bench-nbody: deps bench-python $(BENCH_NBODY_C_BINARY) $(BENCH_NBODY_SAME_ARITHMETIC_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product nbody
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-nbody.sh $(BENCH_NBODY_C_BINARY) \
	    $(BENCH_NBODY_SAME_ARITHMETIC_C_BINARY) "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/nbody"

# Heat: c/heat.c (Jacobi reference) and c/stream.c (STREAM triad) beside the heat example, on 1 and 2
# ranks. HEAT_BENCH_ENV: NX, NY, STEPS, RANKS for compare-heat.sh (defaults 4096, 4096, 100, "1 2").
BENCH_HEAT_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/heat-c
BENCH_STREAM_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/stream-c
HEAT_BENCH_ENV ?=

.PHONY: bench-heat

$(BENCH_HEAT_C_BINARY): $(BENCH_DIR)/c/heat.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_CFLAGS) -o $@ $< -lm

$(BENCH_STREAM_C_BINARY): $(BENCH_DIR)/c/stream.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_CFLAGS) -o $@ $<

bench-heat: deps bench-python $(BENCH_HEAT_C_BINARY) $(BENCH_STREAM_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product heat
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(HEAT_BENCH_ENV) $(BENCH_DIR)/compare-heat.sh $(BENCH_HEAT_C_BINARY) \
	    $(BENCH_STREAM_C_BINARY) "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/heat"

# Halo exchange: c/halo.c beside bench-halo, 4096 x 4096 doubles at 2 ranks (and the Jacobi kernel).
# BENCH_HALO_ARGS: --iterations-scale S for both programs.
BENCH_HALO_ARGS ?=
BENCH_HALO_C_BINARY := $(BENCH_SCRATCH_PATH)/bench/halo-c

.PHONY: bench-halo

$(BENCH_HALO_C_BINARY): $(BENCH_DIR)/c/halo.c $(BENCH_C_HEADER) | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(BENCH_CFLAGS) -o $@ $< -lm

bench-halo: deps bench-python $(BENCH_HALO_C_BINARY)
	$(BENCH_SWIFT_BUILD) --product bench-halo
	$(MPIRUN_ENV) REPEATS=$(REPEATS) $(BENCH_DIR)/compare-halo.sh $(BENCH_HALO_C_BINARY) \
	    "$$($(BENCH_SWIFT_BUILD) --show-bin-path)/bench-halo" $(BENCH_HALO_ARGS)

# The whole suite (suite.sh) and its regression guard (report.py check). Each suite needs its Swift
# product and its C references; only those of BENCH_SUITES are built.
BENCH_SUITE_P2P_ARGS ?= --iterations-scale 0.5
BENCH_SUITE_COLLECTIVES_ARGS ?= --iterations-scale 0.5
BENCH_SUITE_HALO_ARGS ?= --iterations-scale 0.3
BENCH_SUITE_HEAT_ENV ?=
BENCH_SUITE_NBODY_ENV ?=

BENCH_PRODUCT_p2p := bench-p2p
BENCH_PRODUCT_collectives := bench-collectives
BENCH_PRODUCT_halo := bench-halo
BENCH_PRODUCT_heat := heat
BENCH_PRODUCT_nbody := nbody
BENCH_C_p2p := $(BENCH_C_BINARY)
BENCH_C_collectives := $(BENCH_COLLECTIVES_C_BINARY)
BENCH_C_halo := $(BENCH_HALO_C_BINARY)
BENCH_C_heat := $(BENCH_HEAT_C_BINARY) $(BENCH_STREAM_C_BINARY)
BENCH_C_nbody := $(BENCH_NBODY_C_BINARY) $(BENCH_NBODY_SAME_ARITHMETIC_C_BINARY)

.PHONY: bench bench-check bench-selftest

bench: deps bench-python $(foreach suite,$(BENCH_SUITES),$(BENCH_C_$(suite)))
	@for product in $(foreach suite,$(BENCH_SUITES),$(BENCH_PRODUCT_$(suite))); do \
	  echo "$(BENCH_SWIFT_BUILD) --product $$product"; $(BENCH_SWIFT_BUILD) --product $$product || exit 1; \
	done
	$(MPIRUN_ENV) REPEATS=$(REPEATS) SUITES="$(BENCH_SUITES)" P2P_ARGS="$(BENCH_SUITE_P2P_ARGS)" \
	    COLLECTIVES_ARGS="$(BENCH_SUITE_COLLECTIVES_ARGS)" HALO_ARGS="$(BENCH_SUITE_HALO_ARGS)" \
	    HEAT_ENV="$(BENCH_SUITE_HEAT_ENV)" NBODY_ENV="$(BENCH_SUITE_NBODY_ENV)" SWIFT="$(SWIFT)" \
	    BENCH_CFLAGS="$(BENCH_CFLAGS)" BENCH_NBODY_CFLAGS="$(BENCH_NBODY_CFLAGS)" \
	    SWIFT_RELEASE_FLAGS="$(SWIFT_RELEASE_FLAGS) $(BENCH_SWIFT_FLAGS)" \
	    $(BENCH_DIR)/suite.sh $(BENCH_SCRATCH_PATH)/bench "$$($(BENCH_SWIFT_BUILD) --show-bin-path)" $(BENCH_RESULTS)

bench-check: bench-python
	@if [ "$(BENCH_RUN)" = 1 ] || ! { [ -f $(BENCH_RESULTS)/bench.json ] || ls $(BENCH_RESULTS)/*/bench.json >/dev/null 2>&1; }; then \
	  $(MAKE) --no-print-directory bench; \
	fi
	python3 $(BENCH_DIR)/report.py check $(BENCH_RESULTS)

bench-selftest: bench-python
	python3 $(BENCH_DIR)/test_report.py

# `make test` checks the aggregator too: a second, and no MPI.
test: bench-selftest
