"""From a denunciation naming a scam network to a first-instance judgment, with the
victim's case worker seeing the stage (the issue's journey, through the actions and the
case page)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ctip.proceedings import actions
from ctip.proceedings.models import Accused, Asset, CaseLink
from tests.cases.factories import make_case
from tests.intel.factories import make_evidence, make_freeze, make_report
from tests.proceedings.factories import days_ago, justice

pytestmark = pytest.mark.django_db


def test_denunciation_naming_a_network_to_first_instance_judgment(world, client_for):
    investigator = world.users["investigator"]
    j = justice(world)
    report = make_report(investigator)
    report.refresh_from_db()
    network = report.cluster_id
    protection = make_case(world.users["case_worker"], sex="female")

    denunciation = actions.denunciation_receive(
        actor=investigator,
        data=actions.DenunciationInput(
            kind="denunciation",
            received_on=days_ago(120),
            summary="Gia đình tố giác đường dây tuyển người sang Campuchia",
            source_kind="network",
            source_reference=network,
        ),
    )
    assert denunciation.source_reference == network
    denunciation = actions.denunciation_resolve(
        actor=investigator,
        data=actions.ResolutionInput(
            denunciation_id=denunciation.pk,
            resolution="prosecute",
            decided_on=days_ago(110),
            case_title="Vụ mua bán người qua mạng",
        ),
    )
    assert not denunciation.decided_late
    case_id = denunciation.criminal_case_id
    actions.link_add(
        actor=investigator, data=actions.LinkInput(case_id=case_id, kind="network", ref=network)
    )
    freeze = make_freeze(world)
    actions.link_add(
        actor=investigator,
        data=actions.LinkInput(case_id=case_id, kind="freeze_request", ref=str(freeze.pk)),
    )
    with pytest.raises(ValidationError):
        actions.link_add(
            actor=investigator,
            data=actions.LinkInput(case_id=case_id, kind="freeze_request", ref="999999"),
        )
    evidence = make_evidence(world)
    actions.link_add(
        actor=investigator,
        data=actions.LinkInput(case_id=case_id, kind="evidence", ref=str(evidence.pk)),
    )
    assert CaseLink.objects.filter(case_id=case_id).count() == 3

    person = actions.accused_add(
        actor=investigator,
        data=actions.AccusedInput(
            case_id=case_id, full_name="Zhang Wei", nationality="Trung Quốc", sex="male"
        ),
    )
    actions.charge_add(
        actor=investigator,
        data=actions.ChargeInput(
            accused_id=person.pk, article="150", act="Bán chị A sang Campuchia"
        ),
    )
    actions.measure_add(
        actor=investigator,
        data=actions.MeasureInput(accused_id=person.pk, kind="detention", starts_on=days_ago(100)),
    )
    victim = actions.victim_add(
        actor=investigator,
        data=actions.VictimInput(
            case_id=case_id, protection_case_id=protection.pk, protection_measures=("escort",)
        ),
    )
    steps = [
        (investigator, "charge_accused", 100, None),
        (investigator, "conclude_investigation", 60, j.procuracy.pk),
        (j.procurator, "indict", 45, j.court.pk),
        (j.judge, "first_instance_judgment", 10, None),
    ]
    for actor, kind, ago, agency in steps:
        actions.case_decide(
            actor=actor,
            data=actions.DecisionInput(
                case_id=case_id, kind=kind, decided_on=days_ago(ago), agency_id=agency
            ),
        )
    clerk = j.clerk
    actions.outcome_record(
        actor=clerk, data=actions.OutcomeInput(accused_id=person.pk, outcome="convicted")
    )
    charge = person.charges.get()
    actions.sentence_record(
        actor=clerk,
        data=actions.SentenceInput(charge_id=charge.pk, kind="imprisonment", months=96),
    )
    actions.victim_compensation(
        actor=clerk,
        data=actions.CompensationInput(victim_id=victim.pk, ordered_vnd=50_000_000, paid_vnd=0),
    )
    actions.asset_record(
        actor=clerk,
        data=actions.AssetInput(
            case_id=case_id,
            description="Tiền trong tài khoản bị phong tỏa",
            amount_vnd=15_000_000,
            status="returned",
            status_on=days_ago(5),
            returned_to_id=victim.pk,
        ),
    )
    assert Accused.objects.get(pk=person.pk).role == "defendant"
    assert Asset.objects.get().returned_to_id == victim.pk

    page = client_for(world.users["case_worker"]).get(
        f"/cases/{protection.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "First-instance trial" in text
    assert "Court" in text
    assert "Zhang Wei" not in text
