"""Shredding reaches everything (sabt.ledger_store.keyring.shred, ``sabt
shred``, sabt.access.audit): after a source's identity is shredded, her name
is in no database file (SQLite with its log; PostgreSQL's whole data
directory, ``pg_wal`` included), on no audit page, and in none of the
audited search words still readable; the words of the searches that named
her are destroyed with her, and the audit page says so.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from sabt.access.audit import QUERY_FIELD, query_of
from sabt.access.models import ReadAudit
from sabt.ledger.sealing import open_value, unwrap_data_key
from sabt.ledger_store.models import LedgerEvent, SubjectKey
from sabt.ledger_store.org_key import org_private_key
from sabt.records.models import Source
from tests.database_bytes import (
    database_bytes,
    forms_found,
    pg_server_files,
    read_files,
)
from tests.factories import make_source
from tests.ledger_store.helpers import run_command

pytestmark = pytest.mark.django_db(transaction=True)

ZARMINA = "Zarmina Sultani"
DARI = "گلالی وردکی"  # Gulalai Wardaki, recorded in Dari script
# What an investigator typed, each naming one of them (the third in the
# other script, the fifth by her phone number), and one naming nobody.
SEARCHES = {
    "Zarmina": ZARMINA,
    "sultani parian": ZARMINA,
    "زرمینه": ZARMINA,
    "گلالی": DARI,
    "0700 123 456": ZARMINA,
}
KEPT = "Bazarak"
SECRETS = ["Zarmina", "Sultani", "زرمینه", "گلالی", "وردکی", "700123456"]


def wrapped_pieces(wrapped: bytes) -> set[bytes]:
    """Non-overlapping 8-byte pieces of a key, raw and in hex: any run of the
    key longer than 15 bytes that survives holds one of them.
    """
    runs = {wrapped[i : i + 8] for i in range(0, len(wrapped) - 7, 8)}
    return runs | {run.hex().encode() for run in runs}


def everything_stored() -> bytes:
    """SQLite: the database with its log. PostgreSQL: the data directory."""
    if connection.vendor == "sqlite":
        return database_bytes()
    return read_files(pg_server_files())


@pytest.fixture
def searched(client: Client, investigator: User) -> list[Source]:
    """Two sources with identities, searched for through the web, and one
    other search, all audited.
    """
    zarmina = make_source(
        investigator, pseudonym="Witness 21", real_name=ZARMINA,
        contact="+93 700 123 456",
    )  # fmt: skip
    dari = make_source(investigator, pseudonym="Witness 22", real_name=DARI)
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    client.force_login(investigator)
    for words in [*SEARCHES, KEPT]:
        assert client.get("/incidents/", {"q": words}).status_code == 200
    return [zarmina, dari]


def shred_both(sources: list[Source]) -> list[str]:
    outs = []
    for source in sources:
        code, out, err = run_command(
            "shred", str(source.pk), "--by", "investigator", "--reason", "she asked"
        )
        assert (code, err) == (0, ""), err
        outs.append(out)
    return outs


def test_every_search_was_audited_with_its_own_key(searched: list[Source]) -> None:
    """The tests below would pass vacuously if no search had been recorded."""
    rows = ReadAudit.objects.filter(action="searched")
    assert sorted(query_of(row) or "" for row in rows) == sorted([*SEARCHES, KEPT])
    assert len({row.query_subject for row in rows}) == len(SEARCHES) + 1


def test_shred_destroys_the_words_of_the_searches_naming_her(
    searched: list[Source],
) -> None:
    outs = shred_both(searched)
    assert "words of 4 audited searches naming it destroyed" in outs[0]
    assert "words of 1 audited searches naming it destroyed" in outs[1]
    opened = [query_of(row) for row in ReadAudit.objects.filter(action="searched")]
    assert sorted(w for w in opened if w) == [KEPT]
    [event] = LedgerEvent.objects.filter(
        type="subject.shredded", record=str(searched[0].pk)
    )
    named = json.loads(event.payload)["body"]["search_words"]
    destroyed = ReadAudit.objects.filter(query_destroyed_with=str(searched[0].pk))
    assert sorted(destroyed.values_list("query_subject", flat=True)) == named


def test_no_remaining_search_words_open_to_her_name(searched: list[Source]) -> None:
    """Every sealed search in the ledger that still has a key is opened with
    the organisation's key: none holds either name in any form.
    """
    shred_both(searched)
    private = org_private_key()
    opened: list[str] = []
    for payload in LedgerEvent.objects.filter(type="audit.read").values_list(
        "payload", flat=True
    ):
        body = json.loads(payload)["body"]
        token = body.get("sealed", {}).get(QUERY_FIELD)
        row = SubjectKey.objects.filter(pk=body.get("query_subject", "")).first()
        if token and row is not None and row.wrapped_key is not None:
            key = unwrap_data_key(private, bytes(row.wrapped_key))
            subject = body["query_subject"]
            opened.append(open_value(key, token, subject=subject, field=QUERY_FIELD))
    assert opened == [KEPT]
    words = "\n".join(opened).encode("utf-8")
    assert {s: forms_found(words, s) for s in SECRETS if forms_found(words, s)} == {}


def test_the_audit_page_shows_the_words_destroyed_and_no_name(
    client: Client, searched: list[Source]
) -> None:
    shred_both(searched)
    page = client.get("/manage/audit/?action=searched").content
    text = page.decode()
    day = SubjectKey.objects.get(pk=searched[0].pk).shredded_at
    line = f"words destroyed with subject {searched[0].pk} on {day:%Y-%m-%d}"
    assert text.count(line) == len([n for n in SEARCHES.values() if n == ZARMINA])
    assert f"«<bdi>{KEPT}</bdi>»" in text
    assert {s: forms_found(page, s) for s in SECRETS if forms_found(page, s)} == {}


def test_verify_passes_after_the_shreds(searched: list[Source]) -> None:
    shred_both(searched)
    code, out, _ = run_command("verify")
    assert code == 0, out
    assert out.startswith("ledger intact: ")


def test_neither_name_nor_key_is_left_in_the_database_files(
    searched: list[Source],
) -> None:
    """SQLite's files, or PostgreSQL's whole data directory with pg_wal,
    hold none of the destroyed keys (which they did before) and no name.
    """
    keys = {
        row.subject: bytes(row.wrapped_key)
        for row in SubjectKey.objects.all()
        if row.wrapped_key is not None
    }
    before = everything_stored()
    shred_both(searched)
    gone = [
        subject
        for subject, row in ((s, SubjectKey.objects.get(pk=s)) for s in keys)
        if row.wrapped_key is None
    ]
    assert len(gone) == 2 + len(SEARCHES)
    # The search itself works: every destroyed key was there, whole (raw).
    for subject in gone:
        assert keys[subject] in before, subject
    after = everything_stored()
    left = {s: [p for p in wrapped_pieces(keys[s]) if p in after] for s in gone}
    assert {s: found for s, found in left.items() if found} == {}
    leaks = {secret: forms_found(after, secret) for secret in SECRETS}
    assert {secret: found for secret, found in leaks.items() if found} == {}
