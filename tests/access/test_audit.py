"""The read audit (sabt.access.audit): signed events, projected rows, search
words sealed each under its own key, and which words name a subject.
"""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.access.audit import audit_record, entries, names_any, query_of, record_read
from sabt.access.models import ReadAudit
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger

pytestmark = pytest.mark.django_db

SOURCE = "0b6f2a9e-1111-4222-8333-944445555666"


def test_a_revealed_field_is_a_signed_event_and_a_row() -> None:
    event = record_read(
        username="nasrin", action="revealed", target=SOURCE,
        target_type="source", detail="real_name",
    )  # fmt: skip

    row = ReadAudit.objects.get()
    assert row.event_id == event.id
    assert (row.actor, row.action, row.target, row.detail) == (
        "nasrin", "revealed", SOURCE, "real_name",
    )  # fmt: skip
    assert row.address == "command line"
    assert LedgerEvent.objects.get(event_id=event.id).type == "audit.read"
    assert verify_ledger() == []


def test_search_words_are_sealed_in_the_ledger_and_open_for_the_audit() -> None:
    record_read(username="farid", action="searched", query="Zarghuna Parian")

    [event] = LedgerEvent.objects.filter(type="audit.read")
    assert "Zarghuna" not in event.payload
    assert query_of(ReadAudit.objects.get()) == "Zarghuna Parian"


def test_one_users_reads_of_a_day_share_one_chain() -> None:
    first = record_read(username="farid", action="searched", query="a")
    second = record_read(username="farid", action="searched", query="b")
    other = record_read(username="nasrin", action="searched", query="c")
    assert first.record == second.record != other.record
    assert list(second.parents) == [first.id]
    today = datetime.datetime.now(datetime.UTC).date()
    assert first.record == audit_record("farid", today)


def test_entries_filter_by_actor_action_and_target() -> None:
    record_read(username="farid", action="searched", query="x")
    record_read(username="farid", action="revealed", target=SOURCE, detail="contact")
    record_read(username="nasrin", action="exported", detail="bundle for the court")
    assert entries(actor="farid").count() == 2
    assert [e.actor for e in entries(action="exported")] == ["nasrin"]
    assert [e.detail for e in entries(target=SOURCE)] == ["contact"]


def test_an_unknown_action_is_refused_and_nothing_is_recorded() -> None:
    with pytest.raises(ValueError, match="unknown audited action 'peeked'"):
        record_read(username="farid", action="peeked")
    assert not LedgerEvent.objects.exists()


def test_rebuild_gives_back_the_audit() -> None:
    record_read(username="farid", action="searched", query="Khenj")
    before = list(ReadAudit.objects.values())
    rebuild_projections()
    assert list(ReadAudit.objects.values()) == before


def test_each_search_is_sealed_under_a_key_of_its_own() -> None:
    record_read(username="farid", action="searched", query="a")
    record_read(username="farid", action="searched", query="b")
    keys = {row.query_subject for row in ReadAudit.objects.all()}
    assert len(keys) == 2
    assert ReadAudit.objects.first().record not in keys  # type: ignore[union-attr]  # two rows exist


# Spellings of one name a search might use, each a change a database or a
# keyboard makes: case, decomposed letters, Arabic for Persian letters.
NAMES = ["Zarmina Sultani", "Malālai Jān Rokhawi", "زرمینه سلطانی", "گلالی کریمی"]
ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})


def spelled(word: str, how: str) -> str:
    if how == "upper":
        return word.upper()
    if how == "nfd":
        return unicodedata.normalize("NFD", word)
    if how == "arabic keyboard":
        return word.translate(ARABIC_KEYBOARD)
    return word


@given(
    name=st.sampled_from(NAMES),
    pick=st.integers(min_value=0, max_value=2),
    how=st.sampled_from(["as written", "upper", "nfd", "arabic keyboard"]),
    around=st.sampled_from(["", "Parian ", "killings near "]),
)
def test_any_spelling_of_a_word_of_a_name_names_it(
    name: str, pick: int, how: str, around: str
) -> None:
    words = name.split()
    word = words[pick % len(words)]
    assert names_any(around + spelled(word, how), [name]) is True


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("Zarmeena", "Zarmina Sultani"),  # another romanisation
        ("زرمینه", "Zarmina Sultani"),  # the other script
        ("۰۷۰۰ ۱۲۳ ۴۵۶", "+93 700 123 456"),
        ("malalai", "malalai.rokhawi@example.org"),
    ],
)
def test_a_search_names_a_value_across_spellings(words: str, value: str) -> None:
    assert names_any(words, [value]) is True


@pytest.mark.parametrize("words", ["Parian", "Bazarak executions", "2021", "Al"])
def test_a_search_sharing_no_name_word_names_nobody(words: str) -> None:
    assert names_any(words, ["Zarmina Sultani", "+93 700 123 456"]) is False
