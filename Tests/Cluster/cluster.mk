# Multi-host test: included by the top-level Makefile (`-include Tests/Cluster/cluster.mk`).
#
#   make cluster-test    three simulated hosts (network namespaces on a bridge) × 2 ranks over TCP: the
#                        core scenarios, and heat (2-D, 3-D) and nbody bitwise identical to one host.
#                        Needs root; as another user it prints why it is skipped and succeeds.
#
# Variables: SWIFT (the swift driver), CLUSTER_SUBNET (first three octets of the private /24 the hosts
# use, default 10.231.0). It uses the debug build that `make test` makes, building what is missing.

.PHONY: cluster-test

# The simulated hosts are joined with Open MPI's launcher options (rsh agent, TCP-only BTL, interfaces by
# subnet): an MPICH build is refused in one line, before anything is installed or built.
ifneq ($(filter cluster-test,$(MAKECMDGOALS)),)
ifneq ($(MPI),openmpi)
$(error cluster-test: runs against Open MPI only (its simulated hosts use Open MPI's launcher options); drop MPI=$(MPI))
endif
endif

cluster-test: deps
	SWIFT="$(SWIFT)" bash Tests/Cluster/cluster-test.sh
