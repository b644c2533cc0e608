"""Contacts of recruiters and traffickers named in the person's account: canonical as the
intel app keys indicators, encrypted, found through a blind index, met with scam reports."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ctip.cases import actions, selectors
from ctip.cases.models import CaseIndicator
from ctip.core.models import AuditEvent
from ctip.intel.engine import normalise
from tests.cases.factories import make_case
from tests.intel.factories import make_report


def _add(actor, case, value="0912 345 678", kind="phone", **extra):
    return actions.indicator_add(
        actor=actor, case=case, data=actions.ContactInput(kind=kind, value=value, **extra)
    )


def test_stored_encrypted_and_canonical(world, case, worker):
    row = _add(worker, case, "+84 912-345-678", note="anh Tuấn, người tuyển")
    assert row.canonical == normalise("phone", "0912345678")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT account, ref_index, note FROM cases_caseindicator WHERE id = %s", [row.pk]
        )
        account, ref_index, note = cursor.fetchone()
    for clear in ("912", "84912345678", "Tuấn"):
        assert clear not in account + ref_index + note
    event = AuditEvent.objects.get(event_type="CASE_INDICATOR_ADDED")
    assert "912" not in str(event.data)
    # The same number typed another way is the same contact.
    with pytest.raises(ValidationError):
        _add(worker, case, "0912.345.678")
    assert CaseIndicator.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "value", "extra"),
    [
        ("phone", "12", {}),
        ("bank_account", "0011 0012 3456", {"detail": "Bank of Narnia"}),
        ("social", "@someone", {"detail": "MySpace"}),
        ("name", "Công ty ABC", {}),
        ("phone", "", {}),
        ("phone", "0912 345 678" * 40, {}),
    ],
)
def test_bad_contacts_are_clear_errors(world, case, worker, kind, value, extra):
    with pytest.raises(ValidationError):
        _add(worker, case, value, kind, **extra)
    assert not CaseIndicator.objects.exists()
    assert not AuditEvent.objects.filter(event_type="CASE_INDICATOR_ADDED").exists()


def test_cases_naming_respects_scope(world, case, worker):
    _add(worker, case, "0912 345 678")
    other_worker = world.other_users["case_worker"]
    elsewhere = make_case(other_worker, "Phạm Thị Dung")
    _add(other_worker, elsewhere, "+84912345678")
    key = normalise("phone", "0912345678").key
    mentions = {m.case_id: m for m in selectors.cases_naming(worker, "phone", key)}
    assert set(mentions) == {case.pk, elsewhere.pk}
    assert mentions[case.pk].visible
    assert mentions[case.pk].reference == case.reference
    assert not mentions[elsewhere.pk].visible
    assert mentions[elsewhere.pk].reference == ""
    assert mentions[elsewhere.pk].lead_agency == world.other.name
    # An analyst (no cases.view_case) learns which agencies to ask, nothing more.
    analyst = selectors.cases_naming(world.users["analyst"], "phone", key)
    assert {m.visible for m in analyst} == {False}
    assert selectors.cases_naming(worker, "phone", "+84999999999") == []
    assert selectors.cases_naming(worker, "bank_account", key) == []


def test_case_page_counts_scam_reports(world, client_for, case, worker):
    for _ in range(3):
        make_report(world.users["investigator"])  # names 0912 345 678
    _add(worker, case, "0912345678")
    _add(worker, case, "0987 000 111")
    views = {v.display: v for v in selectors.case_indicators(worker, case)}
    phone = normalise("phone", "0912345678").display
    assert views[phone].reports == 3
    assert views[phone].networks == []  # a case worker does not read intel
    assert views[normalise("phone", "0987000111").display].reports == 0
    investigator = world.users["investigator"]
    seen = {v.display: v for v in selectors.case_indicators(investigator, case)}
    assert len(seen[phone].networks) == 1
    page = client_for(worker).get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"named in 3 scam reports" in page.content


def test_pages_add_and_remove(world, client_for, case, worker):
    client = client_for(worker)
    added = client.post(
        f"/cases/{case.pk}/contacts/",
        {"kind": "social", "value": "https://t.me/tuyendung_cam", "note": ""},
    )
    assert added.status_code == 302
    row = CaseIndicator.objects.get()
    assert row.kind == "social"
    bad = client.post(f"/cases/{case.pk}/contacts/", {"kind": "phone", "value": "abc"}, follow=True)
    assert bad.status_code == 200
    assert CaseIndicator.objects.count() == 1
    other = client_for(world.other_users["case_worker"])
    assert other.post(f"/cases/contacts/{row.pk}/remove/").status_code == 404
    assert client.post(f"/cases/contacts/{row.pk}/remove/").status_code == 302
    assert client.post(f"/cases/contacts/{row.pk}/remove/").status_code == 302
    assert AuditEvent.objects.filter(event_type="CASE_INDICATOR_REMOVED").count() == 1
    assert selectors.case_indicators(worker, case) == []
    # Removed, it can be recorded again.
    client.post(f"/cases/{case.pk}/contacts/", {"kind": "social", "value": "t.me/tuyendung_cam"})
    assert CaseIndicator.objects.filter(removed_at__isnull=True).count() == 1


def test_contacts_api(world, client_for, case, worker):
    client = client_for(worker)
    url = f"/api/v1/cases/{case.pk}/contacts"
    created = client.post(
        url,
        {"kind": "bank_account", "value": "0011 0012 3456", "detail": "VCB"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "bank_account"
    bad = client.post(url, {"kind": "phone", "value": "x"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert [c["id"] for c in client.get(url).json()] == [created.json()["id"]]
    other = client_for(world.other_users["case_worker"])
    assert other.get(url).status_code == 404
    contact = f"/api/v1/cases/contacts/{created.json()['id']}"
    assert other.delete(contact).status_code == 404
    assert client.delete(contact).status_code == 204
    assert client.delete(contact).status_code == 422
    assert client.get(url).json() == []


def test_key_rotation_reindexes_contacts(world, case, worker):
    from ctip.cases.models import indicator_ref

    row = _add(worker, case, "0912 345 678")
    assert indicator_ref(row.account) == "phone:" + normalise("phone", "0912345678").key
    # A stored value a later engine refused would still be indexed, never crash a rotation.
    assert indicator_ref('{"kind": "phone", "value": "12", "detail": ""}').startswith("unreadable:")
