"""Pagination that never counts more than a page list needs."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from sabt.records.queries import COUNT_CAP, capped_count


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
