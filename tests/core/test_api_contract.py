"""The API's contract as its OpenAPI document states it: what is required, closed
vocabularies as enumerations, one name per schema, the refusals each operation can give,
and the first paths of the cases API kept as permanent redirects."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from ctip.cases.engine.workflow import IntakeChannel
from ctip.cases.models import Case
from ctip.config.api import api
from tests.cases.factories import days_ago, make_case
from tests.core.test_permission_matrix import OPERATIONS


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return api.get_openapi_schema()


def _component(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def test_input_schemas_say_what_is_required(document: dict[str, Any]) -> None:
    assert set(_component(document, "CaseIn")["required"]) == {
        "full_name",
        "intake_channel",
        "intake_date",
    }
    assert set(_component(document, "DecisionIn")["required"]) == {
        "outcome",
        "legal_basis",
        "decided_on",
    }
    assert set(_component(document, "ShareIn")["required"]) == {"agency_id", "reason"}
    assert "required" in _component(document, "ReportIn")


def test_closed_vocabularies_are_enumerations(document: dict[str, Any]) -> None:
    channel = _component(document, "CaseIn")["properties"]["intake_channel"]
    channel = document["components"]["schemas"][channel["$ref"].rsplit("/", 1)[-1]]
    assert set(channel["enum"]) == {c.value for c in IntakeChannel}
    roles = _component(document, "UserIn")["properties"]["roles"]["items"]
    assert "$ref" in roles or "enum" in roles


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for arg in _types(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                _models(arg, seen)


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *[t for a in args for t in _types(a)]]


def test_no_two_schemas_share_a_name() -> None:
    """The document keys schemas by class name: two classes of one name would make one
    operation describe another's body (a referral answer asked for a freeze status)."""
    seen: set[type[BaseModel]] = set()
    for _, _, op in OPERATIONS:
        for model in op.models:
            _models(model, seen)
        for response in op.response_models.values():
            for arg in _types(getattr(response, "__annotations__", {}).get("response")):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    _models(arg, seen)
    by_name: dict[str, set[str]] = {}
    for model in seen:
        by_name.setdefault(model.__name__, set()).add(model.__module__)
    assert {n: m for n, m in by_name.items() if len(m) > 1} == {}


def test_every_operation_declares_its_refusals_as_problems(document: dict[str, Any]) -> None:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = {str(status): v for status, v in operation["responses"].items()}
            statuses = set(responses)
            assert {"400", "404", "422"} <= statuses, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= statuses, (method, path)
            else:
                assert "429" in statuses, (method, path)
            assert "application/problem+json" in responses["422"]["content"]


def test_old_case_paths_redirect_permanently_keeping_method_and_body(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.users["intake_officer"])
    body = json.dumps(
        {"full_name": "Lò Văn Páo", "intake_channel": "hotline", "intake_date": str(days_ago(1))}
    )
    moved = client.post("/api/v1/cases/cases", body, content_type="application/json")
    assert moved.status_code == 308
    assert moved["Location"] == "/api/v1/cases"
    followed = client.post(
        "/api/v1/cases/cases", body, content_type="application/json", follow=True
    )
    assert followed.status_code == 201
    assert Case.objects.count() == 1

    case = make_case(world.users["case_worker"])
    reader = client_for(world.users["case_worker"])
    moved = reader.get(f"/api/v1/cases/cases/{case.pk}/timeline", {"page": 2})
    assert moved.status_code == 308
    assert moved["Location"] == f"/api/v1/cases/{case.pk}/timeline?page=2"
    assert reader.get(f"/api/v1/cases/cases/{case.pk}", follow=True).status_code == 200


def test_natural_paths_do_not_shadow_each_other(world: Any, client_for: Any) -> None:
    client = client_for(world.users["case_worker"])
    assert client.get("/api/v1/cases/providers").status_code == 200
    assert client.get("/api/v1/cases/referrals/incoming").status_code == 200
