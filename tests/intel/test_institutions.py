"""Declaring which institution holds which BIN, e-wallet or mobile operator: page, API,
words not codes, refusals, and freeze routing that follows the declarations."""

import pytest

from ctip.core import actions as core_actions
from ctip.core.models import AgencyType, AuditEvent
from ctip.intel import freezing
from ctip.intel.models import Indicator, InstitutionCode
from tests.conftest import PASSWORD


@pytest.fixture
def admin(world):
    return core_actions.user_create(
        actor=None,
        agency=world.national,
        username="routing-admin",
        password=PASSWORD,
        roles=["intel_admin"],
    )


@pytest.fixture
def bank(world):
    return core_actions.agency_create(
        actor=None,
        code="t-vcb",
        type=AgencyType.BANK,
        name_vi="Vietcombank",
        name_en="Vietcombank",
        parent=world.national,
    )


@pytest.fixture
def telco(world):
    return core_actions.agency_create(
        actor=None,
        code="t-viettel",
        type=AgencyType.TELCO,
        name_vi="Viettel",
        name_en="Viettel",
        parent=world.national,
    )


def _en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_page_declares_in_words_and_routing_follows(world, client_for, admin, bank):
    client = _en(client_for(admin))
    response = client.post(
        "/intel/institutions/", {"agency": bank.pk, "kind": "bin", "code": "970 436"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    row = InstitutionCode.objects.get()
    assert (row.agency_id, row.kind, row.code) == (bank.pk, "bin", "970436")
    page = client.get("/intel/institutions/").content.decode()
    assert "Vietcombank" in page
    assert "Bank (six-digit BIN)" in page
    assert "bin:970436" not in page
    assert AuditEvent.objects.filter(event_type="INTEL_INSTITUTION_CODE_ADDED").exists()
    account = Indicator.objects.create(
        kind="bank_account", key="970436:0011001234567", display="VCB 0011001234567"
    )
    routed, refused = freezing.route_accounts([account])
    assert list(routed) == [bank]
    assert not refused
    # Withdrawn, the account is refused with a reason.
    client.post(f"/intel/institutions/{row.pk}/withdraw/")
    routed, refused = freezing.route_accounts([account])
    assert not routed
    assert refused


def test_bad_declarations_are_form_errors(world, client_for, admin, bank, telco):
    client = _en(client_for(admin))
    for body, message in (
        ({"agency": bank.pk, "kind": "bin", "code": "97043"}, "six digits"),
        ({"agency": bank.pk, "kind": "bin", "code": "123456"}, "No Vietnamese bank"),
        ({"agency": telco.pk, "kind": "bin", "code": "970436"}, "cannot hold"),
        ({"agency": telco.pk, "kind": "telco", "code": "Narnia Mobile"}, "Unknown mobile"),
        ({"agency": bank.pk, "kind": "ewallet", "code": "NoSuchPay"}, "Unknown e-wallet"),
    ):
        response = client.post("/intel/institutions/", body)
        assert response.status_code == 400, body
        assert message in response.content.decode(), body
    assert not InstitutionCode.objects.exists()
    client.post("/intel/institutions/", {"agency": telco.pk, "kind": "telco", "code": "Viettel"})
    assert InstitutionCode.objects.get().code == "viettel"
    # A code is held by one institution.
    other = core_actions.agency_create(
        actor=None,
        code="t-vnpt",
        type=AgencyType.TELCO,
        name_vi="VNPT",
        name_en="VNPT",
        parent=world.national,
    )
    again = client.post(
        "/intel/institutions/", {"agency": other.pk, "kind": "telco", "code": "viettel"}
    )
    assert again.status_code == 400
    assert "already held by" in again.content.decode()


def test_api_declares_lists_and_withdraws(world, client_for, admin, bank):
    client = _en(client_for(admin))
    created = client.post(
        "/api/v1/intel/institution-codes",
        {"agency_id": bank.pk, "kind": "ewallet", "code": "momo"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "ewallet"
    assert body["institution"] == "Vietcombank"
    assert body["label"] != "momo"
    listed = client.get("/api/v1/intel/institution-codes").json()
    assert [r["id"] for r in listed] == [body["id"]]
    bad = client.post(
        "/api/v1/intel/institution-codes",
        {"agency_id": bank.pk, "kind": "fax", "code": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    missing = client.post(
        "/api/v1/intel/institution-codes", {"agency_id": bank.pk}, content_type="application/json"
    )
    assert missing.status_code == 422
    gone = client.delete(f"/api/v1/intel/institution-codes/{body['id']}")
    assert gone.status_code == 204
    assert not InstitutionCode.objects.exists()


def test_only_the_office_an_institution_reports_to_declares(world, client_for, bank):
    provincial = core_actions.user_create(
        actor=None,
        agency=world.agency,
        username="prov-admin",
        password=PASSWORD,
        roles=["intel_admin"],
    )
    client = _en(client_for(provincial))
    # The page does not offer the bank; the API refuses it with the reason.
    page = client.post("/intel/institutions/", {"agency": bank.pk, "kind": "bin", "code": "970436"})
    assert page.status_code == 400
    response = client.post(
        "/api/v1/intel/institution-codes",
        {"agency_id": bank.pk, "kind": "bin", "code": "970436"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "reports to" in response.content.decode()
    assert not InstitutionCode.objects.exists()
    # Staff without the permission do not reach the page.
    assert client_for(world.users["analyst"]).get("/intel/institutions/").status_code == 403
