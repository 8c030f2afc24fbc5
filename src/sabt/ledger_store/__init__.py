"""Keeps the ledger in the database and runs the write path and projections."""
