"""Shared fixtures: the three people of every test, and a node key from a seed.

``investigator`` and ``colleague`` work on the same records; ``outsider`` has an
account but no business with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.utils import translation
from nacl.public import PrivateKey
from nacl.signing import SigningKey
from pytest_django import Settings

from sabt.access.models import Membership
from sabt.access.policy import needs_second_factor
from sabt.core.cases import DEFAULT_CASE, Case
from sabt.ledger import key_from_seed, public_key_hex, save_key
from sabt.ledger.sealing import INTERACTIVE, generate_org_key, save_org_key
from sabt.ledger_store import org_key as org_key_store
from tests.access.two_factor_helpers import confirmed_device, verify_forced_login

pytest_plugins = ["tests.browser_fixtures"]

NODE_SEED = b"sabt-test-node-key-seed-32-bytes"
DEVICE_SEED = b"sabt-test-field-kit-seed-32bytes"
ORG_PASSPHRASE = "a test passphrase for the organisation's key"

user_logged_in.connect(verify_forced_login, dispatch_uid="tests.verify_forced_login")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run a ``no_database`` test once: in the SQLite half of ``make test``.

    Such a test (a sampler checked against R, Spark linkage on files) gives
    the same result whatever database is configured, and costs minutes.
    """
    if str(django_settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
        return
    skip = pytest.mark.skip(reason="touches no database; the SQLite run checks it")
    for item in items:
        if item.get_closest_marker("no_database"):
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """Whitenoise warns about a missing static folder; tests collect nothing."""
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Settings) -> None:
    """Serve static files without a collected manifest in tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Start every test in English.

    A request in Dari leaves Dari active in the thread (LocaleMiddleware does
    not undo it), so the next test's messages would otherwise be in Dari.
    """
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def node_key(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SigningKey]:
    """The node's signing key, from a fixed seed, in a fresh key file."""
    key = key_from_seed(NODE_SEED)
    path = tmp_path_factory.mktemp("node") / "keys" / "node.key"
    save_key(key, path)
    settings.SABT_NODE_KEY = path
    settings.SABT_CHECKPOINT_COPY = path.parent.parent / "checkpoints" / "latest.txt"
    yield key


@pytest.fixture(autouse=True)
def totp_key_path(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this test's TOTP seed key goes (made with the first device)."""
    path = tmp_path_factory.mktemp("totp") / "keys" / "totp.key"
    settings.SABT_TOTP_KEY = path
    return path


@pytest.fixture(scope="session")
def _org_key_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The organisation's key files, made once: Argon2id is slow on purpose."""
    folder = tmp_path_factory.mktemp("organisation") / "keys"
    paths = (folder / "organisation.key", folder / "organisation.pub")
    save_org_key(generate_org_key(), ORG_PASSPHRASE, *paths, limits=INTERACTIVE)
    return paths


@pytest.fixture(autouse=True)
def org_key(settings: Settings, _org_key_files: tuple[Path, Path]) -> PrivateKey:
    """The organisation's private key, unlocked in this process as sabt serve
    leaves it; its files are shared by every test.
    """
    key_path, public_path = _org_key_files
    settings.SABT_ORG_KEY = key_path
    settings.SABT_ORG_PUBLIC_KEY = public_path
    settings.SABT_ORG_PASSPHRASE = ""
    if not org_key_store.is_unlocked():
        org_key_store.unlock(ORG_PASSPHRASE)
    return org_key_store.org_private_key()


@pytest.fixture
def device_key() -> SigningKey:
    """A second signer: a field kit that edits records offline."""
    return key_from_seed(DEVICE_SEED)


@pytest.fixture
def enrolled_device_key(
    db: None, node_key: SigningKey, device_key: SigningKey
) -> SigningKey:
    """The field kit's key, enrolled by the node (a ``key.trusted`` event)."""
    from sabt.ledger_store.trusted_keys import trust_key  # noqa: PLC0415

    trust_key(key=public_key_hex(device_key), name="kit-1", role="field_kit", case=None)
    return device_key


@pytest.fixture(autouse=True)
def _default_case(request: pytest.FixtureRequest) -> None:
    """The default case a migration makes, made again after a transactional
    test's flush emptied every table.
    """
    marker = request.node.get_closest_marker("django_db")
    wants_db = {"db", "transactional_db"} & set(request.fixturenames)
    if marker is None and not wants_db:
        return
    transactional = bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    Case.objects.get_or_create(slug=DEFAULT_CASE, defaults={"name": "Default case"})


def _user(username: str, role: str | None = None) -> User:
    """A user holding ``role`` in the default case (no role: in no case).

    A role that opens sealed fields comes with a confirmed second-factor
    device, set as ``otp_device``: ``verify_forced_login`` then verifies the
    session of a ``client.force_login(user)`` with it, as if a code had been
    entered. A login with the password still asks for a code.
    """
    user = User.objects.create_user(username=username, password="correct horse battery")
    if role is not None:
        Membership.objects.create(user=user, case_id=DEFAULT_CASE, role=role)
    if needs_second_factor(user):
        user.otp_device = confirmed_device(user)  # type: ignore[attr-defined]
    return user


@pytest.fixture
def investigator(db: None) -> User:
    """Alice of the spec: documents and verifies in the default case."""
    return _user("investigator", "investigator")


@pytest.fixture
def colleague(db: None) -> User:
    """Bob: a fellow investigator in the same case."""
    return _user("colleague", "investigator")


@pytest.fixture
def outsider(db: None) -> User:
    """Charlie: an account that belongs to no case."""
    return _user("outsider")
