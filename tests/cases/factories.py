"""Records of the cases app for tests: built through the actions, as users make them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ctip.cases import actions
from ctip.cases.models import (
    Case,
    CaseDocument,
    CaseIndicator,
    CaseShare,
    FollowUp,
    IdentificationDecision,
    PersonLink,
    Referral,
    ServiceProvider,
)
from ctip.core.models import Agency, User

# The smallest valid PNG header and a body: enough for the type check.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8 + b"photo of the person"

# Answers that make a presumed adult victim under the ILO rules.
PRESUMED = {
    "r_work_differed": "yes",
    "r_costs_became_debt": "yes",
    "r_unrealistic_pay": "yes",
    "e_forced_to_defraud": "yes",
    "e_excessive_hours": "yes",
    "e_confined": "yes",
    "e_physical_violence": "yes",
    "e_sexual_violence": "yes",
}


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def make_case(user: User, name: str = "Nguyễn Văn An", **values: Any) -> Case:
    values.setdefault("intake_channel", "handover")
    values.setdefault("intake_date", days_ago(2))
    values.setdefault("birth_date", dt.date(1998, 3, 14))
    values.setdefault("sex", "male")
    values.setdefault("assigned_worker", user)
    return actions.case_open(actor=user, data=actions.CaseOpenInput(full_name=name, **values)).case


def make_provider(agency: Agency, name: str = "Shelter", **values: Any) -> ServiceProvider:
    values.setdefault("services", ["shelter", "medical_care", "essential_needs"])
    return ServiceProvider.objects.create(agency=agency, name=name, **values)


def screened(case: Case, user: User, answers: dict[str, str] | None = None) -> Case:
    actions.screening_record(
        actor=user,
        case=case,
        data=actions.ScreeningInput(
            answers=answers or PRESUMED, interviewed_on=days_ago(1), version=case.version
        ),
    )
    case.refresh_from_db()
    return case


def to_identification(world: Any, case: Case) -> Case:
    worker = world.users["case_worker"]
    case = screened(case, worker)
    return actions.case_transition(
        actor=worker, case=case, target="identification", version=case.version
    )


def make_decision(world: Any, case: Case | None = None) -> IdentificationDecision:
    case = to_identification(world, case or make_case(world.users["case_worker"]))
    return actions.identification_decide(
        actor=world.users["supervisor"],
        case=case,
        data=actions.DecisionInput(
            outcome="victim",
            legal_basis="Law 53/2024/QH15",
            evidence=["interview", "handover list"],
            decided_on=days_ago(0),
        ),
    )


def make_referral(world: Any, provider: ServiceProvider | None = None) -> Referral:
    worker = world.users["case_worker"]
    case = make_case(worker, consent_processing=True)
    return actions.referral_send(
        actor=worker,
        case=case,
        data=actions.ReferralInput(
            provider=provider or make_provider(world.agency), services=["shelter"]
        ),
    )


def make_followup(world: Any) -> FollowUp:
    worker = world.users["case_worker"]
    case = make_case(worker, intake_date=days_ago(60))
    return actions.followup_schedule(actor=worker, case=case, start=days_ago(40))[0]


def make_link(world: Any) -> PersonLink:
    worker = world.users["case_worker"]
    first = make_case(worker, "Trần Thị Bình")
    second = make_case(worker, "Tran Thi Binh")
    return actions.person_link(
        actor=worker,
        person=first.person,
        other=second.person,
        kind="link",
        reason="same handover",
        score=None,
    )


def make_share(world: Any) -> CaseShare:
    worker = world.users["case_worker"]
    case = make_case(worker)
    return actions.case_share(
        actor=world.users["supervisor"],
        case=case,
        data=actions.ShareInput(
            agency=world.other,
            reason="investigation of the recruiter",
            override_reason="police request in an urgent investigation",
        ),
    )


def make_document(world: Any, kind: str = "photo", content: bytes = PNG) -> CaseDocument:
    worker = world.users["case_worker"]
    return actions.document_add(
        actor=worker,
        case=make_case(worker),
        data=actions.DocumentInput(kind=kind, content=content, file_name="a.png"),
    )


def make_contact(world: Any, value: str = "0912 000 111", kind: str = "phone") -> CaseIndicator:
    worker = world.users["case_worker"]
    return actions.indicator_add(
        actor=worker,
        case=make_case(worker),
        data=actions.ContactInput(kind=kind, value=value, note="recruiter on Zalo"),
    )


def make_handover(world: Any) -> Any:
    from ctip.cases.actions import handover

    case = make_case(world.users["case_worker"])
    return handover.handover_send(
        actor=world.users["case_worker"],
        case=case,
        to_agency=world.national,
        reason="the national office takes the case",
        version=case.version,
    )


def make_guardian(world: Any) -> Any:
    """An appointed representative in a child's case (estimated 14 to 15)."""
    from ctip.cases.actions.children import GuardianInput, guardian_add

    worker = world.users["case_worker"]
    case = make_case(worker, "Lò Thị Mai", birth_date=None, age_min=14, age_max=15)
    return guardian_add(
        actor=worker,
        case=case,
        data=GuardianInput(
            full_name="Hà Thị Lan", relation="appointed", appointed_by="Commune committee"
        ),
    )
