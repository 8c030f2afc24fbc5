"""Pages of rows for list views: keyset links, and counts capped.

A list's "next" link carries the sort key of the page's last row
(``after=``), "previous" that of its first row (``before=``): the database
starts reading at that key in its index, so page 400 costs what page 1
costs, where an offset would read and drop the 9,975 rows before it. The
page number travels beside the key (``page=``) only to be shown. A bare
``?page=N`` (an older link, a typed number) still reads by offset.

The count behind "page N of M" stops at ``COUNT_CAP``: past that the page
says "page N" alone.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Field, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from sabt.records.filters import COUNT_CAP, capped_count

# Rows a list page shows.
PAGE_SIZE = 50


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # rows of any model
    """Counts at most ``cap`` + 1 rows: past that, "more than cap".

    Counting every incident that mentions a common word costs as much as
    reading them all; nobody pages through ten thousand rows either.
    """

    cap = COUNT_CAP

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        *,
        counter: Callable[[int], int] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        # A view that knows a cheaper way to the same capped count passes it.
        self._counter = counter

    @cached_property
    def count(self) -> int:
        if self._counter is not None:
            return self._counter(self.cap)
        # Views hand this paginator querysets only.
        return capped_count(cast("QuerySet[Any]", self.object_list), self.cap)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


@dataclass(frozen=True)
class Keyset:
    """The fields a list is sorted by, each ascending or descending.

    The last one is unique, so a key names one place in the order.
    """

    fields: tuple[Field[Any, Any], ...]
    descending: tuple[bool, ...]

    def order_by(self, *, reverse: bool = False) -> list[str]:
        return [
            ("-" if down != reverse else "") + field.name
            for field, down in zip(self.fields, self.descending, strict=True)
        ]

    def key_of(self, row: Model) -> str:
        """The row's place in the order, as a URL-safe text."""
        values = [field.value_to_string(row) for field in self.fields]
        text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def values_of(self, key: str) -> list[Any] | None:
        """The sort values a key holds, or None if it is not one of ours."""
        try:
            padded = key + "=" * (-len(key) % 4)
            texts = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if not isinstance(texts, list) or len(texts) != len(self.fields):
                return None
            if not all(isinstance(text, str) for text in texts):
                return None
            return [
                field.to_python(text)
                for field, text in zip(self.fields, texts, strict=True)
            ]
        except (ValueError, binascii.Error, ValidationError):
            return None

    def beyond(self, values: list[Any], *, reverse: bool = False) -> Q:
        """Rows that come after ``values`` in the order (before, if ``reverse``).

        ``a <= x AND (a < x OR (b > y ...))`` rather than a bare OR: the
        first field's bound lets the index start at the key.
        """

        def onward(at: int) -> str:
            return "lt" if self.descending[at] != reverse else "gt"

        last = len(self.fields) - 1
        condition = Q(**{f"{self.fields[last].name}__{onward(last)}": values[last]})
        for at in range(last - 1, -1, -1):
            name, value = self.fields[at].name, values[at]
            condition = Q(**{f"{name}__{onward(at)}e": value}) & (
                Q(**{f"{name}__{onward(at)}": value}) | condition
            )
        return condition


def keyset_of(rows: QuerySet[Any]) -> Keyset | None:
    """The keyset of the rows' order, or None if it cannot page by key.

    Only plain, non-null fields of the row itself qualify; the primary key
    is added last unless the order already ends with a unique field.
    """
    model = rows.model
    names = list(rows.query.order_by or model._meta.ordering)
    fields, descending = [], []
    for name in names:
        if not isinstance(name, str):
            return None
        down = name.startswith("-")
        try:
            field = model._meta.get_field(name.lstrip("-"))
        except FieldDoesNotExist:
            return None
        if field.is_relation or field.null or not field.concrete:
            return None
        fields.append(cast("Field[Any, Any]", field))
        descending.append(down)
    if not fields or not (fields[-1].unique or fields[-1].primary_key):
        fields.append(cast("Field[Any, Any]", model._meta.pk))
        descending.append(False)
    return Keyset(tuple(fields), tuple(descending))


