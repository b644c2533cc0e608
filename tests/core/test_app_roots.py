"""Every app's root URL answers: it is the app's main page or leads to the first of its
pages the reader may open; a reader who may open none is refused, never told the address
does not exist."""

from __future__ import annotations

from django.apps import apps
from django.test import Client

from tests.conftest import sign_in

ROOTS = {
    app.name.rsplit(".", 1)[-1]: "/" if app.label == "core" else f"/{app.label}/"
    for app in apps.get_app_configs()
    if app.name.startswith("ctip.")
}


def test_every_app_root_answers_each_role(world):
    assert set(ROOTS) >= {
        "cases",
        "compounds",
        "cooperation",
        "hotline",
        "intel",
        "outreach",
        "proceedings",
        "registry",
        "screening",
        "stats",
    }
    clients = {role: sign_in(Client(), user) for role, user in world.users.items()}
    for app, root in ROOTS.items():
        opened = []
        for role, client in clients.items():
            response = client.get(root)
            assert response.status_code in (200, 302, 403), (root, role, response.status_code)
            if response.status_code == 403:
                continue
            if response.status_code == 302:
                page = client.get(response["Location"])
                assert page.status_code == 200, (root, role, response["Location"])
            opened.append(role)
        assert opened, f"no role opens {root} ({app})"
