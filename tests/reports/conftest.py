"""The demo case with one more witness, who speaks Dari and may be named to
UN mechanisms and courts but not to the public.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from sabt.demo.loader import demo_id, load_demo
from sabt.records.models import Source, Statement
from sabt.records.services import record_consent, record_statement, register_source

WITNESS_NAME = "Zarghuna Panjshiri"
WITNESS_PSEUDONYM = "W-7 (Darhel)"
DARI_STATEMENT = (
    "وقتی صدای یک فیر از قریه شنیده شد، طالبان پیر و جوان را بی‌پرسش به گلوله بستند."
)
ENGLISH_TRANSLATION = (
    "When a shot was heard from the village, the Taliban shot old and young "
    "without asking."
)
# The letter's statement on Darhel, as the demo holds it.
ENGLISH_STATEMENT = "If a gunshot is heard from any village"
DARHEL = demo_id("darhel-10-september")
EXPULSION = demo_id("expulsion")


@dataclass(frozen=True)
class DemoCase:
    witness: Source
    dari: Statement


@pytest.fixture
def demo(investigator: User) -> DemoCase:
    load_demo(actor=investigator)
    witness = register_source(
        actor=investigator, kind="witness", pseudonym=WITNESS_PSEUDONYM,
        real_name=WITNESS_NAME,
    )  # fmt: skip
    record_consent(
        actor=investigator, source=witness, name="un_courts", account="public",
        obtained_how="in_person", obtained_on="2021-09-20",
    )  # fmt: skip
    dari = record_statement(
        actor=investigator, source=witness.record, text=DARI_STATEMENT,
        language="fa", translation=ENGLISH_TRANSLATION, stance="alleges",
        made_on="2021-09-20", incidents=[DARHEL],
    )  # fmt: skip
    return DemoCase(witness=Source.objects.get(pk=witness.pk), dari=dari)
