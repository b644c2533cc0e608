"""Reports, indicators and clusters through the actions; incremental equals rebuild."""

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from ctip.core.models import AuditEvent
from ctip.intel import actions
from ctip.intel.actions import IndicatorInput
from ctip.intel.engine.linking import cluster_id
from ctip.intel.models import Cluster, Indicator, Report
from tests.intel.factories import ACCOUNT, PHONE, make_report


def test_a_public_report_goes_to_the_intake_agency(world):
    report = make_report(None)
    assert report.channel == "public"
    assert report.agency == world.national
    assert report.filed_by is None
    assert {i.ref for i in report.indicators.all()} == {
        "phone:+84912345678",
        "bank_account:970436:001100123456",
    }
    event = AuditEvent.objects.get(event_type="INTEL_REPORT_FILED")
    assert event.target_id == str(report.pk)
    assert "0912" not in str(event.data)
    assert "narrative" in event.fields


@override_settings(CTIP_INTEL_INTAKE_AGENCY="t-police-hn")
def test_the_intake_agency_is_a_setting(world):
    assert make_report(None).agency == world.agency


def test_staff_reports_belong_to_the_actor_agency(world, investigator):
    report = make_report(investigator)
    assert report.channel == "staff"
    assert report.agency == world.agency
    assert report.filed_by == investigator


def test_one_phone_typed_differently_is_one_indicator_and_one_cluster(world, investigator):
    first = make_report(None, IndicatorInput("phone", "0162 345 6789"))
    second = make_report(investigator, IndicatorInput("phone", "+84 32 345 6789"))
    assert Indicator.objects.filter(kind="phone").count() == 1
    phone = Indicator.objects.get(kind="phone")
    assert phone.key == "+84323456789"
    assert phone.reports == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.cluster_id == second.cluster_id
    cluster = Cluster.objects.get(pk=first.cluster_id)
    assert cluster.size == 2
    assert cluster.total_loss_vnd == 30_000_000
    assert cluster.id == cluster_id(min(first.ref, second.ref))
    assert Cluster.objects.count() == 1


def test_names_do_not_link(world, investigator):
    a = make_report(investigator, IndicatorInput("name", "Công ty TNHH Việt Đức"))
    b = make_report(investigator, IndicatorInput("name", "cong ty viet duc"))
    assert Indicator.objects.filter(kind="name").count() == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.cluster_id != b.cluster_id


def test_a_report_joining_two_networks_merges_them(world, investigator):
    a = make_report(investigator, PHONE)
    b = make_report(investigator, ACCOUNT)
    assert Cluster.objects.count() == 2
    c = make_report(investigator, PHONE, ACCOUNT)
    assert Cluster.objects.count() == 1
    cluster = Cluster.objects.get()
    assert cluster.size == 3
    assert cluster.linking_indicators == 2
    assert set(cluster.kinds) == {"phone", "bank_account"}
    assert set(Report.objects.values_list("cluster_id", flat=True)) == {cluster.pk}
    assert cluster.anchor == min(a.ref, b.ref, c.ref)


def test_a_value_the_engine_refuses_is_kept_with_its_message(world, investigator):
    filed = actions.report_file(
        actor=investigator,
        data=actions.ReportInput(
            type="investment",
            indicators=[PHONE, IndicatorInput("phone", "0912 34"), IndicatorInput("url", "")],
        ),
    )
    assert [r.value for r in filed.rejected] == ["0912 34"]
    report = Report.objects.get(pk=filed.report.pk)
    assert report.unparsed[0]["value"] == "0912 34"
    assert report.unparsed[0]["message"]


def test_an_external_id_makes_filing_idempotent(world):
    bank_client = world.users["liaison"]
    one = actions.report_file(
        actor=bank_client,
        data=actions.ReportInput(
            type="impersonation", indicators=[PHONE], external_id="TX-1", channel="api"
        ),
    )
    two = actions.report_file(
        actor=bank_client,
        data=actions.ReportInput(
            type="impersonation", indicators=[PHONE], external_id="TX-1", channel="api"
        ),
    )
    assert one.created
    assert not two.created
    assert one.report.pk == two.report.pk
    assert Indicator.objects.get(kind="phone").reports == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"type": "lottery"}, "type"),
        ({"amount_lost_vnd": -1}, "amount_lost_vnd"),
        ({"lost_on": timezone.localdate() + dt.timedelta(days=3)}, "lost_on"),
        ({"reporter_email": "not-an-email"}, "reporter_email"),
        ({"narrative": "x" * 10_001}, "narrative"),
    ],
)
def test_bad_reports_are_refused_with_field_errors(world, values, field):
    values = {"type": "other", "indicators": [PHONE], **values}
    with pytest.raises(ValidationError) as caught:
        actions.report_file(actor=None, data=actions.ReportInput(**values))
    assert field in caught.value.message_dict
    assert not Report.objects.exists()


def test_an_empty_report_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        actions.report_file(actor=None, data=actions.ReportInput(type="other"))
    assert "indicators" in caught.value.message_dict


def test_filing_needs_the_permission(world):
    with pytest.raises(PermissionDenied):
        make_report(world.users["case_worker"])


def _state():
    clusters = {
        c.pk: (
            c.anchor,
            c.size,
            c.first_reported,
            c.last_reported,
            c.total_loss_vnd,
            tuple(sorted(c.kinds)),
            c.linking_indicators,
        )
        for c in Cluster.objects.all()
    }
    members = dict(Report.objects.values_list("ref", "cluster_id"))
    return clusters, members


def test_full_rebuild_equals_the_incremental_clusters(world, investigator):
    rng = random.Random(7)
    phones = [f"09{n:08d}" for n in rng.sample(range(10**7, 10**8), 12)]
    spellings = [lambda p: p, lambda p: "+84" + p[1:], lambda p: f"{p[:4]} {p[4:7]} {p[7:]}"]
    for n in range(40):
        chosen = rng.sample(phones, rng.choice([0, 1, 1, 2]))
        inputs = [IndicatorInput("phone", rng.choice(spellings)(p)) for p in chosen]
        inputs.append(IndicatorInput("name", rng.choice(["Công ty A", "Cty B"])))
        make_report(
            investigator if n % 2 else None,
            *inputs,
            amount_lost_vnd=rng.randrange(0, 10**8),
        )
    incremental = _state()
    assert len(incremental[0]) < 40
    result = actions.clusters_rebuild(actor=None)
    assert result.reports == 40
    assert result.clusters == len(incremental[0])
    assert _state() == incremental
    assert AuditEvent.objects.filter(event_type="INTEL_CLUSTERS_REBUILT").exists()


def test_rebuild_scores_risk_with_the_engine(world, investigator):
    make_report(investigator, PHONE)
    make_report(investigator, PHONE, ACCOUNT)
    actions.clusters_rebuild(actor=None)
    cluster = Cluster.objects.get()
    assert 0 < cluster.risk <= 100


def test_verifying_an_indicator_shows_on_the_lookup(world, investigator):
    make_report(investigator, PHONE)
    phone = Indicator.objects.get(kind="phone")
    actions.indicator_verify(actor=investigator, indicator=phone, note="Xác minh qua nhà mạng")
    actions.indicator_verify(actor=investigator, indicator=phone)
    phone.refresh_from_db()
    assert phone.verified_at is not None
    assert phone.verifications.count() == 1


def test_another_agency_cannot_verify_what_it_cannot_see(world, investigator):
    make_report(investigator, PHONE)
    phone = Indicator.objects.get(kind="phone")
    with pytest.raises(PermissionDenied):
        actions.indicator_verify(actor=world.other_users["investigator"], indicator=phone)
