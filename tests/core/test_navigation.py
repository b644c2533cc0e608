"""The navigation's addresses are found once, and stay true under a script prefix."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import set_script_prefix

from tests.conftest import sign_in


def _links(page: bytes) -> set[str]:
    nav = page.split(b"<nav", 1)[1].split(b"</nav>", 1)[0].decode()
    return set(re.findall(r'href="([^"]+)"', nav))


def test_the_navigation_links_each_page_the_role_may_open(world):
    admin = world.users["agency_admin"]
    client = sign_in(Client(), admin)
    first = _links(client.get("/").content)
    assert "/notifications/" in first
    assert "/agencies/" in first
    assert _links(client.get("/notifications/").content) == first  # the second page: cached


def test_the_navigation_follows_the_script_prefix(world):
    """Served under a path (``SCRIPT_NAME`` behind a proxy), every link carries it, though
    the addresses without it were found first."""
    client = sign_in(Client(), world.users["agency_admin"])
    plain = _links(client.get("/").content)
    set_script_prefix("/ctip/")
    try:
        prefixed = _links(client.get("/").content)
    finally:
        set_script_prefix("/")
    assert "/ctip/notifications/" in prefixed
    assert prefixed == {f"/ctip{link}" for link in plain}
    assert _links(client.get("/").content) == plain
