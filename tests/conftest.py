"""The test base: a national agency, two agencies of the same type, one user per role in
each, and clients signed in as any of them (second factor passed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.test import Client

from ctip.core import actions, provinces
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.core.roles import ROLES

pytest_plugins = ["tests.browser", "tests.smsc", "tests.smtp"]

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    national: Agency
    agency: Agency  # "our" agency
    other: Agency  # same type, another province: must never see our records
    users: dict[str, User]  # role -> user in `agency`
    other_users: dict[str, User]  # role -> user in `other`


def _make_world() -> World:
    # A transactional test empties every table, the migrated provinces included.
    if not Province.objects.exists():
        provinces.load(Province)
    national = actions.agency_create(
        actor=None,
        code="t-national",
        type=AgencyType.OVERSIGHT,
        name_vi="Quốc gia",
        name_en="National",
        country="VN",
    )
    agency = actions.agency_create(
        actor=None,
        code="t-police-hn",
        type=AgencyType.POLICE,
        name_vi="Công an Hà Nội",
        name_en="Ha Noi Police",
        province=Province.objects.get(code="ha-noi"),
        parent=national,
    )
    other = actions.agency_create(
        actor=None,
        code="t-police-na",
        type=AgencyType.POLICE,
        name_vi="Công an Nghệ An",
        name_en="Nghe An Police",
        province=Province.objects.get(code="nghe-an"),
        parent=national,
    )
    users = {
        r: actions.user_create(
            actor=None, agency=agency, username=f"{r}-a", password=PASSWORD, roles=[r]
        )
        for r in ROLES
    }
    other_users = {
        r: actions.user_create(
            actor=None, agency=other, username=f"{r}-b", password=PASSWORD, roles=[r]
        )
        for r in ROLES
    }
    return World(national, agency, other, users, other_users)


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Each test starts with empty rate-limit and sign-in counters."""
    for name in ("default", "throttle"):
        caches[name].clear()


@pytest.fixture
def world(db: None) -> World:
    return _make_world()


def sign_in(client: Client, user: User) -> Client:
    """A session as if the user had passed password and second factor."""
    user.refresh_from_db()
    client.force_login(user)
    session = client.session
    session["ctip_second_factor"] = True
    session["ctip_epoch"] = user.session_epoch
    session["ctip_seen"] = int(time.time())
    session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return sign_in(Client(), user)

    return make


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Spread over cores by module (`make test` runs `--dist loadgroup`): a module's tests
    stay together, and every browser test goes to one process, which starts one demo server."""
    for item in items:
        group = "browser" if item.get_closest_marker("browser") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
