import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from ctip.core import actions
from ctip.core.models import ApiToken
from ctip.core.roles import ROLES
from tests.conftest import sign_in

PROBLEM = "application/problem+json"


def _bearer(world, role="agency_admin", scopes=None, **kw):
    user = world.users[role]
    issued = actions.token_create(
        actor=None,
        user=user,
        name="t",
        scopes=scopes if scopes is not None else sorted(user.permissions),
        **kw,
    )
    return issued, {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def test_token_reaches_the_api_and_is_stored_hashed(world):
    issued, headers = _bearer(world)
    response = Client().get("/api/v1/me", **headers)
    assert response.status_code == 200
    assert response.json()["username"] == "agency_admin-a"
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.split("_", 2)[2] not in row.secret_hash
    assert row.last_used_at is not None


def test_expired_revoked_and_forged_tokens_get_401_problem(world):
    issued, headers = _bearer(world)
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timedelta(1))
    response = Client().get("/api/v1/me", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert "detail" in response.json()
    issued, headers = _bearer(world)
    actions.token_revoke(actor=None, token=issued.token)
    assert Client().get("/api/v1/me", **headers).status_code == 401
    forged = headers["HTTP_AUTHORIZATION"][:-3] + "abc"
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=forged).status_code == 401


def test_token_scopes_limit_what_the_user_could_do(world):
    _, headers = _bearer(world, scopes=["core.manage_agencies"])
    assert Client().get("/api/v1/agencies", **headers).status_code == 200
    response = Client().get("/api/v1/users", **headers)
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_token_cannot_exceed_user_permissions(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.token_create(
            actor=None, user=world.users["liaison"], name="x", scopes=["core.view_audit"]
        )


def test_pagination(world):
    _, headers = _bearer(world)
    users = len(ROLES)  # one user a role in the agency
    body = Client().get("/api/v1/users?page_size=5", **headers).json()
    assert body["count"] == users
    assert len(body["items"]) == 5
    last = (users - 1) // 5 + 1
    body = Client().get(f"/api/v1/users?page={last}&page_size=5", **headers).json()
    assert len(body["items"]) == users - 5 * (last - 1)


def test_malformed_json_is_a_problem_not_a_crash(world):
    _, headers = _bearer(world)
    response = Client().post(
        "/api/v1/users", data="{not json", content_type="application/json", **headers
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == PROBLEM


def test_wrong_content_type_is_a_problem(world):
    _, headers = _bearer(world)
    response = Client().post(
        "/api/v1/users", data="username=x", content_type="text/plain", **headers
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == PROBLEM


def test_oversized_body_is_413(world):
    _, headers = _bearer(world)
    big = json.dumps({"x": "a" * (3 * 1024 * 1024)})
    response = Client().post("/api/v1/users", data=big, content_type="application/json", **headers)
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM


def test_unknown_api_url_is_a_404_problem(world):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_validation_errors_name_the_field_and_write_nothing(world):
    _, headers = _bearer(world)
    payload = {
        "username": "new-user",
        "agency_id": world.agency.pk,
        "roles": ["wizard"],
        "password": "long enough password 1",
    }
    response = Client().post(
        "/api/v1/users", data=payload, content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert "roles" in json.dumps(response.json())
    from ctip.core.models import User

    assert not User.objects.filter(username="new-user").exists()


def test_create_user_through_the_api(world):
    _, headers = _bearer(world)
    payload = {
        "username": "new-user",
        "agency_id": world.agency.pk,
        "roles": ["statistician"],
        "password": "long enough password 1",
    }
    response = Client().post(
        "/api/v1/users", data=payload, content_type="application/json", **headers
    )
    assert response.status_code == 201
    # A role that reads no personal data applies at once (the others wait: test_grants.py).
    assert response.json()["roles"] == ["statistician"]
    again = Client().post("/api/v1/users", data=payload, content_type="application/json", **headers)
    assert again.status_code == 422


def test_session_api_needs_csrf(world):
    client = sign_in(Client(enforce_csrf_checks=True), world.users["agency_admin"])
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/api/v1/tokens", data={}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_audit_api_filters(world):
    _, headers = _bearer(world, role="auditor")
    body = Client().get("/api/v1/audit/events?event_type=USER_CREATED", **headers).json()
    assert body["count"] == len(ROLES)  # its own agency only, not the other one
