"""Records of criminal proceedings for tests: agencies of the procuracy and the court,
their staff, denunciations and cases at each stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.core.models import Agency, AgencyType, User
from ctip.proceedings import actions
from ctip.proceedings.models import CriminalCase, Denunciation
from tests.conftest import PASSWORD


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@dataclass
class Justice:
    procuracy: Agency
    court: Agency
    appeal_court: Agency
    procurator: User
    judge: User
    clerk: User
    appeal_judge: User


def _agency(world: Any, code: str, kind: str, vi: str, en: str) -> Agency:
    found = Agency.objects.filter(code=code).first()
    if found is not None:
        return found
    return core_actions.agency_create(
        actor=None,
        code=code,
        type=kind,
        name_vi=vi,
        name_en=en,
        country="VN",
        parent=world.national,
    )


def _user(agency: Agency, name: str, role: str) -> User:
    found = User.objects.filter(username=name).first()
    if found is not None:
        return found
    return core_actions.user_create(
        actor=None, agency=agency, username=name, password=PASSWORD, roles=[role]
    )


def justice(world: Any) -> Justice:
    procuracy = _agency(
        world, "t-procuracy-hn", AgencyType.PROCURACY, "VKSND Hà Nội", "Ha Noi Procuracy"
    )
    court = _agency(world, "t-court-hn", AgencyType.COURT, "TAND Hà Nội", "Ha Noi Court")
    appeal = _agency(world, "t-court-high", AgencyType.COURT, "TAND cấp cao", "High Court")
    return Justice(
        procuracy=procuracy,
        court=court,
        appeal_court=appeal,
        procurator=_user(procuracy, "procurator-p", "procurator"),
        judge=_user(court, "judge-c", "judge"),
        clerk=_user(court, "clerk-c", "court_clerk"),
        appeal_judge=_user(appeal, "judge-h", "judge"),
    )


def make_denunciation(
    world: Any, *, received_on: dt.date | None = None, **values: Any
) -> Denunciation:
    values.setdefault("kind", "denunciation")
    values.setdefault("summary", "Bà Trần Thị B tố giác việc con gái bị bán sang Campuchia")
    return actions.denunciation_receive(
        actor=world.users["investigator"],
        data=actions.DenunciationInput(received_on=received_on or days_ago(5), **values),
    )


def make_criminal_case(
    world: Any, *, initiated_on: dt.date | None = None, **values: Any
) -> CriminalCase:
    return actions.case_initiate(
        actor=world.users["investigator"],
        data=actions.InitiateInput(
            title=values.pop("title", "Vụ mua bán người tại Mộc Bài"),
            initiated_on=initiated_on or days_ago(100),
            **values,
        ),
    )


def charged_case(world: Any, *, initiated_on: dt.date | None = None) -> tuple[CriminalCase, int]:
    """A case with one charged accused (article 150), at the investigation stage."""
    investigator = world.users["investigator"]
    found = make_criminal_case(world, initiated_on=initiated_on or days_ago(100))
    person = actions.accused_add(
        actor=investigator,
        data=actions.AccusedInput(
            case_id=found.pk, full_name="Lê Văn C", nationality="Campuchia", sex="male"
        ),
    )
    actions.charge_add(
        actor=investigator,
        data=actions.ChargeInput(
            accused_id=person.pk, article="150", act="Bán 3 phụ nữ qua cửa khẩu Mộc Bài"
        ),
    )
    actions.case_decide(
        actor=investigator,
        data=actions.DecisionInput(
            case_id=found.pk, kind="charge_accused", decided_on=days_ago(90)
        ),
    )
    found.refresh_from_db()
    return found, person.pk


def judged_case(world: Any) -> CriminalCase:
    """A case through indictment to a first-instance judgment 20 days ago."""
    j = justice(world)
    found, _ = charged_case(world)
    actions.case_decide(
        actor=world.users["investigator"],
        data=actions.DecisionInput(
            case_id=found.pk,
            kind="conclude_investigation",
            decided_on=days_ago(60),
            agency_id=j.procuracy.pk,
        ),
    )
    actions.case_decide(
        actor=j.procurator,
        data=actions.DecisionInput(
            case_id=found.pk, kind="indict", decided_on=days_ago(45), agency_id=j.court.pk
        ),
    )
    actions.case_decide(
        actor=j.judge,
        data=actions.DecisionInput(
            case_id=found.pk, kind="first_instance_judgment", decided_on=days_ago(20)
        ),
    )
    found.refresh_from_db()
    return found


def joint_case(world: Any, counterpart_id: int) -> tuple[CriminalCase, int, int]:
    """A charged case shared with a counterpart abroad: (case, accused id, joint id)."""
    found, person = charged_case(world)
    joint = actions.joint_share(
        actor=world.users["investigator"],
        data=actions.JointShareInput(
            case_id=found.pk,
            counterpart_id=counterpart_id,
            summary="Trafficking of three women to a compound in Bavet; suspect LE VAN C.",
        ),
    )
    return found, person, joint.pk
