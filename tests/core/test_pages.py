import re
from pathlib import Path

import pytest
from django.test import Client

from ctip.core.models import Agency, AuditEvent, User
from tests.conftest import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "ctip"


def test_vietnamese_is_the_default():
    response = Client().get("/login/")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập".encode() in response.content


def test_english_by_accept_language_and_by_switch():
    assert b"Sign in" in Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content
    client = Client()
    client.post("/language/", {"language": "en", "next": "/login/"})
    assert client.get("/login/")["Content-Language"] == "en"


@pytest.mark.parametrize("header", ["fr-FR", "xx", "*", ";;;", "zh-Hant-TW,de;q=0.5"])
def test_unknown_languages_fall_back_to_vietnamese(header):
    response = Client().get("/login/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"


def test_unknown_language_in_the_switch_is_a_clear_400():
    assert Client().post("/language/", {"language": "fr"}).status_code == 400


def test_signed_in_switch_saves_the_preference(world):
    user = world.users["analyst"]
    sign_in(Client(), user).post("/language/", {"language": "en", "next": "/"})
    assert User.objects.get(pk=user.pk).preferred_language == "en"


def test_security_headers():
    response = Client().get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_event_handler():
    for path in TEMPLATES.rglob("templates/**/*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"inline script in {path}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"inline event handler in {path}"


def test_no_asset_comes_from_a_cdn():
    for path in TEMPLATES.rglob("templates/**/*.html"):
        assert not re.search(r"(src|href)=\"(https?:)?//", path.read_text()), path


def test_viewport_meta_for_phones():
    assert b'name="viewport" content="width=device-width' in Client().get("/login/").content


def test_every_form_field_has_a_label(world):
    client = sign_in(Client(), world.users["agency_admin"])
    for url in ("/staff/new/", "/agencies/new/", "/profile/", "/tokens/"):
        html = client.get(url).content.decode()
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
        for field_id in ids:
            if (
                f'id="{field_id}"' in html
                and 'type="hidden"' in html.split(f'id="{field_id}"')[0][-200:]
            ):
                continue
            assert f'for="{field_id}"' in html, f"{url}: #{field_id} has no label"


def test_agency_admin_creates_an_agency_and_an_account(world):
    client = sign_in(Client(), world.users["agency_admin"])
    response = client.post(
        "/agencies/new/",
        {
            "code": "t-commune",
            "type": "commune",
            "name_vi": "UBND xã Mộc Bài",
            "name_en": "Moc Bai Commune",
            "province": "tay-ninh",
            "country": "vn",
            "parent": world.agency.pk,
        },
    )
    assert response.status_code == 302
    commune = Agency.objects.get(code="t-commune")
    assert commune.path.startswith(world.agency.path)
    response = client.post(
        "/staff/new/",
        {
            "username": "officer.mocbai",
            "display_name": "Lê Văn C",
            "agency": commune.pk,
            "roles": ["intake_officer"],
            "password": "a long initial passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="officer.mocbai").agency == commune
    assert AuditEvent.objects.filter(
        event_type="USER_CREATED", actor=world.users["agency_admin"]
    ).exists()


def test_agency_form_errors_are_shown_not_crashed(world):
    client = sign_in(Client(), world.users["agency_admin"])
    response = client.post(
        "/agencies/new/",
        {
            "code": "bad code!",
            "type": "nonsense",
            "name_vi": "",
            "name_en": "x",
            "country": "KH",
            "province": "ha-noi",
            "parent": world.other.pk,
        },
    )
    assert response.status_code == 400
    assert not Agency.objects.filter(name_en="x").exists()


def test_agency_abroad_with_a_province_is_refused(world):
    client = sign_in(Client(), world.users["agency_admin"])
    response = client.post(
        "/agencies/new/",
        {
            "code": "t-abroad",
            "type": "counterpart",
            "name_vi": "Đối tác",
            "name_en": "Partner",
            "province": "ha-noi",
            "country": "KH",
            "parent": world.agency.pk,
        },
    )
    assert response.status_code == 400
    assert not Agency.objects.filter(code="t-abroad").exists()


def test_admin_cannot_give_an_account_to_another_agency(world):
    client = sign_in(Client(), world.users["agency_admin"])
    response = client.post(
        "/staff/new/",
        {
            "username": "intruder",
            "agency": world.other.pk,
            "roles": ["analyst"],
            "password": "a long initial passphrase",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="intruder").exists()


def test_auditor_filters_the_trail(world):
    client = sign_in(Client(), world.users["auditor"])
    response = client.get("/audit/?event_type=user_created")
    assert response.status_code == 200
    # The event in words, never its code.
    assert "Tạo tài khoản" in response.content.decode()
    assert b"USER_CREATED" not in response.content
    assert client.get("/audit/?since=not-a-date").status_code == 400


def test_double_submitted_account_form_creates_one_account(world):
    client = sign_in(Client(), world.users["agency_admin"])
    data = {
        "username": "twice",
        "agency": world.agency.pk,
        "roles": ["analyst"],
        "password": "a long initial passphrase",
    }
    assert client.post("/staff/new/", data).status_code == 302
    assert client.post("/staff/new/", data).status_code == 400
    assert User.objects.filter(username="twice").count() == 1


def test_error_pages_are_friendly(world):
    response = sign_in(Client(), world.users["analyst"]).get("/staff/")
    assert response.status_code == 403
    assert b"<html" in response.content
    assert Client().get("/no/such/page/").status_code == 404


def test_health(db):
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_a_foreign_partner_reads_every_page_in_english(world):
    from tests.cooperation.factories import counterpart, partner_user

    partner = sign_in(Client(), partner_user(counterpart()))
    for path in ("/", "/notifications/"):
        response = partner.get(path, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
        assert response.status_code == 200
        assert response["Content-Language"] == "en"
        assert "Tổng quan".encode() not in response.content
    # A Vietnamese officer with the same browser reads Vietnamese.
    officer = sign_in(Client(), world.users["analyst"])
    assert officer.get("/", HTTP_ACCEPT_LANGUAGE="vi-VN")["Content-Language"] == "vi"
