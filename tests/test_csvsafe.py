"""Tests for sabt.csvsafe: formula cells neutralised, numbers kept."""

from __future__ import annotations

from sabt.csvsafe import neutralise


def test_a_formula_id_gets_a_leading_quote() -> None:
    assert neutralise('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    for start in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(start) == "'" + start


def test_numbers_and_plain_text_stay_as_they_are() -> None:
    assert neutralise(-3.2) == -3.2
    assert neutralise("d-17") == "d-17"
