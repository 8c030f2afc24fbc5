"""Tests for the OpenAPI document and the docs page, served without a CDN."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_json_with_bearer_auth(client: Client) -> None:
    response = client.get("/api/schema")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert "/api/incidents/{record}/acts" in schema["paths"]


def test_every_operation_declares_its_400_and_404(client: Client) -> None:
    schema = client.get("/api/schema").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "404"} <= set(operation["responses"]), (
                method,
                path,
            )


def test_the_docs_page_loads_nothing_from_another_host(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/static/") for s in sources), sources
