"""Lets ``python -m sabt`` stand in for the ``sabt`` command."""

from __future__ import annotations

from sabt.cli import main

main()
