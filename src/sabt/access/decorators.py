"""View decorators that ask ``access.policy`` before a view runs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sabt.access.policy import Capability, can_anywhere

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def capability_required(capability: Capability) -> Callable[[ViewT], ViewT]:
    """Refuse (403) a user holding ``capability`` in no case.

    For pages that are not about one record; a record's page checks the
    record's own case through ``access.queries``.
    """

    def decorate(view: ViewT) -> ViewT:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not can_anywhere(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked  # type: ignore[return-value]  # same signature as view

    return decorate
