"""App config for the ledger's database store."""

from __future__ import annotations

from django.apps import AppConfig


class LedgerStoreConfig(AppConfig):
    name = "sabt.ledger_store"
    label = "ledger_store"
    verbose_name = "Ledger"
