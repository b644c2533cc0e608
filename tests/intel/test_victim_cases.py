"""Victim cases naming an indicator, shown to intel staff on the indicator and network
pages and in the API: a count, links to the cases they may open, the read audited."""

from __future__ import annotations

import re

import pytest

from ctip.cases import actions as case_actions
from ctip.core.models import AuditEvent
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import Indicator
from tests.cases.factories import make_case
from tests.intel.factories import make_report

pytestmark = pytest.mark.django_db


def _case_naming(worker, value="0912 345 678", kind="phone", detail=""):
    case = make_case(worker)
    case_actions.indicator_add(
        actor=worker,
        case=case,
        data=case_actions.ContactInput(
            kind=kind, value=value, detail=detail, note="người tuyển dụng qua Zalo"
        ),
    )
    return case


def _viewed(target) -> int:
    events = AuditEvent.objects.filter(event_type="RECORD_VIEWED", target_id=str(target.pk))
    return sum("victim_cases" in e.fields for e in events)


def test_the_indicator_page_counts_and_links_the_cases(world, client_for):
    investigator = world.users["investigator"]
    report = make_report(investigator, IndicatorInput("phone", "+84 912 345 678"))
    phone = report.indicators.get()
    ours = _case_naming(world.users["case_worker"])
    theirs = _case_naming(world.other_users["case_worker"], value="0912345678")
    _case_naming(world.users["case_worker"], value="0987 654 321")  # another number
    page = client_for(investigator).get(f"/intel/indicators/{phone.pk}/")
    text = page.content.decode()
    assert 'data-testid="victim-case-count"' in text
    assert f"/cases/{ours.pk}/" in text
    assert ours.reference in text
    # The other province's case is counted, not linked.
    assert f"/cases/{theirs.pk}/" not in text
    assert theirs.reference not in text
    assert theirs.lead_agency.name in text
    assert "Nguyễn Văn An" not in text  # never the person
    assert _viewed(phone) == 1
    # An analyst (no cases permission) sees the count, opens nothing.
    analyst = client_for(world.users["analyst"]).get(f"/intel/indicators/{phone.pk}/")
    assert 'data-testid="victim-case-count"' in analyst.content.decode()
    assert f"/cases/{ours.pk}/" not in analyst.content.decode()


def test_the_cluster_page_shows_the_cases_of_its_indicators(world, client_for):
    investigator = world.users["investigator"]
    report = make_report(
        investigator,
        IndicatorInput("phone", "0912345678"),
        IndicatorInput("social", "@scamjobs", platform="telegram"),
    )
    make_report(investigator, IndicatorInput("phone", "0912345678"))
    report.refresh_from_db()
    first = _case_naming(world.users["case_worker"])
    second = _case_naming(world.users["case_worker"], value="t.me/ScamJobs", kind="social")
    both = _case_naming(
        world.users["case_worker"], value="@scamjobs", kind="social", detail="telegram"
    )
    case_actions.indicator_add(
        actor=world.users["case_worker"],
        case=both,
        data=case_actions.ContactInput(kind="phone", value="0912 345 678"),
    )
    text = client_for(investigator).get(f"/intel/clusters/{report.cluster_id}/").content.decode()
    for case in (first, second, both):
        assert f"/cases/{case.pk}/" in text
    # Three distinct cases, however many of the network's indicators each names.
    count = re.search(r'data-testid="victim-case-count">([^<]*)<', text)
    assert count is not None
    assert re.findall(r"\d+", count.group(1)) == ["3"]
    assert _viewed(report.cluster) == 1


def test_no_case_no_audit(world, client_for):
    report = make_report(world.users["investigator"], IndicatorInput("phone", "0912345678"))
    phone = report.indicators.get()
    text = client_for(world.users["investigator"]).get(f"/intel/indicators/{phone.pk}/")
    assert 'data-testid="victim-case-count"' in text.content.decode()
    assert _viewed(phone) == 0


def test_the_api_indicator_detail_has_the_cases(world, client_for):
    investigator = world.users["investigator"]
    report = make_report(investigator, IndicatorInput("phone", "0912345678"))
    phone = Indicator.objects.get(pk=report.indicators.get().pk)
    ours = _case_naming(world.users["case_worker"])
    _case_naming(world.other_users["case_worker"])
    body = client_for(investigator).get(f"/api/v1/intel/indicators/{phone.pk}").json()
    assert body["victim_cases"] == 2
    assert [c["id"] for c in body["cases"]] == [ours.pk]
    assert body["cases"][0]["reference"] == ours.reference
    analyst = client_for(world.users["analyst"]).get(f"/api/v1/intel/indicators/{phone.pk}")
    assert analyst.json()["victim_cases"] == 2
    assert analyst.json()["cases"] == []
    other = client_for(world.other_users["investigator"])
    assert other.get(f"/api/v1/intel/indicators/{phone.pk}").status_code == 404


def test_without_the_cases_selector_the_pages_still_render(world, client_for, monkeypatch):
    monkeypatch.setattr("ctip.intel.ports._cases_naming", None)
    report = make_report(world.users["investigator"], IndicatorInput("phone", "0912345678"))
    client = client_for(world.users["investigator"])
    for url in (
        f"/intel/indicators/{report.indicators.get().pk}/",
        f"/intel/clusters/{report.cluster_id}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert 'data-testid="victim-cases"' not in response.content.decode()
