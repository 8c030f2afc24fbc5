"""Read a capture-history table: one 0/1 column per list and a count."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from gettext import gettext as _

import numpy as np
import numpy.typing as npt


class TableError(ValueError):
    """A capture-history table that cannot be read; names line and column."""


@dataclass(frozen=True)
class CaptureTable:
    """Observed capture patterns (rows of 0/1) with the people on each."""

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    def full(self) -> npt.NDArray[np.int64]:
        """Counts of all 2**J patterns, indexed by the bits c1 c2 ... (c1 high)."""
        n_lists = len(self.lists)
        cells = np.zeros(2**n_lists, dtype=np.int64)
        weights = 2 ** np.arange(n_lists - 1, -1, -1)
        np.add.at(cells, self.patterns @ weights, self.counts)
        return cells


def all_patterns(n_lists: int) -> npt.NDArray[np.int64]:
    """Every 0/1 pattern of n lists, in the order of CaptureTable.full()."""
    index = np.arange(2**n_lists)[:, None]
    shifts = np.arange(n_lists - 1, -1, -1)[None, :]
    return ((index >> shifts) & 1).astype(np.int64)


def read_table(text: str) -> CaptureTable:
    """Parse CSV text; raise TableError naming the line and column at fault."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise TableError(_("line 1: the table is empty"))
    header = [name.strip() for name in rows[0]]
    if "count" not in header:
        raise TableError(_("line 1: no column named count"))
    count_at = header.index("count")
    list_at = [i for i, name in enumerate(header) if i != count_at]
    if len(list_at) < 2:
        raise TableError(_("line 1: fewer than two lists; MSE needs at least two"))
    patterns: list[list[int]] = []
    counts: list[int] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise TableError(
                _("line %(line)s: %(cells)s cells, the header has %(header)s")
                % {"line": line_no, "cells": len(row), "header": len(header)}
            )
        pattern = []
        for i in list_at:
            cell = row[i].strip()
            if cell not in {"0", "1"}:
                raise TableError(
                    _("line %(line)s, column %(column)s: %(cell)r is not 0 or 1")
                    % {"line": line_no, "column": header[i], "cell": cell}
                )
            pattern.append(int(cell))
        cell = row[count_at].strip()
        if not cell.isdigit():
            raise TableError(
                _("line %(line)s, column count: %(cell)r is not a whole number")
                % {"line": line_no, "cell": cell}
            )
        if not any(pattern) and int(cell) != 0:
            raise TableError(
                _(
                    "line %(line)s, column count: the all-zero row is the unknown and"
                    " must be absent or 0"
                )
                % {"line": line_no}
            )
        if any(pattern):
            patterns.append(pattern)
            counts.append(int(cell))
    if not counts:
        raise TableError(_("line 2: no observed patterns"))
    return CaptureTable(
        lists=tuple(header[i] for i in list_at),
        patterns=np.array(patterns, dtype=np.int64),
        counts=np.array(counts, dtype=np.int64),
    )


def from_full(lists: tuple[str, ...], cells: npt.NDArray[np.int64]) -> CaptureTable:
    """A table from counts of all 2**J patterns (the first, all-zero, ignored)."""
    patterns = all_patterns(len(lists))[1:]
    return CaptureTable(
        lists=lists, patterns=patterns, counts=cells[1:].astype(np.int64)
    )


def warnings_for(table: CaptureTable) -> list[str]:
    """Plain-word reasons an estimate on this table should be read with care."""
    notes = []
    n_lists = len(table.lists)
    if n_lists == 2:
        notes.append(
            "Only two lists: the estimate assumes they are independent, which"
            " cannot be checked from two lists."
        )
    if table.observed < 50:
        notes.append(
            "Fewer than 50 people are documented: the stratum is too small for"
            " a trustworthy estimate."
        )
    cells = table.full()[1:]
    if (cells == 0).sum() > len(cells) // 2:
        notes.append(
            "Most overlap patterns are empty or tiny: the estimate rests on few"
            " people seen on several lists."
        )
    pats = all_patterns(n_lists)[1:]
    for a in range(n_lists):
        for b in range(a + 1, n_lists):
            both = cells[(pats[:, a] == 1) & (pats[:, b] == 1)].sum()
            only_a = cells[(pats[:, a] == 1) & (pats[:, b] == 0)].sum()
            only_b = cells[(pats[:, a] == 0) & (pats[:, b] == 1)].sum()
            if both == 0:
                notes.append(
                    _(
                        "Lists %(a)s and %(b)s share nobody: an estimate from them is"
                        " unstable."
                    )
                    % {"a": table.lists[a], "b": table.lists[b]}
                )
            elif only_a and only_b and both * both > 4 * only_a * only_b:
                notes.append(
                    _(
                        "Lists %(a)s and %(b)s overlap far more than independent"
                        " sources would: they may copy each other."
                    )
                    % {"a": table.lists[a], "b": table.lists[b]}
                )
    return notes
