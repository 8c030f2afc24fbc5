"""Documenting what happened: incidents, acts, people, sources and statements."""
