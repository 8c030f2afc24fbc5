"""Fixtures for the API tests: a bearer token and a client that sends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.tokens import issue_token


class ApiClient:
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, body, content_type="application/json")


@pytest.fixture
def token(investigator: User) -> str:
    return issue_token(user=investigator, name="tests")


@pytest.fixture
def api(token: str) -> ApiClient:
    """The investigator, calling the API with a valid token."""
    return ApiClient(token)


@pytest.fixture
def anonymous(db: None) -> ApiClient:
    """Someone calling the API without a token."""
    return ApiClient(None)
