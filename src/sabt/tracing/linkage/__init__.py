"""Probabilistic record linkage of lists of people, without Django.

``columns`` reads and checks a CSV list, ``prepare`` derives the keys the
model compares, ``model`` holds the Splink model (fields, blocking,
training) and ``run`` links two lists or dedupes one; ``synthetic`` makes
lists with known true matches for tests and benchmarks.
"""
