"""The test base: a national agency, two agencies of the same type, one user per role in
each, and clients signed in as any of them (second factor passed)."""

from __future__ import annotations

import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from ctip.core import actions, provinces
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.core.roles import ROLES
from tests import migrated

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
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with empty rate-limit and sign-in counters, and counts its
    requests in one rate-limit window: the clock of the windows stands still in the
    middle of one (a slow test whose requests straddled two windows got a fresh limit
    halfway through)."""
    for name in ("default", "throttle"):
        caches[name].clear()
    from ctip.core import throttle

    still = (int(time.time()) // throttle.WINDOW_SECONDS) * throttle.WINDOW_SECONDS + 30
    monkeypatch.setattr(throttle, "_clock", lambda: float(still))


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
)


@pytest.fixture(autouse=True)
def own_signal_handlers() -> Iterator[None]:
    """A test that runs the task worker in-process (``call_command("worker")``) leaves the
    worker's stop handlers installed; processes forked later by another test inherit them
    and no longer stop when told to. Each test gets the handlers it started with back."""
    before = {number: signal.getsignal(number) for number in _STOP_SIGNALS}
    yield
    for number, handler in before.items():
        if signal.getsignal(number) is not handler and handler is not None:
            signal.signal(number, handler)


WORLD_AGENCIES = ("t-national", "t-police-hn", "t-police-na")


def _load_world() -> World | None:
    """The world made once per test database (see ``django_db_setup``), read afresh."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in=WORLD_AGENCIES)}
    if len(agencies) != len(WORLD_AGENCIES):
        return None
    names = {f"{r}-a": r for r in ROLES} | {f"{r}-b": r for r in ROLES}
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(found) != len(names):
        return None
    national, agency, other = (agencies[code] for code in WORLD_AGENCIES)
    return World(
        national,
        agency,
        other,
        {r: found[f"{r}-a"] for r in ROLES},
        {r: found[f"{r}-b"] for r in ROLES},
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings: None, request: pytest.FixtureRequest
) -> None:
    """On SQLite, the migrated test database is a copy of one built once (tests/migrated.py)."""
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("ctip-migrated") if cache else Path(tempfile.gettempdir(), "ctip-migrated")
    migrated.install(folder)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Make the world once, committed: each test runs in a transaction that is rolled back,
    so every test starts from the same world without paying for its 42 accounts."""
    with django_db_blocker.unblock():
        _make_world()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return "transactional_db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test empties every table when it ends: make the world again."""
    yield
    if nextitem is None or not _is_transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        if _load_world() is None:
            _make_world()


@pytest.fixture
def world(db: None) -> World:
    return _load_world() or _make_world()


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


def signed_in_clients(users: Iterable[User]) -> dict[int, Client]:
    """A client per user (by id), each with the session ``sign_in`` gives it, written all at
    once: one insert instead of a sign-in (about ten queries) per user.

    The clients share one request handler, as the requests of one server process do: each
    client of its own would build the middleware again on its first request (WhiteNoise
    lists every static file then), over a second of CPU for one test of the matrix. A
    client keeps its own cookies; the handler holds only the middleware chain."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = SessionStore()
    now = int(time.time())
    expires = timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    clients: dict[int, Client] = {}
    handler = Client().handler
    sessions = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            "ctip_second_factor": True,
            "ctip_epoch": user.session_epoch,
            "ctip_seen": now,
        }
        key = store._get_new_session_key()
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        client = Client()
        client.handler = handler
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        clients[user.pk] = client
    Session.objects.bulk_create(sessions)
    return clients


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return sign_in(Client(), user)

    return make


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser journeys and the API fuzzing are slow tests: CI runs them (`make
    test-all`), the everyday `make test` does not. First, so that `-m 'not slow'` sees it."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("fuzz"):
            item.add_marker(pytest.mark.slow)
