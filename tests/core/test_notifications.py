"""The notification inbox: addressed to an agency (or one user), rendered in the reader's
language, scoped, marked read once, never carrying personal data."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from ctip.core import actions, notifications, selectors
from ctip.core.models import AuditEvent, Notification
from tests.conftest import sign_in

CODE = "tests.something_happened"
# A msgid the core catalogue translates, so the test sees the reader's language.
notifications.register(CODE, _("Notification (%(code)s)"))


def _notify(world, **values):
    values.setdefault("agency", world.agency)
    values.setdefault("kind", "test")
    values.setdefault("message", CODE)
    values.setdefault("params", {"code": "CTIP-0000042"})
    values.setdefault("link", "/cases/42/")
    return actions.notify(actor=world.users["case_worker"], **values)


def test_subject_is_rendered_in_the_readers_language(world):
    notice = _notify(world)
    with override("en"):
        assert notice.subject == "Notification (CTIP-0000042)"
    with override("vi"):
        assert notice.subject != "Notification (CTIP-0000042)"
        assert "CTIP-0000042" in notice.subject
    stored = Notification.objects.get(pk=notice.pk)
    assert stored.message == CODE
    assert stored.params == {"code": "CTIP-0000042"}
    assert AuditEvent.objects.filter(event_type="NOTIFICATION_SENT").count() == 1


def test_unknown_code_renders_a_fallback(world):
    notice = _notify(world)
    Notification.objects.filter(pk=notice.pk).update(message="gone.app")
    notice.refresh_from_db()
    with override("en"):
        assert notice.subject == "Notification (gone.app)"


@pytest.mark.parametrize(
    "values",
    [
        {"message": "never.registered"},
        {"params": {"name": "x" * 200}},
        {"params": {"nested": {"a": 1}}},
        {"link": "https://evil.example/"},
        {"link": "//evil.example/"},
        {"permission": "no.such_permission"},
    ],
)
def test_bad_notifications_are_refused(world, values):
    with pytest.raises(ValueError, match=r"\w"):
        _notify(world, **values)
    assert not Notification.objects.exists()


def test_user_must_belong_to_the_agency(world):
    with pytest.raises(ValueError, match="own agency"):
        _notify(world, user=world.other_users["case_worker"])


def test_inbox_is_scoped_to_agency_user_and_permission(world):
    for_agency = _notify(world)
    for_worker = _notify(world, user=world.users["case_worker"])
    for_cases = _notify(world, permission="cases.view_case")
    elsewhere = _notify(world, agency=world.other)
    worker, auditor = world.users["case_worker"], world.users["auditor"]
    supervisor = world.users["supervisor"]
    assert set(selectors.inbox(worker)) == {for_agency, for_worker, for_cases}
    assert set(selectors.inbox(supervisor)) == {for_agency, for_cases}
    assert set(selectors.inbox(auditor)) == {for_agency}
    assert set(selectors.inbox(world.other_users["case_worker"])) == {elsewhere}
    assert selectors.unread_count(worker) == 3


def test_mark_read_once_and_audited(world):
    notice = _notify(world)
    worker = world.users["case_worker"]
    assert actions.notification_mark_read(actor=worker, notification=notice) is True
    assert actions.notification_mark_read(actor=worker, notification=notice) is False
    notice.refresh_from_db()
    assert notice.read_by == worker
    assert notice.read_at is not None
    assert AuditEvent.objects.filter(event_type="NOTIFICATION_READ").count() == 1
    # Read for the whole agency: a colleague sees it read too.
    assert selectors.unread_count(world.users["supervisor"]) == 0
    with pytest.raises(PermissionDenied):
        actions.notification_mark_read(actor=world.other_users["case_worker"], notification=notice)


def test_inbox_page_counts_unread_in_the_navigation(world):
    _notify(world)
    notice = _notify(world)
    client = sign_in(Client(), world.users["case_worker"])
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b'data-testid="unread-count">(2' in page.content
    assert b"Notification (CTIP-0000042)" in page.content
    opened = client.post(f"/notifications/{notice.pk}/read/", {"open": "1"})
    assert opened.status_code == 302
    assert opened["Location"] == "/cases/42/"
    assert selectors.unread_count(world.users["case_worker"]) == 1
    done = client.post("/notifications/read/")
    assert done.status_code == 302
    assert selectors.unread_count(world.users["case_worker"]) == 0
    other = sign_in(Client(), world.other_users["case_worker"])
    assert other.post(f"/notifications/{notice.pk}/read/").status_code == 404


def test_notifications_api(world):
    notice = _notify(world)
    _notify(world, agency=world.other)
    client = sign_in(Client(), world.users["auditor"])
    listed = client.get("/api/v1/notifications?unread=true", HTTP_ACCEPT_LANGUAGE="en")
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["subject"] == "Notification (CTIP-0000042)"
    assert item["params"] == {"code": "CTIP-0000042"}
    assert item["link"] == "/cases/42/"
    read = client.post(f"/api/v1/notifications/{notice.pk}/read")
    assert read.status_code == 200
    assert read.json()["read_at"]
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0
    assert client.post("/api/v1/notifications/read").json() == {"marked": 0}
    other = sign_in(Client(), world.other_users["auditor"])
    missing = other.post(f"/api/v1/notifications/{notice.pk}/read")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
