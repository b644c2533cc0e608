"""Sign-in limits hold under parallel requests, and codes are good once.

The parallel tests fire real requests from many threads at once (each with its own
database connection), as an attacker racing the limits would; run them against
PostgreSQL with DATABASE_URL to see the row lock at work.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from django.db import connection
from django.test import Client, override_settings

from ctip.core import actions, lockout
from ctip.core.models import AuditEvent, User
from tests.conftest import PASSWORD

THREADS = 24


def _race(count, request):
    """Run ``request(i)`` from ``count`` threads released together; their results."""
    barrier = threading.Barrier(count)

    def one(i):
        barrier.wait()
        try:
            return request(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def _post_login(username, password, ip="203.0.113.7"):
    client = Client(REMOTE_ADDR=ip)
    return client.post("/login/", {"username": username, "password": password}).status_code


def _checked(event_type):
    return AuditEvent.objects.filter(event_type=event_type).count()


# SQLite's in-memory test database is shared between threads with table locks that
# fail instead of waiting; the embedded mode's file database queues writers instead.
parallel = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel sign-ins are raced on PostgreSQL"
)


@pytest.fixture
def racing_world(transactional_db, world):
    return world


@parallel
def test_parallel_wrong_passwords_check_at_most_five(racing_world):
    statuses = _race(THREADS, lambda i: _post_login("analyst-a", f"wrong password {i}"))
    assert set(statuses) == {400}
    assert _checked("LOGIN_FAILED") == 5
    assert User.objects.get(username="analyst-a").is_locked()
    # The right password is refused too while the account is locked.
    assert _post_login("analyst-a", PASSWORD, ip="198.51.100.1") == 400


@parallel
@override_settings(CTIP_LOGIN_IP_LIMIT_PER_10_MIN=10)
def test_parallel_attempts_from_one_address_check_at_most_the_limit(racing_world):
    _race(THREADS, lambda i: _post_login(f"nobody-{i}", "whatever password"))
    assert _checked("LOGIN_FAILED") == 10


@parallel
def test_parallel_wrong_codes_check_at_most_five(racing_world):
    user = racing_world.users["supervisor"]
    actions.second_factor_begin(actor=user)
    actions.second_factor_confirm(actor=user, code=pyotp.TOTP(user.totp_secret).now())
    clients = []
    for i in range(THREADS):
        client = Client(REMOTE_ADDR=f"198.51.100.{i + 1}")
        client.post("/login/", {"username": user.username, "password": PASSWORD})
        clients.append(client)
    _race(THREADS, lambda i: clients[i].post("/login/second-factor/", {"code": f"{i:06d}"}))
    assert _checked("SECOND_FACTOR_FAILED") == 5


@parallel
def test_counter_never_hands_out_more_than_its_limit(transactional_db):
    taken = _race(THREADS, lambda i: lockout.take("race", limit=7, seconds=60))
    assert taken.count(True) == 7


def test_a_failed_attempt_is_audited_with_the_address(world):
    _post_login("analyst-a", "not the password", ip="192.0.2.9")
    event = AuditEvent.objects.get(event_type="LOGIN_FAILED")
    assert event.data == {"ip": "192.0.2.9", "locked": False}
    assert event.target_id == str(world.users["analyst"].pk)


def test_a_success_gives_back_the_account_slots(world):
    for _ in range(4):
        _post_login("analyst-a", "not the password")
    assert _post_login("analyst-a", PASSWORD) == 302
    for _ in range(4):
        _post_login("analyst-a", "not the password")
    assert not User.objects.get(username="analyst-a").is_locked()


def test_a_totp_code_cannot_be_replayed_within_its_window(world):
    user = world.users["supervisor"]
    actions.second_factor_begin(actor=user)
    totp = pyotp.TOTP(user.totp_secret)
    actions.second_factor_confirm(actor=user, code=totp.now())
    user.refresh_from_db()
    first = Client()
    first.post("/login/", {"username": user.username, "password": PASSWORD})
    # A code from the next step (within the accepted drift) is good once...
    code = totp.at(time.time() + 30)
    assert first.post("/login/second-factor/", {"code": code}).status_code == 302
    # ...and refused when an eavesdropper replays it in the same window.
    second = Client()
    second.post("/login/", {"username": user.username, "password": PASSWORD})
    assert second.post("/login/second-factor/", {"code": code}).status_code == 400
