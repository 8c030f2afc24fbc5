"""Probabilistic record linkage of lists of people, without Django.

``columns`` reads and checks a CSV list, ``prepare`` derives the keys the
model compares; the Splink model is ``levels`` (the fields and their
levels' labels), ``comparisons`` (each field's levels and priors),
``settings`` (blocking rules and settings) and ``training`` (estimating
the parameters); ``run`` links two lists or dedupes one. Lists with known
true matches for tests and benchmarks come from ``sabt.testing.synthetic``.
"""
