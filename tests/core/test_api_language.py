"""An API request is answered in its reader's language, its refusals (problem+json) too:
a foreign authority's officer in English whatever is asked; anyone else in the language the
request asks for (the switch's cookie, else Accept-Language), else in their saved language;
an anonymous caller as a page would be (docs/decisions/0019-who-reads-english.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from ctip.core import actions
from ctip.core.language import api_language
from tests.conftest import sign_in
from tests.cooperation.factories import counterpart, partner_user

pytestmark = pytest.mark.django_db

TABLES = "/api/v1/stats/tables"
# A figure that does not exist: the statistics API refuses it with a 422 of its own.
NO_SUCH = {"indicator": "no.such", "period": "2025"}


def _token(user: Any) -> dict[str, str]:
    issued = actions.token_create(actor=None, user=user, name="t", scopes=sorted(user.permissions))
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def _detail(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return str(response.json()["detail"])


def _clients(user: Any) -> dict[str, tuple[Client, dict[str, str]]]:
    """The same user by token and by session."""
    return {"token": (Client(), _token(user)), "session": (sign_in(Client(), user), {})}


@pytest.mark.parametrize("how", ["token", "session"])
def test_a_vietnamese_reader_gets_the_refusals_in_vietnamese(world: Any, how: str) -> None:
    client, headers = _clients(world.users["statistician"])[how]
    refused = client.get(TABLES, NO_SUCH, **headers)
    assert _detail(refused, 422) == "Không có chỉ tiêu này."
    assert refused["Content-Language"] == "vi"
    # Ninja's own validation (a parameter missing) and a bad period read alike.
    missing = client.get(TABLES, {"indicator": "cases.received"}, **headers)
    assert _detail(missing, 422) == "Nội dung hoặc tham số của yêu cầu không hợp lệ."
    period = client.get(TABLES, {"indicator": "cases.received", "period": "2025-13"}, **headers)
    assert _detail(period, 422).startswith("Không phải là một kỳ")
    # A 403 is said once the caller is known: in their language too.
    forbidden = client.post(
        "/api/v1/stats/releases", {}, content_type="application/json", **headers
    )
    assert _detail(forbidden, 403) == "Bạn không có quyền thực hiện thao tác này."


@pytest.mark.parametrize("how", ["token", "session"])
def test_an_english_reader_gets_english(world: Any, how: str) -> None:
    user = world.users["statistician"]
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client, headers = _clients(user)[how]
    refused = client.get(TABLES, NO_SUCH, **headers)
    assert _detail(refused, 422) == "No such figure."
    assert refused["Content-Language"] == "en"
    # The body too, not only the refusals.
    table = client.get(TABLES, {"indicator": "cases.received", "period": "2025"}, **headers)
    assert table.status_code == 200
    assert table.json()["unit"] == "cases"
    assert table["Content-Language"] == "en"
    # The request may still ask for Vietnamese explicitly.
    asked = client.get(TABLES, NO_SUCH, HTTP_ACCEPT_LANGUAGE="vi", **headers)
    assert _detail(asked, 422) == "Không có chỉ tiêu này."


@pytest.mark.parametrize("how", ["token", "session"])
def test_a_foreign_authoritys_officer_reads_english_whatever_is_asked(world: Any, how: str) -> None:
    partner = partner_user(counterpart())
    partner.preferred_language = "vi"
    partner.save(update_fields=["preferred_language"])
    client, headers = _clients(partner)[how]
    # A partner may not read the statistics: the 403 is in English.
    forbidden = client.get(TABLES, NO_SUCH, HTTP_ACCEPT_LANGUAGE="vi", **headers)
    assert _detail(forbidden, 403) == "You are not allowed to do this."
    missing = client.get(
        "/api/v1/cooperation/verifications/999999", HTTP_ACCEPT_LANGUAGE="vi", **headers
    )
    assert _detail(missing, 404) == "Nothing was found at this address."


def test_an_anonymous_caller_reads_as_a_page_would(world: Any) -> None:
    assert (
        _detail(Client().get(TABLES, NO_SUCH), 401)
        == "Cần xác thực: hãy gửi mã truy cập hợp lệ hoặc đăng nhập."
    )
    english = Client().get(TABLES, NO_SUCH, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert _detail(english, 401) == "Authentication is required: send a valid token or sign in."
    assert english["Content-Language"] == "en"


def test_the_rule(world: Any, rf: Any) -> None:
    vietnamese = world.users["statistician"]
    english = world.users["investigator"]
    english.preferred_language = "en"
    partner = partner_user(counterpart())
    plain = rf.get("/api/v1/me")
    asks_en = rf.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="fr;q=0.9, en;q=0.5")
    asks_other = rf.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="fr, *")
    switched = rf.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    switched.COOKIES["ctip_language"] = "vi"
    assert api_language(plain, vietnamese) == "vi"
    assert api_language(plain, english) == "en"
    assert api_language(asks_en, vietnamese) == "en"
    assert api_language(asks_other, english) == "en"  # nothing CTIP has: the saved one
    assert api_language(switched, english) == "vi"  # the switch before the header
    assert api_language(switched, partner) == "en"
    # Nothing leaks into the next request.
    Client().get(TABLES, NO_SUCH, **_token(partner))
    assert translation.get_language() in ("vi", "en-us", None)


@pytest.mark.parametrize(
    ("params", "sentence", "kind"),
    [
        ({"indicator": "cases.received"}, "Trường này là bắt buộc.", "missing"),
        ({}, "Trường này là bắt buộc.", "missing"),
    ],
)
def test_each_field_error_is_a_sentence_in_the_readers_language(
    world: Any, params: dict[str, str], sentence: str, kind: str
) -> None:
    client, headers = _clients(world.users["statistician"])["token"]
    refused = client.get(TABLES, params, **headers)
    _detail(refused, 422)
    errors = refused.json()["errors"]
    assert errors
    assert all(e["msg"] == sentence and e["type"] == kind for e in errors)
    with translation.override("en"):
        english = client.get(TABLES, params, HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert {e["msg"] for e in english.json()["errors"]} == {"This field is required."}


def test_a_field_error_of_a_kind_not_listed_still_reads_as_a_sentence() -> None:
    from ctip.core.problems import field_error

    with translation.override("vi"):
        assert field_error({"type": "string_too_long", "ctx": {"max_length": 64}}) == (
            "Nhập tối đa 64 ký tự."
        )
        assert field_error({"type": "no_such_kind", "msg": "Input should be a frog"}) == (
            "Giá trị này không hợp lệ."
        )
        assert field_error({"type": "value_error", "ctx": {"error": ValueError("Sai kỳ.")}}) == (
            "Sai kỳ."
        )
