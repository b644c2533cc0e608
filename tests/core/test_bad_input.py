"""Hostile input gets a clear 4xx, never a server error: page numbers past any table,
NUL bytes and over-long text, JSON nested deep enough to exhaust the parser, and ids
past what the database can hold. Run on PostgreSQL too (DATABASE_URL): it refuses NUL
characters and over-long values that SQLite stores."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ctip.cases.models import Case
from ctip.core import actions
from ctip.core.middleware import MAX_JSON_DEPTH
from ctip.core.pagination import MAX_PAGE
from ctip.core.roles import ROLES
from tests.cases.factories import days_ago
from tests.conftest import PASSWORD, sign_in
from tests.core.test_permission_matrix import OPERATIONS, PAGES, _fill
from tests.matrix import operation

HUGE_PAGE = 2**62
PAST_64_BITS = 2**64 + 7


@pytest.fixture
def everyone(world: Any) -> Client:
    """A user holding every role: every list and every form is open to it."""
    user = actions.user_create(
        actor=None, agency=world.agency, username="all-roles", password=PASSWORD, roles=list(ROLES)
    )
    return sign_in(Client(), user)


def _paged(method: str, path: str) -> bool:
    return any(p["name"] == "page" for p in operation(method, path).get("parameters", []))


LIST_OPERATIONS = [p for m, p, _ in OPERATIONS if m == "GET" and _paged(m, p)]
assert len(LIST_OPERATIONS) > 10, LIST_OPERATIONS
# /readyz answers 503 by design while no task worker beats (tests/core/test_operations.py).
LIST_PAGES = ["/" + p.route for p in PAGES if "<" not in p.route and p.route != "readyz"]


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["detail"]
    return body


@pytest.mark.parametrize("path", LIST_OPERATIONS)
def test_api_list_refuses_a_page_past_any_table(everyone: Client, world: Any, path: str) -> None:
    url, _ = _fill(path.removeprefix("/"), world)
    response = everyone.get(url, {"page": HUGE_PAGE})
    assert "page" in json.dumps(_problem(response, 422)["errors"])


def test_api_list_still_serves_its_last_allowed_page(everyone: Client) -> None:
    response = everyone.get("/api/v1/cases", {"page": MAX_PAGE})
    assert response.status_code == 200
    assert json.loads(response.content)["items"] == []


@pytest.mark.parametrize("path", LIST_PAGES)
def test_page_list_survives_a_page_past_any_table(everyone: Client, path: str) -> None:
    response = everyone.get(path, {"page": HUGE_PAGE})
    assert response.status_code < 500, (path, response.content[:300])


def _intake(**values: Any) -> dict[str, Any]:
    return {
        "full_name": "Lò Thị Mây",
        "intake_channel": "handover",
        "intake_date": days_ago(1).isoformat(),
        **values,
    }


@pytest.mark.parametrize("field", ["full_name", "ethnicity", "compound", "home_commune"])
def test_api_intake_refuses_a_nul_character(everyone: Client, field: str) -> None:
    response = everyone.post(
        "/api/v1/cases", _intake(**{field: "Mây\x00"}), content_type="application/json"
    )
    assert "NUL" in _problem(response, 400)["detail"]
    assert not Case.objects.exists()


def test_page_intake_refuses_a_nul_character(everyone: Client) -> None:
    form = {
        "full_name": "Lò Thị Mây",
        "sex": "female",
        "intake_channel": "handover",
        "intake_date": days_ago(1).isoformat(),
        "exit_mode": "escape",
        "compound": "KK\x00Park",
    }
    response = everyone.post("/cases/new/", form)
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_query_parameter_with_a_nul_character_is_refused(everyone: Client) -> None:
    _problem(everyone.get("/api/v1/intel/lookup", {"kind": "phone", "value": "09\x0012"}), 400)
    assert everyone.get("/audit/", {"event_type": "CASE\x00"}).status_code == 400


def test_escaped_backslash_before_u0000_is_text_not_a_nul(everyone: Client) -> None:
    body = json.dumps(_intake(compound="C:\\u0000 block"))
    assert "\\\\u0000" in body
    response = everyone.post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Case.objects.get().compound == "C:\\u0000 block"


@pytest.mark.parametrize(
    ("field", "length"),
    [
        ("full_name", 201),
        ("identity_number", 41),
        ("phone", 41),
        ("nationality", 3),
        ("exploitation_country", 3),
        ("compound", 201),
        ("idempotency_key", 81),
    ],
)
def test_api_intake_refuses_an_over_long_value(everyone: Client, field: str, length: int) -> None:
    response = everyone.post(
        "/api/v1/cases", _intake(**{field: "A" * length}), content_type="application/json"
    )
    body = _problem(response, 422)
    assert [field] in [e["loc"][-1:] for e in body["errors"]]
    assert not Case.objects.exists()


def test_api_intake_refuses_an_age_past_its_column(everyone: Client) -> None:
    response = everyone.post(
        "/api/v1/cases", _intake(age_min=70000, age_max=70001), content_type="application/json"
    )
    _problem(response, 422)


def test_public_assess_refuses_json_nested_a_thousand_deep(client: Client) -> None:
    body = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    response = client.post("/api/v1/screening/assess", body, content_type="application/json")
    assert str(MAX_JSON_DEPTH) in _problem(response, 400)["detail"]
    # Declared as something else, the body is still judged the same way.
    response = client.post("/api/v1/screening/assess", body, content_type="text/plain")
    assert response.status_code in (400, 415)


def test_ordinary_nesting_passes(everyone: Client) -> None:
    body = {"text": "Tuyển gấp 10 nữ đi Campuchia, lương 2000 USD"}
    response = everyone.post("/api/v1/screening/assess", body, content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/agencies/{PAST_64_BITS}",
        f"/api/v1/users/{PAST_64_BITS}",
        f"/api/v1/cases/{PAST_64_BITS}",
        f"/api/v1/intel/freeze-requests/{PAST_64_BITS}",
        "/api/v1/agencies/0",
    ],
)
def test_api_refuses_an_id_past_64_bits(everyone: Client, path: str) -> None:
    response = everyone.get(path)
    assert response.status_code in (404, 422), response.content[:300]


def test_api_refuses_an_id_past_64_bits_in_a_body(everyone: Client, world: Any) -> None:
    response = everyone.post(
        "/api/v1/agencies",
        {"code": "t-x", "type": "police", "name_vi": "Xx", "name_en": "Xx", "parent_id": 2**64},
        content_type="application/json",
    )
    _problem(response, 422)


@pytest.mark.parametrize(
    "path", [f"/agencies/{PAST_64_BITS}/", f"/staff/{PAST_64_BITS}/", f"/cases/{PAST_64_BITS}/"]
)
def test_page_refuses_an_id_past_64_bits(everyone: Client, path: str) -> None:
    assert everyone.get(path).status_code == 404


def test_multipart_without_a_boundary_is_refused(everyone: Client) -> None:
    response = everyone.generic(
        "POST", "/api/v1/cases/imports", b"--x\r\n", content_type="multipart/form-data"
    )
    assert "boundary" in _problem(response, 400)["detail"]
