"""The public report and lookup pages, and the staff pages, through the test client."""

import datetime as dt
import io
import zipfile

from django.test import Client, override_settings
from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import Cluster, FreezeRequest, Indicator, Report
from tests.intel.factories import make_bank, make_freeze, make_report

REPORTER = {
    "reporter_name": "Phạm Minh Châu",
    "reporter_phone": "0903 111 222",
    "reporter_email": "chau@example.vn",
}


def _rows(*rows):
    data = {"ind-TOTAL_FORMS": "5", "ind-INITIAL_FORMS": "0"}
    for n, (kind, value, detail) in enumerate(rows):
        data |= {f"ind-{n}-kind": kind, f"ind-{n}-value": value, f"ind-{n}-detail": detail}
    return data


def _report_post(*rows, **values):
    return {
        "type": "recruitment",
        "narrative": "Tuyển dụng qua Telegram, bắt đóng phí 5 triệu",
        "amount_lost_vnd": "5000000",
        **REPORTER,
        **values,
        **_rows(*rows),
    }


def test_report_page_renders_in_both_languages(world):
    page = Client().get("/report/")
    assert page.status_code == 200
    assert 'name="ind-4-value"' in page.content.decode()
    assert "<script>" not in page.content.decode()
    assert " style=" not in page.content.decode()
    english = Client(headers={"cookie": "ctip_language=en"}).get("/report/")
    assert "Report a scam" in english.content.decode()


def test_a_public_report_is_filed(world):
    response = Client().post(
        "/report/",
        _report_post(("phone", "0912 345 678", ""), ("bank_account", "0011001234567", "VCB")),
    )
    assert response.status_code == 200
    assert 'data-testid="report-received"' in response.content.decode()
    report = Report.objects.get()
    assert report.channel == "public"
    assert report.reporter_name == "Phạm Minh Châu"
    assert report.indicators.count() == 2


@override_settings(CTIP_INTEL_REPORTS_PER_MINUTE=100)
def test_bad_indicators_are_form_errors_not_crashes(world):
    response = Client().post(
        "/report/",
        _report_post(
            ("phone", "0912 34", ""),
            ("bank_account", "12", "Ngân hàng không có"),
            ("url", "http://\u202e\u200b", ""),
            ("", "something", ""),
            ("social", "@" + "x" * 290, "myspace"),
        ),
    )
    assert response.status_code == 400
    assert response.content.decode().count('role="alert"') >= 5
    assert not Report.objects.exists()


@override_settings(CTIP_INTEL_REPORTS_PER_MINUTE=100)
def test_garbage_posts_never_crash(world):
    for data in (
        {},
        {"ind-TOTAL_FORMS": "1000", "ind-INITIAL_FORMS": "0"},
        {"ind-TOTAL_FORMS": "x"},
        {"type": "other", "amount_lost_vnd": "-5", "lost_on": "2999-01-01"},
    ):
        assert Client().post("/report/", data).status_code == 400
    assert not Report.objects.exists()


@override_settings(CTIP_INTEL_REPORTS_PER_MINUTE=2)
def test_report_floods_get_a_clear_429(world):
    client = Client()
    data = _report_post(("phone", "0912 345 678", ""))
    assert client.post("/report/", data).status_code == 200
    assert client.post("/report/", data).status_code == 200
    limited = client.post("/report/", data)
    assert limited.status_code == 429
    assert limited["Retry-After"]
    assert 'data-testid="rate-limited"' in limited.content.decode()
    assert Report.objects.count() == 2


