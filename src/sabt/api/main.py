"""The API object: bearer-token auth, error answers, and every router.

Mounted at ``/api/``; the OpenAPI document is ``/api/schema`` and the docs
page ``/api/docs`` loads Swagger UI from the static files django-ninja ships,
never from a CDN.
"""

from __future__ import annotations

from ninja import NinjaAPI

from sabt import __version__
from sabt.api import bundles, incidents, people, places, sources, statements
from sabt.api.auth import TokenAuth
from sabt.api.errors import add_error_handlers

api = NinjaAPI(
    title="sabt",
    version=__version__,
    description=(
        "Documenting atrocity crimes: incidents, acts, people, sources, "
        "statements and places. Every write is a signed ledger event. "
        "Authenticate with `Authorization: Bearer <token>` "
        "(`sabt token create USERNAME`)."
    ),
    auth=TokenAuth(),
    openapi_url="/schema",
    docs_url="/docs",
    urls_namespace="api",
)
add_error_handlers(api)
for module in (incidents, people, sources, statements, places, bundles):
    api.add_router("/", module.router)
