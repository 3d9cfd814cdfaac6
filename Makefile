# swift-mpi — every command a user needs; each target installs what it needs first (see `deps`).
#
#   make run              ring example under mpirun with NP ranks (default 4)
#   make test             unit tests and the multi-rank scenario suite (1–4 ranks)
#   make build            release build of the library, examples and benchmarks
#   make bench-p2p        ping-pong latency/bandwidth, Swift beside the C reference, with ratios
#   make deps             install Open MPI with apt-get when it is missing
#
# Variables: NP (ranks for `run`), NATIVE=0 for a portable build (default tunes for this CPU, like the
# C references' -march=native), SWIFT (the swift driver).

NP ?= 4
SWIFT ?= swift
NATIVE ?= 1

ifeq ($(NATIVE),1)
SWIFT_RELEASE_FLAGS := -c release -Xswiftc -target-cpu -Xswiftc native
else
SWIFT_RELEASE_FLAGS := -c release
endif

# Running as root and running more ranks than cores must work without the user typing a flag.
MPIRUN_ENV := OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
OVERSUBSCRIBE_ENV := OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1

.PHONY: all build run test deps clean

all: build

deps:
	@if command -v mpicc >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1; then \
	  echo "deps: Open MPI found ($$(mpirun --version 2>/dev/null | head -n 1))"; \
	else \
	  echo "deps: Open MPI is missing; installing libopenmpi-dev and openmpi-bin with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y libopenmpi-dev openmpi-bin; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS)

run: deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) --product ring
	$(MPIRUN_ENV) $(OVERSUBSCRIBE_ENV) mpirun -n $(NP) $$($(SWIFT) build $(SWIFT_RELEASE_FLAGS) --show-bin-path)/ring

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build .build-*

-include Examples/Benchmarks/bench.mk