def test_lookup_shows_counts_and_never_the_reporter(world, investigator):
    make_report(None, narrative="Bí mật của nạn nhân", **REPORTER)
    make_report(investigator)
    phone = Indicator.objects.get(kind="phone")
    page = Client().post("/lookup/", {"kind": "phone", "value": "+84 912-345-678"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "2" in text.split('data-testid="reports"')[1][:120]
    month = timezone.localtime(phone.first_seen).strftime("%Y-%m")
    assert month in text
    for secret in ("Phạm", "Châu", "0903", "chau@", "Bí mật", "SR-", "c-"):
        assert secret not in text, secret


def test_lookup_of_an_unknown_or_malformed_value(world):
    unknown = Client().post("/lookup/", {"kind": "url", "value": "https://www.Việc-Làm.vn/x"})
    assert unknown.status_code == 200
    assert "việc-làm.vn" in unknown.content.decode().lower()
    bad = Client().post("/lookup/", {"kind": "phone", "value": "12"})
    assert bad.status_code == 400
    assert Client().post("/lookup/", {"kind": "nonsense", "value": "x"}).status_code == 400


@override_settings(CTIP_INTEL_LOOKUPS_PER_MINUTE=3)
def test_lookup_floods_get_a_clear_429(world):
    client = Client()
    for _ in range(3):
        assert client.post("/lookup/", {"kind": "phone", "value": "0912345678"}).status_code == 200
    limited = client.post("/lookup/", {"kind": "phone", "value": "0912345678"})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1


def test_reporter_identity_only_inside_the_owning_agency(world, client_for):
    report = make_report(world.users["hotline_operator"], **REPORTER)
    url = f"/intel/reports/{report.pk}/"
    own = client_for(world.users["investigator"]).get(url).content.decode()
    assert "Phạm Minh Châu" in own
    assert "0903 111 222" in own
    # The national unit above sees the report, but not who made it.
    national = core_actions.user_create(
        actor=None,
        agency=world.national,
        username="analyst-national",
        password="correct horse battery staple",
        roles=["analyst"],
    )
    above = client_for(national).get(url)
    assert above.status_code == 200
    assert "Phạm" not in above.content.decode()
    assert 'data-testid="reporter-hidden"' in above.content.decode()
    assert client_for(world.other_users["investigator"]).get(url).status_code == 404


def test_staff_report_form_and_cluster_pages(world, client_for):
    client = client_for(world.users["investigator"])
    response = client.post(
        "/intel/reports/new/", _report_post(("phone", "0162 345 6789", ""), reporter_name="")
    )
    assert response.status_code == 302
    client.post("/intel/reports/new/", _report_post(("phone", "+84323456789", "")))
    cluster = Cluster.objects.get(size=2)
    assert client.get("/intel/clusters/").content.decode().count(cluster.pk) >= 1
    detail = client.get(f"/intel/clusters/{cluster.pk}/")
    assert detail.status_code == 200
    assert Indicator.objects.get(kind="phone").display in detail.content.decode()
    assert "<dd>Số điện thoại</dd>" in detail.content.decode()
    listing = client.get("/intel/clusters/").content.decode()
    assert "<td>Số điện thoại</td>" in listing
    assert (
        client_for(world.other_users["analyst"]).get(f"/intel/clusters/{cluster.pk}/").status_code
        == 404
    )


def test_freeze_request_through_the_pages(world, client_for):
    investigator = client_for(world.users["investigator"])
    report = make_report(world.users["investigator"])
    bank = make_bank(world.agency)
    account = Indicator.objects.get(kind="bank_account")
    form = investigator.get(f"/intel/freeze/new/?cluster={report.cluster_id}")
    assert account.display in form.content.decode()
    deadline = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    sent = investigator.post(
        f"/intel/freeze/new/?cluster={report.cluster_id}",
        {
            "institution": bank.pk,
            "indicators": [account.pk],
            "reports": [report.pk],
            "legal_basis": "Điều 174 BLHS",
            "deadline": deadline,
        },
    )
    assert sent.status_code == 302
    request = FreezeRequest.objects.get()
    liaison = client_for(world.users["liaison"])
    assert request.reference in liaison.get("/intel/inbox/").content.decode()
    answer = liaison.post(
        f"/intel/inbox/{request.pk}/", {"status": "done", "amount_held_vnd": "42000000"}
    )
    assert answer.status_code == 302
    again = liaison.post(
        f"/intel/inbox/{request.pk}/", {"status": "rejected", "note": "x"}, follow=True
    )
    assert (
        "already answered" in again.content.decode() or "đã được trả lời" in again.content.decode()
    )
    request.refresh_from_db()
    assert request.status == "done"
    assert request.amount_held_vnd == 42_000_000


def test_overdue_list(world, client_for):
    late = make_freeze(world)
    FreezeRequest.objects.filter(pk=late.pk).update(deadline=timezone.now() - dt.timedelta(days=1))
    page = client_for(world.users["investigator"]).get("/intel/freeze/?show=overdue")
    assert late.reference in page.content.decode()
    assert 'data-testid="overdue-count"' in page.content.decode()


def test_evidence_upload_detail_and_package(world, client_for):
    client = client_for(world.users["investigator"])
    report = make_report(world.users["investigator"])
    upload = io.BytesIO(b"screenshot bytes")
    upload.name = "chat.png"
    client.post(f"/intel/reports/{report.pk}/evidence/", {"file": upload, "description": "Zalo"})
    item = report.evidence.get()
    detail = client.get(f"/intel/evidence/{item.pk}/").content.decode()
    assert item.sha256 in detail
    assert 'data-testid="custody-intact"' in detail
    download = client.post(f"/intel/evidence/{item.pk}/download/")
    assert download.content == b"screenshot bytes"
    package = client.post(f"/intel/reports/{report.pk}/package/")
    assert package["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        assert "SHA256SUMS" in archive.namelist()
    actions_seen = [e.action for e in item.custody.order_by("seq")]
    assert actions_seen == ["collected", "accessed", "exported"]


def test_staff_find_reports_by_an_indicator_however_typed(world, client_for):
    named = make_report(world.users["investigator"])
    make_report(world.users["investigator"], IndicatorInput("phone", "0987 654 321"))
    client = client_for(world.users["analyst"])
    for query in ("+84 912 345 678", "0912.345.678", "Vietcombank 001100123456"):
        page = client.get("/intel/reports/", {"q": query})
        assert page.status_code == 200
        assert page.content.decode().count(named.reference) == 1
        assert page.content.decode().count("SR-") == 1


def test_network_list_names_networks_by_strongest_indicator_and_size(world, client_for):
    import re

    client = client_for(world.users["investigator"])
    client.post("/intel/reports/new/", _report_post(("phone", "0162 345 6789", "")))
    client.post("/intel/reports/new/", _report_post(("phone", "+84323456789", "")))
    cluster = Cluster.objects.get(size=2)
    listing = client.get("/intel/clusters/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    name = re.search(r'data-testid="network-name">([^<]+)</a>', listing).group(1)
    assert Indicator.objects.get(kind="phone").display in name
    assert "2 reports" in name
    assert cluster.pk not in name
    # The hash stays as a reference beside the name.
    assert f"Reference {cluster.pk}" in listing
