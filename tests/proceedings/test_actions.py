"""Denunciations, stages in order, charges once per act: the issue's bad input refused
with a clear message and nothing half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ctip.core.models import AuditEvent
from ctip.proceedings import actions
from ctip.proceedings.models import Accused, CaseDecision, Charge, CriminalCase, Denunciation
from tests.proceedings.factories import (
    charged_case,
    days_ago,
    judged_case,
    justice,
    make_criminal_case,
    make_denunciation,
)

pytestmark = pytest.mark.django_db


def _message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_denunciation_due_in_twenty_days_and_extended_as_the_code_allows(world):
    found = make_denunciation(world, received_on=days_ago(5))
    assert found.due_on == days_ago(5 - 20)
    investigator = world.users["investigator"]
    found = actions.denunciation_extend(
        actor=investigator,
        data=actions.ExtensionInput(
            denunciation_id=found.pk, days=60, reason="Nhiều nơi cần xác minh"
        ),
    )
    assert found.due_on == days_ago(5 - 80)
    with pytest.raises(ValidationError) as error:
        actions.denunciation_extend(
            actor=investigator,
            data=actions.ExtensionInput(denunciation_id=found.pk, days=30, reason="Cần thêm"),
        )
    assert "procuracy" in _message(error)
    with pytest.raises(ValidationError) as error:
        actions.denunciation_extend(
            actor=investigator,
            data=actions.ExtensionInput(
                denunciation_id=found.pk, days=61, reason="Cần thêm", procuracy_decision="12/QĐ-VKS"
            ),
        )
    assert "1 to 60" in _message(error)
    actions.denunciation_extend(
        actor=investigator,
        data=actions.ExtensionInput(
            denunciation_id=found.pk, days=60, reason="Cần thêm", procuracy_decision="12/QĐ-VKS"
        ),
    )
    with pytest.raises(ValidationError) as error:
        actions.denunciation_extend(
            actor=investigator,
            data=actions.ExtensionInput(
                denunciation_id=found.pk, days=10, reason="Cần thêm", procuracy_decision="13/QĐ-VKS"
            ),
        )
    assert "art. 147" in _message(error)


def test_a_passed_time_limit_cannot_be_extended_and_a_late_resolution_is_flagged(world):
    found = make_denunciation(world, received_on=days_ago(30))
    assert found.overdue()
    investigator = world.users["investigator"]
    with pytest.raises(ValidationError) as error:
        actions.denunciation_extend(
            actor=investigator,
            data=actions.ExtensionInput(denunciation_id=found.pk, days=30, reason="Cần thêm"),
        )
    assert "passed" in _message(error)
    found = actions.denunciation_resolve(
        actor=investigator,
        data=actions.ResolutionInput(
            denunciation_id=found.pk, resolution="do_not_prosecute", decided_on=days_ago(1)
        ),
    )
    assert found.decided_late


def test_prosecuting_a_denunciation_initiates_the_case_in_one_transaction(world):
    found = make_denunciation(world)
    investigator = world.users["investigator"]
    with pytest.raises(ValidationError):
        actions.denunciation_resolve(
            actor=investigator,
            data=actions.ResolutionInput(
                denunciation_id=found.pk,
                resolution="prosecute",
                decided_on=days_ago(1),
                case_title=" ",
            ),
        )
    found.refresh_from_db()
    assert found.resolution == ""
    assert not CriminalCase.objects.exists()
    found = actions.denunciation_resolve(
        actor=investigator,
        data=actions.ResolutionInput(
            denunciation_id=found.pk,
            resolution="prosecute",
            decided_on=days_ago(1),
            case_title="Vụ án A",
        ),
    )
    assert found.criminal_case is not None
    assert found.criminal_case.initiating_agency_type == "police"
    assert AuditEvent.objects.filter(event_type="PROCEEDINGS_DENUNCIATION_RESOLVED").exists()


def test_resolution_before_receipt_is_refused(world):
    found = make_denunciation(world, received_on=days_ago(5))
    with pytest.raises(ValidationError) as error:
        actions.denunciation_resolve(
            actor=world.users["investigator"],
            data=actions.ResolutionInput(
                denunciation_id=found.pk, resolution="suspend", decided_on=days_ago(6)
            ),
        )
    assert "before the denunciation was received" in _message(error)


def test_decisions_out_of_order_are_refused_with_what_may_come_next(world):
    found = make_criminal_case(world)
    with pytest.raises(ValidationError) as error:
        actions.case_decide(
            actor=world.users["investigator"],
            data=actions.DecisionInput(
                case_id=found.pk, kind="first_instance_judgment", decided_on=days_ago(1)
            ),
        )
    text = _message(error)
    assert "cannot be recorded now" in text
    assert "Accused charged" in text
    assert CaseDecision.objects.filter(case=found).count() == 1


def test_decisions_dated_before_the_case_began_are_refused(world):
    found, _ = charged_case(world, initiated_on=days_ago(100))
    j = justice(world)
    with pytest.raises(ValidationError) as error:
        actions.case_decide(
            actor=world.users["investigator"],
            data=actions.DecisionInput(
                case_id=found.pk,
                kind="conclude_investigation",
                decided_on=days_ago(101),
                agency_id=j.procuracy.pk,
            ),
        )
    assert "before the case began" in _message(error)
    with pytest.raises(ValidationError) as error:
        actions.case_decide(
            actor=world.users["investigator"],
            data=actions.DecisionInput(
                case_id=found.pk,
                kind="conclude_investigation",
                decided_on=days_ago(95),
                agency_id=j.procuracy.pk,
            ),
        )
    assert "last decision" in _message(error)
    found.refresh_from_db()
    assert found.stage == "investigation"
    assert found.agency_in_charge_id == world.agency.pk


def test_the_stages_run_to_a_final_judgment_with_the_agency_in_charge(world):
    found = judged_case(world)
    j = justice(world)
    assert found.stage == "first_instance"
    assert found.agency_in_charge_id == j.court.pk
    assert Accused.objects.get(case=found).role == "defendant"
    # Final only once the fifteen days for an appeal have run out: 20 days ago, so yes.
    with pytest.raises(ValidationError) as error:
        actions.case_decide(
            actor=j.judge,
            data=actions.DecisionInput(
                case_id=found.pk, kind="final_judgment", decided_on=days_ago(10)
            ),
        )
    assert "appeal" in _message(error)
    actions.case_decide(
        actor=j.judge,
        data=actions.DecisionInput(case_id=found.pk, kind="final_judgment", decided_on=days_ago(2)),
    )
    found.refresh_from_db()
    assert found.stage == "final"
    # The police agency cannot decide for the court.
    with pytest.raises(ValidationError):
        actions.case_decide(
            actor=world.users["investigator"],
            data=actions.DecisionInput(
                case_id=found.pk, kind="appeal", decided_on=days_ago(1), agency_id=j.appeal_court.pk
            ),
        )


def test_the_agency_taking_over_must_be_of_the_right_kind(world):
    found, _ = charged_case(world)
    j = justice(world)
    with pytest.raises(ValidationError) as error:
        actions.case_decide(
            actor=world.users["investigator"],
            data=actions.DecisionInput(
                case_id=found.pk,
                kind="conclude_investigation",
                decided_on=days_ago(50),
                agency_id=j.court.pk,
            ),
        )
    assert "procuracy" in _message(error)


def test_time_limit_passed_is_flagged(world):
    found = make_criminal_case(world, initiated_on=days_ago(200))
    assert found.due_on == days_ago(200 - 90)  # serious: 90 days of investigation
    assert found.overdue()


def test_a_defendant_charged_twice_for_one_act_is_refused(world):
    found, person_id = charged_case(world)
    with pytest.raises(ValidationError) as error:
        actions.charge_add(
            actor=world.users["investigator"],
            data=actions.ChargeInput(
                accused_id=person_id, article="151", act="  bán 3 phụ nữ qua cửa khẩu  Mộc Bài "
            ),
        )
    assert "already charged for this act (article 150)" in _message(error)
    assert Charge.objects.filter(accused_id=person_id).count() == 1
    actions.charge_add(
        actor=world.users["investigator"],
        data=actions.ChargeInput(
            accused_id=person_id, article="348", act="Đưa 5 người vượt biên trái phép"
        ),
    )
    found.refresh_from_db()
    assert found.seriousness == "very_serious"


def test_an_unknown_article_and_an_unknown_country_are_refused(world):
    found, person_id = charged_case(world)
    with pytest.raises(ValidationError) as error:
        actions.charge_add(
            actor=world.users["investigator"],
            data=actions.ChargeInput(accused_id=person_id, article="999", act="Khác"),
        )
    assert "999" in _message(error)
    with pytest.raises(ValidationError):
        actions.accused_add(
            actor=world.users["investigator"],
            data=actions.AccusedInput(case_id=found.pk, full_name="X", nationality="Atlantis"),
        )


def test_accused_identity_is_encrypted_and_nationality_typed(world):
    _found, person_id = charged_case(world)
    person = Accused.objects.get(pk=person_id)
    assert person.nationality == "KH"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM proceedings_accused WHERE id = %s", [person_id])
        assert "Lê Văn C" not in cursor.fetchone()[0]


def test_other_agency_cannot_write_to_our_case(world):
    found = make_criminal_case(world)
    from django.http import Http404

    with pytest.raises(Http404):
        actions.accused_add(
            actor=world.other_users["investigator"],
            data=actions.AccusedInput(case_id=found.pk, full_name="Y"),
        )


def test_a_share_opens_the_file_to_exactly_one_agency_and_not_to_decide(world):
    found = make_criminal_case(world)
    investigator = world.users["investigator"]
    actions.file_share(
        actor=investigator, data=actions.ShareInput(case_id=found.pk, agency_id=world.other.pk)
    )
    from ctip.core.scope import visible

    other = world.other_users["investigator"]
    assert (
        visible(CriminalCase.objects.all(), other, "proceedings.view").filter(pk=found.pk).exists()
    )
    with pytest.raises(ValidationError) as error:
        actions.accused_add(actor=other, data=actions.AccusedInput(case_id=found.pk, full_name="Y"))
    assert "agency in charge" in _message(error)


def test_denunciation_from_an_unseen_victim_case_is_refused(world):
    from tests.cases.factories import make_case

    theirs = make_case(world.other_users["case_worker"])
    with pytest.raises(ValidationError) as error:
        make_denunciation(world, source_kind="victim_case", source_case_id=theirs.pk)
    assert "cannot see" in _message(error)
    assert not Denunciation.objects.exists()


def test_a_victim_case_seen_through_a_share_without_consent_is_refused(world):
    from ctip.cases import actions as cases_actions
    from ctip.proceedings.models import Victim
    from tests.cases.factories import make_case

    theirs = make_case(world.other_users["case_worker"])
    cases_actions.case_share(
        actor=world.other_users["supervisor"],
        case=theirs,
        data=cases_actions.ShareInput(
            agency=world.agency,
            reason="Điều tra vụ án",
            override_reason="Cần ngay để bảo vệ nạn nhân",
        ),
    )
    found = make_criminal_case(world)
    with pytest.raises(ValidationError) as error:
        actions.victim_add(
            actor=world.users["investigator"],
            data=actions.VictimInput(case_id=found.pk, protection_case_id=theirs.pk),
        )
    assert "not agreed" in _message(error)
    assert not Victim.objects.exists()
