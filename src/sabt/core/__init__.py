"""The kernel every domain app stands on.

Cases, the fields every record shares, the checks every service makes and the
one way a service records an event. It imports only the ledger and its store,
so ``access``, ``records``, ``evidence`` and ``tracing`` can all build on it
without importing one another upwards.
"""
