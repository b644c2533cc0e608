"""Every answer carries the security headers, errors included; a 405 says what is allowed."""

import pytest
from django.test import Client

SECURITY = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/login/", "GET, POST"),
        ("get", "/api/v1/screening/assess", "POST"),
        ("delete", "/api/v1/screening/assess", "POST"),
    ],
)
def test_a_wrong_method_gets_405_with_allow_and_the_security_headers(db, method, path, allowed):
    response = getattr(Client(), method)(path)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    for header in SECURITY:
        assert response.has_header(header), header


def test_an_api_problem_keeps_the_security_headers(db):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    for header in SECURITY:
        assert response.has_header(header), header
