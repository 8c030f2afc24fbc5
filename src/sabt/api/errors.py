"""How the API answers when a request fails.

Every 400 has one shape, whoever found the fault: ``{"errors": {"<field>":
["message", ...]}}``. A service's ValidationError already names its fields;
a schema error is named by its path in the request (``counts.killed.min``).
Missing and not-visible records get the same 404, so an answer never tells
that a record exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ServiceError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError


def add_error_handlers(api: NinjaAPI) -> None:
    """Install the 400, 401, 403 and 404 answers on ``api``."""

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _errors(api, request, service_messages(exc))

    @api.exception_handler(SchemaError)
    def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        return _errors(api, request, schema_messages(exc.errors))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # a body that is not JSON
            return _errors(api, request, {"body": [str(exc)]})
        response = api.create_response(
            request, {"detail": str(exc)}, status=exc.status_code
        )
        if exc.status_code == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = _("Your role does not allow this in this case.")
        return api.create_response(request, {"detail": message}, status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)


def service_messages(exc: ServiceError) -> dict[str, list[str]]:
    """The messages of a services ValidationError, per field."""
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def schema_messages(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Name each pydantic error by its path below the request part it is in.

    Ninja locates an error as ``("body", <argument>, "counts", "killed",
    "min")``, ``("query", "limit")`` or ``("path", "record")``.
    """
    messages: dict[str, list[str]] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        where, path = (location[0], location[1:]) if location else ("", [])
        if where == "body":
            path = path[1:]
        field = ".".join(path) or where or "__all__"
        messages.setdefault(field, []).append(str(error.get("msg", "")))
    return messages


def _errors(
    api: NinjaAPI, request: HttpRequest, messages: dict[str, list[str]]
) -> HttpResponse:
    return api.create_response(request, {"errors": messages}, status=400)
