# `make docs`: the DocC documentation of the MPI and DomainDecomposition modules, built with no warnings.
#
# One combined archive (DomainDecomposition's pages link into MPI's) goes to DOCS_OUTPUT. The build fails
# on any DocC warning (a broken ``Symbol`` link, a parameter documented wrongly), on a public symbol whose
# doc comment is missing or leaves out a parameter, what it throws or what it returns, and on an
# article's Swift snippet that does not compile against the current modules (.ci/check-docs.py).

DOCS_OUTPUT ?= .build/docs
DOCS_TARGETS := --target MPI --target DomainDecomposition

.PHONY: docs

docs: deps
	@command -v python3 >/dev/null 2>&1 || { \
	  echo "docs: python3 is missing; installing it with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y python3; }
	$(SWIFT) package $(SWIFT_MPI_FLAGS) --allow-writing-to-directory $(DOCS_OUTPUT) generate-documentation $(DOCS_TARGETS) \
	    --enable-experimental-combined-documentation --experimental-skip-synthesized-symbols \
	    --warnings-as-errors --output-path $(DOCS_OUTPUT)
	python3 .ci/check-docs.py --bin-path "$$($(SWIFT) build $(SWIFT_MPI_FLAGS) --show-bin-path)"
	@echo "docs: the documentation is in $(DOCS_OUTPUT)/ (open documentation/mpi and documentation/domaindecomposition)"
	@echo "docs: to browse it, run  python3 -m http.server --directory $(DOCS_OUTPUT) 8000  and open http://localhost:8000/documentation/mpi"
	@echo "docs: or preview one module with live reload:  swift package --disable-sandbox preview-documentation --target MPI"
