"""The REST API (OpenAPI at ``/api/schema``), built with django-ninja.

Reads go through ``sabt.access.queries``, so the API shows exactly what the
web pages show; writes go through the records and gazetteer services, so
every change is a signed ledger event.
"""
