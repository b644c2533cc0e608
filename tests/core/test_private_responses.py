"""What a signed-in person or a token is answered is kept by no cache; public pages are
not marked so."""

from __future__ import annotations

import pytest
from django.test import Client

from ctip.core import actions
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _private(response) -> bool:
    control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= control


def test_signed_in_pages_and_token_answers_are_kept_by_no_cache(world):
    user = world.users["case_worker"]
    page = sign_in(Client(), user).get("/cases/")
    assert page.status_code == 200
    assert _private(page)
    assert page.has_header("Expires")
    issued = actions.token_create(actor=None, user=user, name="t", scopes=sorted(user.permissions))
    answer = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert answer.status_code == 200
    assert _private(answer)
    # A refusal to a bad token is private too: it answers a token.
    refused = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert refused.status_code == 401
    assert _private(refused)


def test_a_public_page_is_not_marked_private():
    page = Client().get("/check/")
    assert page.status_code == 200
    assert not _private(page)
