# Which MPI the package builds against and launches with: included by the top-level Makefile.
#
#   make test                 Open MPI (the default): libopenmpi-dev, mpirun, build in .build/
#   make test MPI=mpich       MPICH: libmpich-dev, mpirun.mpich (Hydra), build in .build-mpich/
#
# MPI=mpich exports SWIFT_MPI=mpich, which Package.swift reads (pkg-config module `mpich`, compilation
# condition MPICH), and SWIFT_MPI_LAUNCHER, which the tests' launcher reads. The two builds keep separate
# scratch paths: SwiftPM would otherwise reuse objects compiled against the other MPI's header.
#
# Variables for the other fragments: MPIRUN (the launcher), MPICC (the compiler wrapper), MPIRUN_ENV (running as root),
# OVERSUBSCRIBE_ENV (more ranks than cores), SWIFT_MPI_FLAGS (for every `swift build`/`swift test`),
# MPI_SCRATCH_PATH (the build folder those flags choose), MPI_PACKAGES and MPI_DESCRIPTION (for `deps`).

MPI ?= openmpi

ifeq ($(MPI),openmpi)
MPIRUN ?= mpirun
MPICC ?= mpicc
# Running as root and running more ranks than cores must work without the user typing a flag; idle ranks
# yield the CPU, which keeps oversubscribed runs fast.
MPIRUN_ENV := OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
OVERSUBSCRIBE_ENV := OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
SWIFT_MPI_FLAGS :=
MPI_SCRATCH_PATH := .build
MPI_PACKAGES := libopenmpi-dev openmpi-bin
MPI_DESCRIPTION := Open MPI
else ifeq ($(MPI),mpich)
# Debian installs MPICH's Hydra launcher as mpirun.mpich (plain mpirun stays Open MPI's); elsewhere
# MPICH's own mpiexec and mpicc: make MPI=mpich MPIRUN=mpiexec MPICC=mpicc. Hydra runs as root and oversubscribes as it is.
MPIRUN ?= mpirun.mpich
MPICC ?= mpicc.mpich
MPIRUN_ENV :=
OVERSUBSCRIBE_ENV :=
MPI_SCRATCH_PATH := .build-mpich
SWIFT_MPI_FLAGS := --scratch-path $(MPI_SCRATCH_PATH)
MPI_PACKAGES := libmpich-dev mpich
MPI_DESCRIPTION := MPICH
else
$(error MPI=$(MPI) is not an MPI this package knows: use MPI=openmpi (the default) or MPI=mpich)
endif

export SWIFT_MPI := $(MPI)
export SWIFT_MPI_LAUNCHER := $(MPIRUN)
