# Scaling studies: included by the top-level Makefile (`-include Examples/scaling/scaling.mk`).
#
#   make scaling   a short strong and a short weak scaling study of heat and of nbody on SCALING_RANKS
#                  (default 1, 2 and 4: 4 oversubscribes a 2-core machine and is marked so), each point run
#                  SCALING_REPEATS times; CSV, Markdown and PNG plots in SCALING_OUTPUT. A few minutes.
#
# Variables (SWIFT, SWIFT_RELEASE_FLAGS, MPIRUN_ENV, and MPIRUN and SWIFT_MPI_FLAGS of the MPI choice, come
# from the top-level Makefile):
#   SCALING_RANKS        rank counts, comma-separated (default 1,2,4)
#   SCALING_REPEATS      runs per point; tables give the median and spread (default 3)
#   SCALING_HEAT_CELLS   heat problem at one rank, NX,NY[,NZ] (default 2048,1024); weak scaling keeps it per rank
#   SCALING_HEAT_STEPS   heat steps per run (default 300: half a second at one rank here)
#   SCALING_NBODY_BODIES nbody problem at one rank (default 4096); weak scaling grows it as sqrt(ranks)
#   SCALING_NBODY_STEPS  nbody steps per run (default 100: 1.6 s at one rank here)
#   SCALING_MPIRUN       the launcher (default this build's: mpirun, or mpirun.mpich with MPI=mpich, which
#                        also builds against MPICH); SCALING_MPIRUN_ARGS its options, e.g. "--hostfile hosts"
#   SCALING_ARGS         more `scaling` options for every study, e.g. --cores 64 or --no-plots
#   SCALING_OUTPUT       where the files go (default results/scaling, which git ignores)
#
# The plots need python3 with matplotlib: installed with apt-get as root, otherwise with pip --user; when
# that fails the tables are still written and `scaling` says the plots were skipped.

SWIFT ?= swift
SWIFT_RELEASE_FLAGS ?= -c release -Xswiftc -target-cpu -Xswiftc native
MPIRUN_ENV ?=
SCALING_RANKS ?= 1,2,4
SCALING_REPEATS ?= 3
SCALING_HEAT_CELLS ?= 2048,1024
SCALING_HEAT_STEPS ?= 300
SCALING_NBODY_BODIES ?= 4096
SCALING_NBODY_STEPS ?= 100
# Solvers built against one MPI and started by another's launcher would each run as a world of one.
SCALING_MPIRUN ?= $(or $(MPIRUN),mpirun)
SCALING_MPIRUN_ARGS ?=
SCALING_ARGS ?=
SCALING_OUTPUT ?= results/scaling

SCALING_COMMON = --ranks $(SCALING_RANKS) --repeats $(SCALING_REPEATS) --mpirun $(SCALING_MPIRUN) \
    $(if $(SCALING_MPIRUN_ARGS),--mpirun-args "$(SCALING_MPIRUN_ARGS)") --output $(SCALING_OUTPUT) $(SCALING_ARGS)

.PHONY: scaling scaling-plot-deps

scaling: deps scaling-plot-deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --product heat
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --product nbody
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --product scaling
	@set -e; bin=$$($(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --show-bin-path); \
	for mode in strong weak; do \
	  $(MPIRUN_ENV) $$bin/scaling --solver heat --mode $$mode --cells $(SCALING_HEAT_CELLS) \
	      --steps $(SCALING_HEAT_STEPS) $(SCALING_COMMON); echo; \
	  $(MPIRUN_ENV) $$bin/scaling --solver nbody --mode $$mode --bodies $(SCALING_NBODY_BODIES) \
	      --steps $(SCALING_NBODY_STEPS) $(SCALING_COMMON); echo; \
	done; \
	for study in heat-strong heat-weak nbody-strong nbody-weak; do \
	  cat $(SCALING_OUTPUT)/$$study.md; echo; \
	done > $(SCALING_OUTPUT)/README.md; \
	echo "scaling: the four tables are in $(SCALING_OUTPUT)/README.md; all files:"; \
	find $(SCALING_OUTPUT) -maxdepth 1 -type f | sort | sed 's/^/  /'

# Plots are optional: a failed installation leaves a notice, and the tables are written regardless.
# `scaling` tries python3 on PATH, then /usr/bin/python3 (where apt-get installs matplotlib).
scaling-plot-deps:
	@if python3 -c 'import matplotlib' >/dev/null 2>&1 || /usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1; then \
	  echo "scaling: matplotlib found"; \
	elif [ "$$(id -u)" -eq 0 ]; then \
	  echo "scaling: installing python3-matplotlib with apt-get for the plots"; \
	  apt-get install -y -q python3-matplotlib >/dev/null 2>&1 \
	    || { apt-get update -q >/dev/null && apt-get install -y -q python3-matplotlib >/dev/null; } \
	    || echo "scaling: could not install python3-matplotlib; the tables are written without plots"; \
	else \
	  echo "scaling: installing matplotlib with pip --user for the plots"; \
	  python3 -m pip install --user -q matplotlib \
	    || echo "scaling: could not install matplotlib; the tables are written without plots"; \
	fi
