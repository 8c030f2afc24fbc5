"""Small things a Dari-speaking documenter met on the pages: a sought man
titled "son or daughter of", and the evidence page's rule printed as a raw
docstring with its ``**`` marks.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.membership import grant
from sabt.evidence.services import register_evidence_item
from tests.access.two_factor_helpers import confirmed_device
from tests.tracing.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client: Client) -> User:
    user = User.objects.create_user("officer", password="correct horse battery")
    grant(user=user, role="tracing_officer", case="default")
    user.otp_device = confirmed_device(user)  # type: ignore[attr-defined]
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("sex", "english", "dari"),
    [
        ("male", "son of", "ولد"),
        ("female", "daughter of", "بنت"),
        ("unknown", "son or daughter of", "فرزند"),
    ],
)
def test_a_sought_person_is_titled_by_their_sex(
    client: Client, officer: User, sex: str, english: str, dari: str
) -> None:
    request = make_request(officer, sex=sex)
    url = f"/tracing/requests/{request.record}/"
    heading = client.get(url).content.decode().split("<h1>")[1].split("</h1>")[0]
    assert f"<small>{english} <bdi" in heading
    client.cookies["django_language"] = "fa"
    heading = client.get(url).content.decode().split("<h1>")[1].split("</h1>")[0]
    assert f"<small>{dari} <bdi" in heading


def test_the_evidence_rule_is_written_for_readers(
    client: Client, investigator: User
) -> None:
    item = register_evidence_item(actor=investigator, kind="photo", title="Khenj")
    client.force_login(investigator)
    page = client.get(f"/evidence/{item.record}/").content.decode()
    rule = page.split('data-testid="conclusion-rule"')[1].split("</div>")[0]
    assert "**" not in page
    assert "<strong>Verified</strong> when no counting assessment" in rule
    assert rule.count("<li>") == 5
