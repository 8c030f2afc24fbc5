"""``records.fts_terms``: the indexed words a typed word begins, folded as
SQLite's full-text index folds them, and never out of date."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection  # noqa: F401  (the skipif condition reads it)

from sabt.records.fts_terms import prefix_terms
from tests.factories import make_incident

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'sqlite'"),
]


def test_a_prefix_is_spelled_out_as_the_index_folds_it(investigator: User) -> None:
    make_incident(investigator, title="Shelling of the market, shells found")
    make_incident(investigator, title="گلوله باری در بازارک")
    assert prefix_terms("SHÉL") == ("shelling", "shells")
    assert prefix_terms("market") == ("market",)
    assert prefix_terms("گلو") == ("گلوله",)
    assert prefix_terms("xyz") == ()


def test_a_word_the_tokenizer_splits_or_a_short_prefix_keeps_the_prefix(
    investigator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_incident(investigator, title="Shelling of the market, shells found")
    assert prefix_terms("shel-ling") is None
    monkeypatch.setattr("sabt.records.fts_terms.MOST_TERMS", 1)
    assert prefix_terms("shel") is None


def test_a_remembered_answer_follows_a_new_incident(investigator: User) -> None:
    make_incident(investigator, title="Shelling of the market")
    assert prefix_terms("shel") == ("shelling",)
    make_incident(investigator, title="Shellfire at night")
    assert prefix_terms("shel") == ("shellfire", "shelling")
