# Teaching examples and the VTK check: included by the top-level Makefile.
#
#   make example NAME=pi NP=4            release build of one example, run under mpirun with NP ranks
#                                        (default 4) in output/NAME/; ARGS passes arguments to it
#   make check-vtk                       loads the ParaView files of `make run` (output/heat/) and
#                                        `make example NAME=jacobi2d` (output/jacobi2d/) with VTK, when
#                                        Debian's python3-vtk9 is installed, and checks their arrays
#
# The examples (each explained in the comment at the top of its main.swift):
#   hello      every rank says who and where it is: the skeleton of an MPI program
#   ring       a token passed around all ranks with send and receive
#   pi         π by the midpoint rule, the intervals split over the ranks, one reduction
#   jacobi2d   steady heat in a plate: process grid, ghosted array, halo exchange, ParaView output

EXAMPLES := hello ring pi jacobi2d
EXAMPLE_OUTPUT ?= output
ARGS ?=

# Check NAME when the makefile is read, so that a wrong name is one line and nothing is built.
ifneq ($(filter example,$(MAKECMDGOALS)),)
ifeq ($(filter $(EXAMPLES),$(NAME)),)
$(error example: $(if $(NAME),unknown NAME '$(NAME)',NAME is missing); valid names: $(EXAMPLES) (e.g. make example NAME=pi NP=4))
endif
endif

.PHONY: example check-vtk

# Each example runs in a folder of its own under output/, which git ignores: jacobi2d writes jacobi.vti
# into its working directory.
example: deps
	$(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --product $(NAME)
	@mkdir -p $(EXAMPLE_OUTPUT)/$(NAME)
	cd $(EXAMPLE_OUTPUT)/$(NAME) && $(MPIRUN_ENV) $(OVERSUBSCRIBE_ENV) $(MPIRUN) -n $(NP) \
	    $$($(SWIFT) build $(SWIFT_RELEASE_FLAGS) $(SWIFT_MPI_FLAGS) --show-bin-path)/$(NAME) $(ARGS)

# Debian's interpreter, which python3-vtk9 serves (a pyenv or venv python3 on PATH does not see it).
VTK_PYTHON ?= /usr/bin/python3
VTK_HEAT_SERIES := $(wildcard $(HEAT_OUTPUT)/heat.pvd)
VTK_JACOBI_IMAGE := $(wildcard $(EXAMPLE_OUTPUT)/jacobi2d/jacobi.vti)

# Like a wrong example NAME, nothing to check is one line, before anything runs.
ifneq ($(filter check-vtk,$(MAKECMDGOALS)),)
ifeq ($(VTK_HEAT_SERIES)$(VTK_JACOBI_IMAGE),)
$(error check-vtk: nothing to check: run `make run` or `make example NAME=jacobi2d` first)
endif
endif

# The heat series may hold any field (HEAT_ARGS chooses it): only its structure is checked. The plate lies
# between its edges' temperatures, 0 and 1.
check-vtk:
	@if ! $(VTK_PYTHON) -c 'import vtkmodules.vtkIOXML' 2>/dev/null; then \
	  echo "check-vtk: skipped: VTK for Python is not installed (apt-get install python3-vtk9)"; \
	else \
	  $(if $(VTK_HEAT_SERIES),$(VTK_PYTHON) Examples/check_vtk.py --expect temperature:1 $(VTK_HEAT_SERIES) &&) \
	  $(if $(VTK_JACOBI_IMAGE),$(VTK_PYTHON) Examples/check_vtk.py --expect temperature:1:0:1 $(VTK_JACOBI_IMAGE) &&) \
	  true; \
	fi
