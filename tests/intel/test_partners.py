"""Partner indicators kept with their source: one indicator whoever named it, idempotent
re-imports, per-object errors, nothing half-written, partners never named publicly."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ctip.core.models import AuditEvent
from ctip.intel import actions
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import (
    Cluster,
    Indicator,
    PartnerBundle,
    PartnerSighting,
    PartnerSource,
)
from tests.intel.factories import PHONE, make_partner_import, make_report, stix_bundle

OTHER_PHONE = "+84987654321"


def _counts():
    return (
        Indicator.objects.count(),
        PartnerSource.objects.count(),
        PartnerBundle.objects.count(),
        PartnerSighting.objects.count(),
    )


def test_a_partner_indicator_and_a_reported_one_are_one_indicator(world, investigator):
    make_report(investigator, PHONE)
    result = make_partner_import(world, "0912 345 678", OTHER_PHONE)
    assert result.created
    assert result.indicators == 2
    assert result.new_indicators == 1
    assert result.reported == 1
    assert Indicator.objects.filter(kind="phone").count() == 2
    phone = Indicator.objects.get(key="+84912345678")
    assert (phone.reports, phone.partner_sources) == (1, 1)
    partner_only = Indicator.objects.get(key=OTHER_PHONE)
    assert (partner_only.reports, partner_only.partner_sources) == (0, 1)
    sighting = PartnerSighting.objects.get(indicator=phone)
    assert sighting.confidence == 70
    assert sighting.labels == ["scam-compound"]
    assert sighting.first_seen.year == 2025
    bundle = result.bundle
    assert (bundle.source.name, bundle.source.country, bundle.format) == ("CamCERT", "KH", "stix")
    assert bundle.received_by == world.users["analyst"]
    assert bundle.agency == world.agency
    event = AuditEvent.objects.get(event_type="INTEL_PARTNER_IMPORTED")
    assert "+84912345678" not in json.dumps(event.data)


def test_re_importing_the_same_bundle_changes_nothing(world):
    first = make_partner_import(world, "0912345678", OTHER_PHONE)
    before = _counts()
    sightings = list(PartnerSighting.objects.values().order_by("pk"))
    again = make_partner_import(world, "0912345678", OTHER_PHONE)
    assert not again.created
    assert again.bundle.pk == first.bundle.pk
    assert _counts() == before
    assert list(PartnerSighting.objects.values().order_by("pk")) == sightings
    assert PartnerBundle.objects.get().times_received == 2
    assert Indicator.objects.get(key=OTHER_PHONE).partner_sources == 1


def test_partner_sources_count_partners_not_documents(world):
    make_partner_import(world, OTHER_PHONE)
    make_partner_import(world, OTHER_PHONE, bundle_id="bundle--second")
    # The same partner however its name is spaced or cased.
    make_partner_import(world, OTHER_PHONE, partner=" camcert ", bundle_id="bundle--third")
    assert Indicator.objects.get(key=OTHER_PHONE).partner_sources == 1
    make_partner_import(world, OTHER_PHONE, partner="Thai CERT", country="TH")
    assert Indicator.objects.get(key=OTHER_PHONE).partner_sources == 2
    assert PartnerSource.objects.count() == 2


def test_a_misp_event_is_kept_too(world):
    event = {
        "Event": {
            "uuid": "3b1f0c7e-2a10-4f7e-9a57-6b1f1c7e2a10",
            "info": "Recruiters",
            "Tag": [{"name": "tlp:green"}],
            "Attribute": [{"type": "domain", "value": "vieclam-luongcao.com.vn"}],
        }
    }
    result = actions.partner_import(
        actor=world.users["analyst"],
        data=actions.PartnerInput(
            format="misp", content=json.dumps(event).encode(), partner="Interpol", kind="agency"
        ),
    )
    assert result.bundle.document_id == "3b1f0c7e-2a10-4f7e-9a57-6b1f1c7e2a10"
    assert result.bundle.title == "Recruiters"
    sighting = PartnerSighting.objects.get()
    assert sighting.labels == ["tlp:green"]
    assert sighting.confidence is None
    # Without the partner's dates, it was seen when it was received.
    assert sighting.first_seen == sighting.last_seen == result.bundle.received_at


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b"", "file"),
        (b"not json", "file"),
        (b"[1, 2]", "file"),
        (b'{"type": "bundle", "objects": {}}', "file"),
        # Only broken objects: nothing to keep.
        (b'{"type": "bundle", "objects": [{"type": "phone-number", "value": "12"}]}', "file"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_written(world, content, field):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        actions.partner_import(
            actor=world.users["analyst"],
            data=actions.PartnerInput(format="stix", content=content, partner="CamCERT"),
        )
    assert field in caught.value.message_dict
    assert _counts() == before
    assert not AuditEvent.objects.filter(event_type="INTEL_PARTNER_IMPORTED").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"format": "csv"}, "format"),
        ({"partner": "  "}, "partner"),
        ({"country": "Cambodia"}, "country"),
        ({"kind": "spy"}, "kind"),
    ],
)
def test_bad_fields_are_refused(world, values, field):
    arguments = {
        "format": "stix",
        "content": stix_bundle(OTHER_PHONE),
        "partner": "CamCERT",
        "country": "KH",
        "kind": "cert",
        **values,
    }
    with pytest.raises(ValidationError) as caught:
        actions.partner_import(actor=world.users["analyst"], data=actions.PartnerInput(**arguments))
    assert field in caught.value.message_dict
    assert PartnerBundle.objects.count() == 0


def test_too_large_is_refused(world, monkeypatch):
    monkeypatch.setattr("ctip.intel.actions.partners.PARTNER_MAX_BYTES", 100)
    with pytest.raises(ValidationError) as caught:
        make_partner_import(world, OTHER_PHONE)
    assert "file" in caught.value.message_dict


def test_broken_objects_are_listed_and_the_rest_kept(world):
    content = json.dumps(
        {
            "type": "bundle",
            "id": "bundle--mixed",
            "objects": [
                {"type": "phone-number", "value": OTHER_PHONE},
                {"type": "phone-number", "id": "phone-number--bad", "value": "12"},
                "junk",
            ],
        }
    ).encode()
    result = actions.partner_import(
        actor=world.users["analyst"],
        data=actions.PartnerInput(format="stix", content=content, partner="CamCERT"),
    )
    assert result.indicators == 1
    assert [(e.position, e.kind, e.value) for e in result.errors] == [
        (2, "phone-number", "phone-number--bad"),
        (3, "", ""),
    ]
    assert result.bundle.error_count == 2
    assert len(result.bundle.errors) == 2


def test_only_analysts_import(world):
    with pytest.raises(PermissionDenied):
        actions.partner_import(
            actor=world.users["investigator"],
            data=actions.PartnerInput(
                format="stix", content=stix_bundle(OTHER_PHONE), partner="CamCERT"
            ),
        )


# Clusters --------------------------------------------------------------------------------


def _clusters():
    return {
        c.pk: (c.size, c.linking_indicators, c.partner_indicators, c.risk)
        for c in Cluster.objects.all()
    }


def test_partner_only_indicators_link_no_reports_but_raise_the_risk(world, investigator):
    first = make_report(investigator, IndicatorInput("phone", "0912345678"))
    second = make_report(investigator, IndicatorInput("phone", "0912000111"))
    before = Cluster.objects.get(pk=first.cluster_id).risk
    # One partner document naming both numbers does not join the two reports.
    make_partner_import(world, "0912345678", "0912000111")
    assert Cluster.objects.count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.cluster_id != second.cluster_id
    cluster = Cluster.objects.get(pk=first.cluster_id)
    assert cluster.partner_indicators == 1
    assert cluster.risk > before


def test_incremental_equals_rebuild_with_partner_indicators(world, investigator):
    make_partner_import(world, "0912345678", OTHER_PHONE)
    # Reports arriving after the partner's document: counted as they join.
    make_report(investigator, IndicatorInput("phone", "0912345678"))
    make_report(investigator, IndicatorInput("phone", "0912345678"), PHONE)
    make_report(investigator, IndicatorInput("phone", OTHER_PHONE), PHONE)
    make_report(investigator, IndicatorInput("phone", "0911222333"))
    make_partner_import(world, "0911222333", partner="Thai CERT", country="TH")
    incremental = _clusters()
    assert sorted(p for _, _, p, _ in incremental.values()) == [1, 2]
    actions.clusters_rebuild(actor=None)
    rebuilt = _clusters()
    assert rebuilt.keys() == incremental.keys()
    for pk, (size, linking, partners, risk) in rebuilt.items():
        assert incremental[pk][:3] == (size, linking, partners)
        assert abs(incremental[pk][3] - risk) < 0.2


# Sharing and the public ------------------------------------------------------------------


def test_partner_only_indicators_are_not_exported_again(world, client_for):
    make_report(world.users["investigator"])
    make_partner_import(world, OTHER_PHONE)
    client = client_for(world.users["analyst"])
    for fmt in ("stix", "misp"):
        text = client.get(f"/api/v1/intel/export/{fmt}").content.decode()
        assert "+84912345678" in text
        assert OTHER_PHONE not in text
        assert "CamCERT" not in text


def test_a_partner_document_does_not_widen_what_an_agency_exports(world, client_for):
    # A report of the other province, and a partner naming the same number to us.
    make_report(world.other_users["investigator"], IndicatorInput("phone", OTHER_PHONE))
    make_partner_import(world, OTHER_PHONE)
    text = client_for(world.users["analyst"]).get("/api/v1/intel/export/stix").content
    assert OTHER_PHONE not in text.decode()


def test_lookup_says_partners_reported_it_without_naming_them(world):
    make_partner_import(world, OTHER_PHONE)
    api = Client().get("/api/v1/intel/lookup", {"kind": "phone", "value": "0987 654 321"})
    assert api.json()["partner_sources"] == 1
    assert api.json()["reports"] == 0
    assert "CamCERT" not in api.content.decode()
    page = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/lookup/", {"kind": "phone", "value": "0987654321"}
    )
    text = page.content.decode()
    assert 'data-testid="partner-sources"' in text
    assert "1 partner agency abroad" in text
    assert "CamCERT" not in text


# Pages and API ---------------------------------------------------------------------------


def test_import_page_upload_list_and_detail(world, client_for):
    make_report(world.users["investigator"], PHONE)
    client = client_for(world.users["analyst"])
    assert client.get("/intel/partners/import/").status_code == 200
    upload = SimpleUploadedFile("camcert.json", stix_bundle("0912345678", OTHER_PHONE, "12"))
    # Checked in the request, imported by a job whose page shows the result.
    response = client.post(
        "/intel/partners/import/",
        {"partner": "CamCERT", "country": "kh", "kind": "cert", "format": "stix", "file": upload},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="partner-result"' in text
    assert 'data-testid="partner-errors">1<' in text
    source = PartnerSource.objects.get()
    assert source.country == "KH"
    listing = client.get("/intel/partners/").content.decode()
    assert "CamCERT" in listing
    detail = client.get(f"/intel/partners/{source.pk}/").content.decode()
    assert "+84 987 654 321" in detail
    assert "scam-compound" in detail
    # Again: updated, nothing added twice.
    upload = SimpleUploadedFile("camcert.json", stix_bundle("0912345678", OTHER_PHONE, "12"))
    again = client.post(
        "/intel/partners/import/",
        {"partner": "CamCERT", "country": "KH", "kind": "cert", "format": "stix", "file": upload},
        follow=True,
    )
    assert again.status_code == 200
    assert PartnerSighting.objects.count() == 2


def test_import_page_errors_are_form_errors(world, client_for):
    client = client_for(world.users["analyst"])
    for content in (b"{", b"", b'{"objects": [{"type": "phone-number", "value": "1"}]}'):
        response = client.post(
            "/intel/partners/import/",
            {
                "partner": "CamCERT",
                "kind": "cert",
                "format": "stix",
                "file": SimpleUploadedFile("x.json", content),
            },
        )
        assert response.status_code == 400
        assert 'class="error' in response.content.decode() or "errorlist" in (
            response.content.decode()
        )
    assert PartnerBundle.objects.count() == 0


def test_indicator_page_counts_partner_sources_without_naming_them(world, client_for):
    report = make_report(world.users["investigator"], PHONE)
    make_partner_import(world, "0912345678")
    make_partner_import(world, "0912345678", partner="Thai CERT", country="TH")
    phone = report.indicators.get()
    client = client_for(world.users["investigator"])
    text = client.get(f"/intel/indicators/{phone.pk}/").content.decode()
    assert 'data-testid="partner-sources"' in text
    assert "CamCERT" not in text
    assert "Thai CERT" not in text
    cluster = client.get(f"/intel/clusters/{report.cluster_id}/").content.decode()
    assert 'data-testid="cluster-partners"' in cluster
    body = client.get(f"/api/v1/intel/indicators/{phone.pk}").json()
    assert body["partner_sources"] == 2
    assert body["reports"] == 1
    assert body["cluster"] == report.cluster_id
    assert "CamCERT" not in json.dumps(body)


def test_partner_api_import_list_and_detail(world, client_for):
    client = client_for(world.users["analyst"])
    url = "/api/v1/intel/partner-imports?format=stix&partner=CamCERT&country=KH&kind=cert"
    started = client.post(url, stix_bundle(OTHER_PHONE, "12"), content_type="application/json")
    assert started.status_code == 202, started.content
    assert started.json()["progress_url"] == f"/api/v1/jobs/{started.json()['job_id']}"
    job = client.get(started.json()["progress_url"]).json()
    assert (job["kind"], job["status"], job["done"], job["total"]) == (
        "intel.partner_import",
        "done",
        1,
        1,
    )
    body = job["summary"]
    assert body["created"] is True
    assert body["indicators"] == 1
    assert body["new_indicators"] == 1
    assert body["errors"][0]["position"] == 2
    again = client.post(url, stix_bundle(OTHER_PHONE, "12"), content_type="application/json")
    assert again.status_code == 202
    assert client.get(again.json()["progress_url"]).json()["summary"]["created"] is False
    assert PartnerBundle.objects.get().times_received == 2
    items = client.get("/api/v1/intel/partner-sources").json()["items"]
    assert [(i["name"], i["documents"]) for i in items] == [("CamCERT", 1)]
    detail = client.get(f"/api/v1/intel/partner-sources/{items[0]['id']}").json()
    assert detail["indicators"][0]["ref"] == f"phone:{OTHER_PHONE}"
    assert detail["indicators"][0]["confidence"] == 70
    other = client_for(world.other_users["analyst"])
    assert other.get(f"/api/v1/intel/partner-sources/{items[0]['id']}").status_code == 404
    assert other.get("/api/v1/intel/partner-sources").json()["items"] == []


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("format=stix&partner=CamCERT", b"{"),
        ("format=stix&partner=CamCERT", b"[1]"),
        ("format=stix", b'{"type": "bundle", "objects": []}'),
        ("format=xml&partner=CamCERT", b'{"type": "bundle", "objects": []}'),
        ("format=misp&partner=CamCERT", b'{"Event": {"Object": [1]}}'),
        ("format=stix&partner=CamCERT&country=Cambodia", b"{}"),
    ],
)
def test_partner_api_refuses_bad_input_with_problems(world, client_for, query, body):
    client = client_for(world.users["analyst"])
    response = client.post(
        f"/api/v1/intel/partner-imports?{query}", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert PartnerBundle.objects.count() == 0


def test_a_summary_written_before_refusals_were_sentences_still_shows(world, client_for):
    """A job that ended before kept each refused object's name apart and an English
    reason; its page shows them as they were until the job is pruned."""
    from django.utils import timezone

    from ctip.core.models import Job
    from ctip.intel.jobs import PARTNER_IMPORT

    analyst = world.users["analyst"]
    old = Job.objects.create(
        kind=PARTNER_IMPORT,
        owner=analyst,
        agency=analyst.agency,
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        summary={
            "created": True,
            "bundle": {
                "reference": "PB-000001",
                "source_id": 1,
                "source": "CamCERT",
                "document_id": "bundle--old",
            },
            "indicators": 1,
            "new_indicators": 1,
            "reported": 0,
            "error_count": 1,
            "errors": [{"position": 2, "object": "object 2", "message": "not a JSON object"}],
        },
    )
    page = client_for(analyst).get(f"/jobs/{old.pk}/").content.decode()
    assert "<code>object 2</code>: not a JSON object" in page
