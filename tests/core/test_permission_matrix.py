"""Every page and every API operation refuses anonymous, wrong-role and other-agency
requests. The test walks the URL configuration and the API, so a view added later is
covered without anyone remembering to add it here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver

from ctip.config.api import api
from ctip.core.access import access_of
from ctip.core.auth import permission_of
from ctip.core.roles import ROLES
from tests.conftest import signed_in_clients
from tests.matrix import FACTORIES, request_body

REFUSED = {401, 403, 404}


@dataclass
class Page:
    route: str
    name: str
    callback: Any


def _walk(patterns: list[Any], prefix: str = "") -> list[Page]:
    pages: list[Page] = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if route.startswith("api/"):
            continue  # the API's operations are walked below; its old paths only redirect
        if isinstance(p, URLResolver):
            pages += _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            pages.append(Page(route, p.name or "", p.callback))
    return pages


PAGES = _walk(get_resolver().url_patterns)
KWARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\{(?:\w+:)?(?P<api>\w+)\}")


def _fill(route: str, world: Any) -> tuple[str, bool]:
    has_object = False

    def sub(m: re.Match[str]) -> str:
        nonlocal has_object
        name = m.group("name") or m.group("api")
        assert name in FACTORIES, f"register a factory for URL keyword {name!r} in tests/matrix.py"
        has_object = True
        return str(FACTORIES[name](world))

    return "/" + KWARG.sub(sub, route).lstrip("/"), has_object


def _hit(client: Client, url: str) -> int:
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url).status_code
    return status


@pytest.mark.parametrize("page", PAGES, ids=[p.route or "/" for p in PAGES])
def test_page_access(page: Page, world: Any) -> None:
    access = access_of(page.callback)
    assert access is not None, f"{page.route} declares no access rule"
    url, has_object = _fill(page.route, world)
    if access.kind == "public":
        return
    anonymous = Client().get(url)
    assert anonymous.status_code in (302, 405), url
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith("/login/")
    if access.kind == "signed_in":
        return
    perm = access.permission
    clients = signed_in_clients([*world.users.values(), *world.other_users.values()])
    for role, user in world.users.items():
        status = _hit(clients[user.pk], url)
        if perm in ROLES[role].permissions:
            assert status not in REFUSED, f"{role} refused on {url}"
        else:
            assert status in REFUSED, f"{role} (without {perm}) reached {url}: {status}"
    if has_object:
        for role, user in world.other_users.items():
            if perm in ROLES[role].permissions:
                status = _hit(clients[user.pk], url)
                assert status in REFUSED, f"{role} of another agency reached {url}: {status}"


def _operations() -> list[tuple[str, str, Any]]:
    ops = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    ops.append((method, "/api/v1/" + (prefix + path).strip("/"), op))
    return ops


OPERATIONS = _operations()


def _call(client: Client, method: str, url: str, path: str) -> int:
    """The operation called with the smallest body its schema accepts (see tests/matrix)."""
    body = request_body(method, path)
    if body is None:
        return client.generic(method, url).status_code
    content_type, data = body
    if content_type == "multipart/form-data":
        files = {
            k: SimpleUploadedFile(k, v) if isinstance(v, bytes) else v for k, v in data.items()
        }
        return client.generic(
            method, url, encode_multipart(BOUNDARY, files), MULTIPART_CONTENT
        ).status_code
    return client.generic(method, url, json.dumps(data), content_type).status_code


@pytest.mark.parametrize(
    ("method", "path", "op"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_api_access(method: str, path: str, op: Any, world: Any) -> None:
    url, has_object = _fill(path.removeprefix("/"), world)
    if not op.auth_callbacks:
        assert access_of(op.view_func) is not None, f"{path} has no auth and is not marked public"
        return
    assert _call(Client(), method, url, path) == 401
    perm = permission_of(op.auth_callbacks)
    if perm is None:
        return
    clients = signed_in_clients([*world.users.values(), *world.other_users.values()])
    for role, user in world.users.items():
        status = _call(clients[user.pk], method, url, path)
        if perm in ROLES[role].permissions:
            assert status not in {401, 403}, f"{role} refused on {method} {url}: {status}"
        else:
            assert status == 403, f"{role} (without {perm}) got {status} on {method} {url}"
    if has_object:
        for role, user in world.other_users.items():
            if perm in ROLES[role].permissions:
                status = _call(clients[user.pk], method, url, path)
                assert status in REFUSED, f"{role} of another agency got {status} on {url}"
