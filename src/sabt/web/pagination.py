"""Pages of rows for list views, and pagination that never counts more
than a page list needs."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from sabt.records.filters import COUNT_CAP, capped_count

# Rows a list page shows.
PAGE_SIZE = 50


def page_of(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page:  # type: ignore[type-arg]  # rows of any model
    """The page of ``rows`` that the request's ``page`` parameter asks for."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # rows of any model
    """Counts at most ``cap`` + 1 rows: past that, "more than cap".

    Counting every incident that mentions a common word costs as much as
    reading them all; nobody pages through ten thousand rows either.
    """

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # Views hand this paginator querysets only.
        return capped_count(cast("QuerySet[Any]", self.object_list), self.cap)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
