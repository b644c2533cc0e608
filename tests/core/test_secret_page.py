"""The page that shows a follow-up secret once (``ctip.core.follow_views.secret_page``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from ctip.core import follow_views


def test_the_secret_page_is_kept_out_of_every_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, dict[str, Any]]] = []

    def render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
        shown.append((template, context))
        return HttpResponse(context["secret"])

    monkeypatch.setattr(follow_views, "render", render)
    page = follow_views.secret_page(
        RequestFactory().post("/report/"), "app/thanks.html", {"secret": "S3CRET"}
    )
    assert page.status_code == 200
    assert page.content == b"S3CRET"
    assert shown == [("app/thanks.html", {"secret": "S3CRET"})]
    control = {part.strip() for part in page["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "must-revalidate", "max-age=0"} <= control
    assert page.has_header("Expires")
