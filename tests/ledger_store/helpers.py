"""Helpers for ledger_store tests: run commands, read projection tables."""

from __future__ import annotations

import io
from typing import Any

from django.core import serializers
from django.core.management import call_command

from sabt.ledger_store.projection import projection_models


def run_command(*args: str) -> tuple[int, str, str]:
    """Run a sabt command in-process; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def projection_snapshot() -> str:
    """Every projection row, serialised in primary-key order, as one string."""
    parts: list[Any] = []
    for model in projection_models():
        rows = model._default_manager.order_by("pk")
        parts.append(serializers.serialize("json", rows, sort_keys=True))
    return "\n".join(parts)
