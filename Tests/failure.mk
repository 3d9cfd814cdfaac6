# Failure behaviour, repeated: every way a rank can die mid-run, launched 10 times each (make test
# launches each once). Included from the Makefile.
#
#   make test-failure     rank failures (throw, trap, SIGKILL) 10× each at 2–4 ranks, with the longest
#                         time from a failure to the job's exit printed per failure; the API fuzzer
#                         with 10 seeds at 2, 3 and 4 ranks

FAILURE_REPEATS ?= 10
FUZZ_SEEDS ?= 10

.PHONY: test-failure

test-failure: deps
	$(SWIFT) build --build-tests $(SWIFT_MPI_FLAGS)
	SWIFT_MPI_FAILURE_REPEATS=$(FAILURE_REPEATS) SWIFT_MPI_FUZZ_SEEDS=$(FUZZ_SEEDS) \
	    $(SWIFT) test --skip-build $(SWIFT_MPI_FLAGS) --filter 'ScenarioTests/(Failures|Fuzzing)/'