class KeysetPage(Sequence[Any]):
    """One page of rows, with the links to its neighbours.

    Answers what Django's ``Page`` answers in templates, plus ``next_url``
    and ``previous_url`` for the links.
    """

    def __init__(
        self,
        object_list: list[Any],
        number: int,
        paginator: CappedPaginator,
        *,
        has_next: bool,
        has_previous: bool,
        keyset: Keyset | None,
        request: HttpRequest,
    ) -> None:
        self._request = request
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._has_next = has_next
        self._has_previous = has_previous
        self._keyset = keyset

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index: Any) -> Any:  # as a list answers
        return self.object_list[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def has_other_pages(self) -> bool:
        return self._has_next or self._has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_url(self) -> str:
        """The next page: after this page's last row."""
        last = self.object_list[-1] if self.object_list else None
        key = self._keyset.key_of(last) if self._keyset and last else None
        return self._link(page=self.number + 1, after=key)

    @property
    def previous_url(self) -> str:
        """The previous page: before this page's first row; page 1 plainly."""
        if self.number <= 2:  # the second page's previous is the list
            return self._link()
        first = self.object_list[0] if self.object_list else None
        key = self._keyset.key_of(first) if self._keyset and first else None
        return self._link(page=self.number - 1, before=key)

    def _link(self, **params: Any) -> str:
        """This list's URL, its filters kept, with ``params`` for paging."""
        query = self._request.GET.copy()
        for name in ("page", "after", "before"):
            query.pop(name, None)
        for name, value in params.items():
            if value is not None:
                query[name] = str(value)
        return self._request.path + (f"?{query.urlencode()}" if query else "")


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any],
    per_page: int | None = None,
    *,
    count: Callable[[int], int] | None = None,
) -> KeysetPage:
    """The page of ``rows`` the request asks for: by key, or by number.

    ``count``, if given, answers what ``capped_count(rows, cap)`` would, cheaper.
    """
    per_page = per_page or PAGE_SIZE
    paginator = CappedPaginator(rows, per_page, counter=count)
    number = _number(request.GET.get("page"))
    keyset = keyset_of(rows)
    if keyset is None:
        return _page_by_number(request, rows, number, paginator, None)
    after = keyset.values_of(request.GET.get("after", ""))
    if after is not None:
        ordered = rows.order_by(*keyset.order_by())
        found = list(ordered.filter(keyset.beyond(after))[: per_page + 1])
        return KeysetPage(
            found[:per_page],
            max(number, 2),
            paginator,
            has_next=len(found) > per_page,
            has_previous=True,
            keyset=keyset,
            request=request,
        )
    before = keyset.values_of(request.GET.get("before", ""))
    if before is not None:
        backwards = rows.order_by(*keyset.order_by(reverse=True))
        found = list(
            backwards.filter(keyset.beyond(before, reverse=True))[: per_page + 1]
        )
        more = len(found) > per_page
        # The page it came back from is still there to go forward to.
        return KeysetPage(
            found[:per_page][::-1],
            max(number, 2) if more else 1,
            paginator,
            has_next=True,
            has_previous=more,
            keyset=keyset,
            request=request,
        )
    ordered = rows.order_by(*keyset.order_by())
    return _page_by_number(request, ordered, number, paginator, keyset)


def _page_by_number(
    request: HttpRequest,
    rows: QuerySet[Any],
    number: int,
    paginator: CappedPaginator,
    keyset: Keyset | None,
) -> KeysetPage:
    """The page at an offset: the first pages, and numbers typed or bookmarked."""
    if number > 1 and not paginator.is_capped:
        number = min(number, paginator.num_pages)
    per_page = paginator.per_page
    start = (number - 1) * per_page
    found = list(rows[start : start + per_page + 1])
    return KeysetPage(
        found[:per_page],
        number,
        paginator,
        has_next=len(found) > per_page,
        has_previous=number > 1,
        keyset=keyset,
        request=request,
    )


def _number(text: str | None) -> int:
    """The page number asked for; anything but a positive number is page 1."""
    try:
        return max(1, int(text or "1"))
    except ValueError:
        return 1
