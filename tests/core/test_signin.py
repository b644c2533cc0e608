import time

import pyotp
import pytest
from django.test import Client, override_settings

from ctip.core import actions
from ctip.core.models import AuditEvent, User
from tests.conftest import PASSWORD, sign_in


def _login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_personal_data_role_must_set_up_second_factor(world):
    client = Client()
    response = _login(client, "case_worker-a")
    assert response.status_code == 302
    assert response["Location"] == "/login/second-factor/"
    assert client.get("/").status_code == 302  # dashboard waits for the second factor
    page = client.get("/login/second-factor/")
    assert b"<svg" in page.content
    user = User.objects.get(username="case_worker-a")
    code = pyotp.TOTP(user.totp_secret).now()
    done = client.post("/login/second-factor/", {"code": code})
    assert done.status_code == 200
    assert done.content.count(b"<code>") == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(event_type="SECOND_FACTOR_ENABLED", target_id=user.pk).exists()


def test_second_factor_and_single_use_recovery_code(world):
    user = world.users["supervisor"]
    actions.second_factor_begin(actor=user)
    codes = actions.second_factor_confirm(actor=user, code=pyotp.TOTP(user.totp_secret).now())
    client = Client()
    _login(client, user.username)
    assert client.post("/login/second-factor/", {"code": "000000"}).status_code == 400
    assert client.post("/login/second-factor/", {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    again = Client()
    _login(again, user.username)
    assert again.post("/login/second-factor/", {"code": codes[0]}).status_code == 400


def test_role_without_personal_data_skips_second_factor(world):
    client = Client()
    assert _login(client, "statistician-a")["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("demo", [True, False])
def test_demo_accounts_skip_second_factor_only_in_demo_mode(world, demo):
    user = world.users["case_worker"]
    User.objects.filter(pk=user.pk).update(is_demo=True)
    with override_settings(CTIP_DEMO=demo):
        location = _login(Client(), user.username)["Location"]
    assert location == ("/" if demo else "/login/second-factor/")


def test_wrong_password_and_lockout(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        response = _login(client, "analyst-a", "wrong password!!")
        assert response.status_code == 400
    assert User.objects.get(username="analyst-a").is_locked()
    locked = _login(client, "analyst-a")
    assert locked.status_code == 400
    assert b"account is locked" in locked.content
    assert AuditEvent.objects.filter(event_type="LOGIN_FAILED").count() == 5


@override_settings(CTIP_LOGIN_IP_LIMIT_PER_10_MIN=3)
def test_login_is_throttled_per_address(world):
    client = Client()
    for _ in range(3):
        _login(client, "nobody", "whatever-password")
    assert _login(client, "statistician-a").status_code == 400


def test_log_out_everywhere_ends_other_sessions(world):
    user = world.users["analyst"]
    phone, desk = sign_in(Client(), user), sign_in(Client(), user)
    assert desk.get("/").status_code == 200
    assert phone.post("/profile/logout-everywhere/").status_code == 302
    assert desk.get("/").status_code == 302


@override_settings(CTIP_SESSION_IDLE_SECONDS=60)
def test_idle_session_expires(world):
    client = sign_in(Client(), world.users["analyst"])
    session = client.session
    session["ctip_seen"] = int(time.time()) - 3600
    session.save()
    assert client.get("/").status_code == 302


def test_tampered_session_cookie_is_just_signed_out(world):
    client = sign_in(Client(), world.users["analyst"])
    client.cookies["sessionid"] = "tampered" + client.cookies["sessionid"].value[8:]
    assert client.get("/").status_code == 302


def test_open_redirect_is_refused(world):
    response = Client().post(
        "/login/?next=https://evil.example/",
        {"username": "statistician-a", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_password_change_keeps_this_session_and_ends_others(world):
    user = world.users["analyst"]
    here, there = sign_in(Client(), user), sign_in(Client(), user)
    response = here.post(
        "/profile/", {"old_password": PASSWORD, "new_password": "a brand new passphrase 42"}
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert there.get("/").status_code == 302


def test_malformed_login_form_is_a_form_error(world):
    response = Client().post("/login/", {"username": "x" * 500})
    assert response.status_code == 400


def test_unknown_usernames_lock_out_like_real_ones(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        _login(client, "no-such-person", "wrong password!!")
    assert b"account is locked" in _login(client, "no-such-person", "x" * 12).content
