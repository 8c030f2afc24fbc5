"""Helpers for tests and benchmarks, never imported by sabt itself.

``synthetic`` writes lists of people with known true matches.
"""
