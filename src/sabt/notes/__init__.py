"""Notes: a minimal record type exercising the ledger until the real domain lands."""
