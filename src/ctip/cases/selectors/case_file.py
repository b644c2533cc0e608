"""The case as one screen shows it: ``case_file`` for what the page and
``GET /api/v1/cases/{id}`` both show, ``case_page`` for what only the page adds.

Each part of a case is read here once; the page's template and the API's ``CaseOut``
read the same frozen dataclass."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ctip.cases.actions.checks import leads
from ctip.cases.actions.referrals import receives
from ctip.cases.engine.questionnaire import RECOMMENDATION_LABELS, Recommendation
from ctip.cases.engine.workflow import CASE_TRANSITIONS, CaseStatus
from ctip.cases.labels import label, support_label
from ctip.cases.models import (
    Case,
    CaseDocument,
    CaseHandover,
    CasePlan,
    CaseShare,
    Consent,
    FollowUp,
    IdentificationDecision,
    NonPunishmentStatement,
    Person,
    Referral,
    ScreeningInterview,
    ServiceDelivery,
)
from ctip.cases.selectors.contacts import IndicatorView, case_indicators
from ctip.cases.selectors.handovers import handovers_of
from ctip.cases.selectors.listing import open_case, timeline
from ctip.cases.selectors.persons import held_elsewhere
from ctip.cases.selectors.records import case_documents, deliveries
from ctip.cases.selectors.screening import (
    AnswerView,
    screening_answers,
    screening_findings,
    screening_indicators,
)
from ctip.core.models import Agency, AuditEvent, User


@dataclass(frozen=True)
class ScreeningView:
    """One screening interview with the indicators the reader may see."""

    interview: ScreeningInterview
    indicators: list[dict[str, str]]

    @property
    def id(self) -> int:
        return self.interview.pk

    @property
    def questionnaire_version(self) -> str:
        return self.interview.questionnaire_version

    @property
    def recommendation(self) -> str:
        return self.interview.recommendation

    @property
    def interviewed_on(self) -> dt.date:
        return self.interview.interviewed_on

    @property
    def flags(self) -> list[str]:
        return list((self.interview.result or {}).get("flags", []))


def screening_view(actor: User, interview: ScreeningInterview) -> ScreeningView:
    return ScreeningView(
        interview,
        [{k: str(v) for k, v in i.items()} for i in screening_indicators(actor, interview)],
    )


@dataclass(frozen=True)
class ConsentView:
    """The consent in force (the latest not withdrawn) and the agencies it names."""

    processing: bool
    later_contact: bool
    given_on: dt.date
    agencies: list[Agency]

    @property
    def share_agencies(self) -> list[str]:
        return sorted(a.code for a in self.agencies)


@dataclass(frozen=True)
class CaseFile:
    """A case with its person and everything done for them, as the actor may read it.

    The case's own columns (``reference``, ``status``, ``version``...) are read through
    to ``case``, so ``CaseOut`` reads this as it reads a ``Case``."""

    case: Case
    person: Person
    screenings: list[ScreeningView]
    decisions: list[IdentificationDecision]
    referrals: list[Referral]
    deliveries: list[ServiceDelivery]
    followups: list[FollowUp]
    consent: ConsentView | None
    plan: CasePlan | None
    shares: list[CaseShare]

    def __getattr__(self, name: str) -> Any:
        # Only called for what the dataclass itself does not hold.
        if name.startswith("_") or name == "case":
            raise AttributeError(name)
        return getattr(self.case, name)


def file_of(actor: User, case: Case) -> CaseFile:
    """The ``CaseFile`` of a case the caller already holds (read or just opened)."""
    consent = (
        Consent.objects.filter(case=case, withdrawn_at__isnull=True)
        .prefetch_related("share_agencies")
        .first()
    )
    return CaseFile(
        case=case,
        person=case.person,
        screenings=[screening_view(actor, s) for s in ScreeningInterview.objects.filter(case=case)],
        decisions=list(
            IdentificationDecision.objects.filter(case=case).select_related(
                "decided_by", "approved_by"
            )
        ),
        referrals=list(Referral.objects.filter(case=case).select_related("provider__agency")),
        deliveries=deliveries(actor, case),
        followups=list(FollowUp.objects.filter(case=case).select_related("assignee")),
        consent=(
            ConsentView(
                processing=consent.processing,
                later_contact=consent.later_contact,
                given_on=consent.given_on,
                agencies=list(consent.share_agencies.all()),
            )
            if consent
            else None
        ),
        plan=CasePlan.objects.filter(case=case).select_related("updated_by").first(),
        shares=list(
            CaseShare.objects.filter(case=case, revoked_at__isnull=True).select_related(
                "agency", "shared_by"
            )
        ),
    )


def case_file(actor: User, case_id: int) -> CaseFile:
    """``GET /api/v1/cases/{id}``: the case file, its person's read recorded."""
    return file_of(actor, open_case(actor, case_id))


@dataclass(frozen=True)
class CasePage:
    """The case page: the ``CaseFile`` and what only the page shows around it."""

    file: CaseFile
    leads: bool
    targets: list[str]
    receiving: list[Referral]
    timeline: QuerySet[AuditEvent]
    recommendation: str
    findings: dict[str, Any] | None
    answers: list[AnswerView]
    statements: bool
    documents: list[CaseDocument]
    contacts: list[IndicatorView]
    handovers: list[CaseHandover]
    held_elsewhere: int
    plan_support: list[str] = field(default_factory=list)

    @property
    def latest(self) -> ScreeningView | None:
        return self.file.screenings[0] if self.file.screenings else None


def case_page(actor: User, case_id: int, lang: str) -> CasePage:
    """The case page: the person's read recorded; on-file checks only for the lead agency."""
    found = file_of(actor, open_case(actor, case_id))
    case = found.case
    leading = leads(actor, case)
    latest = found.screenings[0].interview if found.screenings else None
    return CasePage(
        file=found,
        leads=leading,
        targets=[t.value for t in CASE_TRANSITIONS.targets(CaseStatus(case.status))],
        receiving=[r for r in found.referrals if receives(actor, r)],
        timeline=timeline(case)[:200],
        recommendation=(
            label(RECOMMENDATION_LABELS[Recommendation(latest.recommendation)]) if latest else ""
        ),
        findings=screening_findings(actor, latest, lang) if latest else None,
        answers=screening_answers(actor, latest, lang) if latest else [],
        statements=NonPunishmentStatement.objects.filter(case=case).exists(),
        documents=case_documents(actor, case),
        contacts=case_indicators(actor, case),
        handovers=list(handovers_of(case)),
        held_elsewhere=held_elsewhere(actor, case) if leading else 0,
        plan_support=[support_label(c) for c in found.plan.support_types] if found.plan else [],
    )
