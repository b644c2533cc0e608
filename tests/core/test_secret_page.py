"""The page that shows a follow-up secret once (``ctip.core.follow_views.secret_page``)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ctip.core import follow_views


@pytest.mark.django_db
def test_the_secret_page_is_kept_out_of_every_cache() -> None:
    request = RequestFactory().post("/intel/report/")
    page = follow_views.secret_page(
        request, "intel/report_thanks.html", {"code": "R-7K2Q", "secret": "S3CRET-W0RD"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "R-7K2Q" in body
    assert "S3CRET-W0RD" in body
    control = {part.strip() for part in page["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "must-revalidate", "max-age=0"} <= control
    assert page.has_header("Expires")
