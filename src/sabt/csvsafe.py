"""Cells of CSV files sabt writes, safe to open in a spreadsheet.

A text cell starting with = + - @ (or a tab or carriage return) is read by
Excel and LibreOffice as a formula (OWASP "CSV Injection"): it gets a
leading single quote. Only text is changed; numbers stay numbers.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a quote before a formula start, if it is text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
