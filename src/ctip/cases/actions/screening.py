"""The screening interview (ILO indicators) and the statement of forced acts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import bump, fresh, not_in_future, require_lead
from ctip.cases.age import treated_as_child
from ctip.cases.engine.children import ADULT_INTERVIEW_FOR_CHILD
from ctip.cases.engine.non_punishment import (
    Coercion,
    ForcedAct,
    ForcedActRecord,
    NonPunishmentError,
    build_note,
)
from ctip.cases.engine.questionnaire import (
    Questionnaire,
    ScreeningError,
    load_questionnaire,
    score,
)
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.events import CasesEvent
from ctip.cases.labels import label
from ctip.cases.models import Case, NonPunishmentStatement, ScreeningDraft, ScreeningInterview
from ctip.core import audit
from ctip.core.models import User
from ctip.core.scope import get_visible


@dataclass(frozen=True)
class ScreeningDateInput:
    case_id: int
    on: dt.date


@transaction.atomic
def screening_reschedule(*, actor: User, data: ScreeningDateInput) -> dt.date:
    """Move the screening interview scheduled for a case to another day: the lead agency,
    before the interview is held. Returns the day it was scheduled on before."""
    case = get_visible(Case.objects.select_for_update(), actor, "cases.screen", pk=data.case_id)
    require_lead(actor, case, "cases.screen")
    if case.status != CaseStatus.INTAKE or case.screening_on is None:
        raise ValidationError(_("No screening interview is waiting to be held in this case."))
    if data.on < timezone.localdate():
        raise ValidationError({"on": _("This date is in the past.")})
    if data.on == case.screening_on:
        raise ValidationError({"on": _("The interview is already scheduled on this day.")})
    before = case.screening_on
    case = bump(case, case.version, screening_on=data.on)
    audit.record(
        CasesEvent.SCREENING_RESCHEDULED,
        actor=actor,
        target=case,
        fields=["screening_on"],
        data={"from": before.isoformat(), "to": data.on.isoformat()},
    )
    return before


@dataclass(frozen=True)
class ScreeningInput:
    answers: Mapping[str, Any]
    interviewed_on: dt.date
    version: int | None
    minor_at_recruitment: bool = False
    questionnaire_version: str | None = None


@transaction.atomic
def screening_record(*, actor: User, case: Case, data: ScreeningInput) -> ScreeningInterview:
    """Store the answers with the result computed now; a case at intake moves to screening."""
    require_lead(actor, case, "cases.screen")
    fresh(case, data.version)
    if treated_as_child(case):
        raise ValidationError({"questionnaire_version": label(ADULT_INTERVIEW_FOR_CHILD)})
    if case.status not in {CaseStatus.INTAKE, CaseStatus.SCREENING}:
        raise ValidationError({"status": _("Screening is done at intake or screening.")})
    not_in_future(data.interviewed_on, "interviewed_on")
    try:
        questionnaire = (
            load_questionnaire(data.questionnaire_version)
            if data.questionnaire_version
            else load_questionnaire()
        )
    except LookupError:
        raise ValidationError({"questionnaire_version": _("Unknown questionnaire.")}) from None
    interview = interview_store(
        actor,
        case,
        version=data.version,
        questionnaire=questionnaire,
        answers=data.answers,
        minor_at_recruitment=data.minor_at_recruitment,
        interviewed_on=data.interviewed_on,
    )
    ScreeningDraft.objects.filter(case=case, author=actor).delete()
    return interview


def interview_store(
    actor: User,
    case: Case,
    *,
    version: int | None,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    minor_at_recruitment: bool,
    interviewed_on: dt.date,
    audit_data: Mapping[str, Any] | None = None,
    **safeguards: Any,
) -> ScreeningInterview:
    """Score the answers, store the interview with its result and move a case at intake to
    screening (inside the caller's transaction). The adult and the child interview share it;
    ``safeguards`` are the child interview's own columns."""
    try:
        result = score(questionnaire, answers, minor_at_recruitment=minor_at_recruitment)
    except ScreeningError as error:
        raise ValidationError({error.question_id: str(error)}) from None
    changes: dict[str, Any] = {}
    if case.status == CaseStatus.INTAKE:
        changes["status"] = CaseStatus.SCREENING.value
    case = bump(case, version, **changes)
    interview = ScreeningInterview.objects.create(
        case=case,
        questionnaire_version=questionnaire.version,
        answers=dict(answers),
        minor_at_recruitment=minor_at_recruitment,
        recommendation=result.recommendation.value,
        result={
            "rule": {"en": result.rule.msgid},
            "indicators": [
                {"question": i.question_id, "dimension": i.dimension, "strength": i.strength}
                for i in result.indicators
            ],
            "positive": sorted(d.value for d, r in result.dimensions.items() if r.positive),
            "flags": list(result.flags),
            "unanswered": len(result.unanswered),
        },
        interviewer=actor,
        interviewed_on=interviewed_on,
        **safeguards,
    )
    audit.record(
        CasesEvent.SCREENING_RECORDED,
        actor=actor,
        target=case,
        fields=["answers", "result", *(f for f in safeguards if safeguards[f])],
        data={
            "screening": interview.pk,
            "version": questionnaire.version,
            "recommendation": result.recommendation.value,
            **(audit_data or {}),
        },
    )
    if changes:
        audit.record(
            CasesEvent.CASE_STATUS_CHANGED,
            actor=actor,
            target=case,
            fields=["status"],
            data={"from": CaseStatus.INTAKE.value, "to": CaseStatus.SCREENING.value},
        )
    return interview


@dataclass(frozen=True)
class ScreeningDraftInput:
    answers: Mapping[str, Any]
    section: int
    interviewed_on: dt.date | None = None
    minor_at_recruitment: bool = False


@transaction.atomic
def screening_draft_save(*, actor: User, case: Case, data: ScreeningDraftInput) -> ScreeningDraft:
    """Keep the answers given so far, encrypted, for the author to come back to."""
    require_lead(actor, case, "cases.screen")
    questionnaire = load_questionnaire()
    for question_id, answer in data.answers.items():
        try:
            questionnaire.question(question_id)
        except ScreeningError as error:
            raise ValidationError({error.question_id: _("Unknown question.")}) from None
        if not answer:
            raise ValidationError({question_id: _("An empty answer cannot be kept.")})
    if not 1 <= data.section <= len(questionnaire.stages):
        raise ValidationError({"section": _("There is no such section.")})
    if data.interviewed_on is not None:
        not_in_future(data.interviewed_on, "interviewed_on")
    state = {
        "answers": dict(data.answers),
        "interviewed_on": data.interviewed_on.isoformat() if data.interviewed_on else None,
        "minor": data.minor_at_recruitment,
    }
    draft, _created = ScreeningDraft.objects.update_or_create(
        case=case,
        author=actor,
        defaults={
            "questionnaire_version": questionnaire.version,
            "state": state,
            "section": data.section,
            "updated_at": timezone.now(),
        },
    )
    audit.record(
        CasesEvent.SCREENING_DRAFT_SAVED,
        actor=actor,
        target=case,
        fields=["answers"],
        data={"draft": draft.pk, "section": data.section},
    )
    return draft


@transaction.atomic
def statement_record(
    *, actor: User, case: Case, acts: Sequence[Mapping[str, Any]], interviewed_on: dt.date
) -> NonPunishmentStatement:
    """Record forced acts; the engine refuses an act without the coercion behind it."""
    require_lead(actor, case, "cases.screen")
    try:
        records = [
            ForcedActRecord(
                act=ForcedAct(a["act"]),
                coercion=tuple(Coercion(c) for c in a.get("coercion", ())),
                description=str(a.get("description", "")),
                place=str(a.get("place", "")),
                period=str(a.get("period", "")),
            )
            for a in acts
        ]
        build_note(
            case_reference=case.reference,
            interview_date=interviewed_on,
            interviewer=actor.username,
            acts=records,
        )
    except (KeyError, ValueError, TypeError, NonPunishmentError) as error:
        raise ValidationError({"acts": str(error)}) from None
    statement = NonPunishmentStatement.objects.create(
        case=case,
        acts=[
            {
                "act": r.act.value,
                "coercion": [c.value for c in r.coercion],
                "description": r.description,
                "place": r.place,
                "period": r.period,
            }
            for r in records
        ],
        recorded_by=actor,
        interviewed_on=interviewed_on,
    )
    audit.record(
        CasesEvent.NON_PUNISHMENT_RECORDED,
        actor=actor,
        target=case,
        fields=["acts"],
        data={"statement": statement.pk, "acts": len(records)},
    )
    return statement
