"""sabt: documenting atrocity crimes and tracing missing people."""

from __future__ import annotations

__version__ = "0.1.0"
