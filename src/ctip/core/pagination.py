"""One way to page a list, for the API and for pages.

The API takes ``?page=N&page_size=M``. A page number is bounded: past the bound the
offset would no longer fit the database's 64-bit integers (SQLite refuses it, PostgreSQL
says "bigint out of range"), so it is refused with a 422 that says what is allowed,
before any query runs. Pages clamp instead: a number past the last page shows the last
page, as Django's ``Paginator.get_page`` does.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# A million pages of the largest page size is far beyond any list CTIP holds.
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200


class Page(PageNumberPagination):
    """Every list in the API pages this way (sizes set in settings)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Items per page (default 50)."
        )


def page_of(request: HttpRequest, rows: Any, per_page: int = 30) -> PaginatorPage:
    """The page of ``rows`` asked for by ``?page=``; the last page past the end."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
