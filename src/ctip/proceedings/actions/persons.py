"""Suspects, accused and defendants: identity (encrypted), charges, measures, outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.scope import get_visible
from ctip.core.values import read_country
from ctip.proceedings import law
from ctip.proceedings.actions.common import (
    bump,
    in_charge,
    locked_case,
    not_future,
    on_or_after_start,
    open_file,
    recount,
)
from ctip.proceedings.events import ProceedingsEvent
from ctip.proceedings.models import (
    Accused,
    Charge,
    CriminalCase,
    Measure,
    MeasureKind,
    Outcome,
    SentenceKind,
    Sex,
)

if TYPE_CHECKING:
    from ctip.core.models import User


@dataclass(frozen=True)
class AccusedInput:
    case_id: int
    full_name: str
    nationality: str = "VN"  # a code or a country's name as typed
    sex: str = Sex.UNKNOWN.value
    birth_date: dt.date | None = None
    identity_number: str = ""


@dataclass(frozen=True)
class ChargeInput:
    accused_id: int
    article: str
    act: str
    clause: int | None = None


@dataclass(frozen=True)
class MeasureInput:
    accused_id: int
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class OutcomeInput:
    accused_id: int
    outcome: str


@dataclass(frozen=True)
class SentenceInput:
    charge_id: int
    kind: str
    months: int | None = None
    fine_vnd: int | None = None


def _person(actor: User, accused_id: int) -> tuple[Accused, CriminalCase]:
    person = get_visible(Accused.objects.all(), actor, "proceedings.record", pk=accused_id)
    found = locked_case(actor, person.case_id, "proceedings.record")
    in_charge(actor, found)
    open_file(found)
    return person, found


def accused_add(*, actor: User, data: AccusedInput) -> Accused:
    """Record a suspect of the case (a foreign national with their nationality)."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.record")
        in_charge(actor, found)
        open_file(found)
        if not data.full_name.strip():
            raise ValidationError({"full_name": _("Give the person's name.")})
        try:
            nationality = read_country(data.nationality) or "VN"
        except ValueError as error:
            raise ValidationError({"nationality": str(error)}) from None
        if data.sex not in Sex.values:
            raise ValidationError({"sex": _("Choose the person's sex.")})
        if data.birth_date is not None:
            not_future(data.birth_date, "birth_date")
        person = Accused.objects.create(
            case=found,
            full_name=data.full_name.strip(),
            nationality=nationality,
            sex=data.sex,
            birth_date=data.birth_date,
            identity_number=data.identity_number.strip(),
        )
        recount(CriminalCase.objects.filter(pk=found.pk))
        audit.record(
            ProceedingsEvent.ACCUSED_ADDED,
            actor=actor,
            target=found,
            fields=["full_name", "nationality", "sex", "birth_date", "identity_number"],
            data={"accused": person.pk},
        )
        return person


def charge_add(*, actor: User, data: ChargeInput) -> Charge:
    """Charge a person under a configured article for one act; one act is charged once."""
    with transaction.atomic():
        person, found = _person(actor, data.accused_id)
        article = law.article(data.article.strip())
        if article is None:
            raise ValidationError(
                {
                    "article": _(
                        "Article %(code)s is not among the configured Penal Code articles."
                    )
                    % {"code": data.article.strip()[:10]}
                }
            )
        if not data.act.strip():
            raise ValidationError({"act": _("Describe the act charged.")})
        if data.clause is not None and not 1 <= data.clause <= 9:
            raise ValidationError({"clause": _("A clause is a number from 1 to 9.")})
        act_index = Charge._meta.get_field("act_index").compute(data.act)
        same = Charge.objects.filter(accused=person, act_index=act_index).first()
        if same is not None:
            raise ValidationError(
                {
                    "act": _(
                        "This person is already charged for this act (article %(code)s). "
                        "One act is charged once; change the article of that charge instead."
                    )
                    % {"code": same.article}
                }
            )
        charge = Charge.objects.create(
            case=found,
            accused=person,
            article=article.code,
            clause=data.clause,
            act=data.act.strip(),
        )
        seriousness = law.most_serious(
            list(Charge.objects.filter(case=found).values_list("article", flat=True)),
            default=found.seriousness,
        )
        ranks = law.SERIOUSNESS_ORDER
        if ranks.index(seriousness) > ranks.index(found.seriousness):
            found.seriousness = seriousness
            bump(found, ["seriousness"])
        recount(CriminalCase.objects.filter(pk=found.pk))
        audit.record(
            ProceedingsEvent.CHARGE_ADDED,
            actor=actor,
            target=found,
            fields=["article", "clause", "act"],
            data={"accused": person.pk, "article": article.code},
        )
        return charge


def measure_add(*, actor: User, data: MeasureInput) -> Measure:
    with transaction.atomic():
        person, found = _person(actor, data.accused_id)
        if data.kind not in MeasureKind.values:
            raise ValidationError({"kind": _("Choose a measure.")})
        not_future(data.starts_on, "starts_on")
        on_or_after_start(found, data.starts_on, "starts_on")
        if data.ends_on is not None and data.ends_on < data.starts_on:
            raise ValidationError({"ends_on": _("The measure ends before it starts.")})
        measure = Measure.objects.create(
            case=found,
            accused=person,
            kind=data.kind,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
        )
        audit.record(
            ProceedingsEvent.MEASURE_ADDED,
            actor=actor,
            target=found,
            fields=["kind", "starts_on", "ends_on"],
            data={"accused": person.pk},
        )
        return measure


def outcome_record(*, actor: User, data: OutcomeInput) -> Accused:
    """The outcome for one person, once there is a judgment (or when proceedings drop)."""
    with transaction.atomic():
        person, found = _person(actor, data.accused_id)
        if data.outcome not in Outcome.values or data.outcome == Outcome.PENDING:
            raise ValidationError({"outcome": _("Choose an outcome.")})
        judged = found.first_instance_judged_on is not None
        if data.outcome in (Outcome.CONVICTED, Outcome.ACQUITTED) and not judged:
            raise ValidationError(
                {
                    "outcome": _(
                        "A conviction or an acquittal comes with a judgment; record it first."
                    )
                }
            )
        person.outcome = data.outcome
        person.save(update_fields=["outcome"])
        audit.record(
            ProceedingsEvent.OUTCOME_RECORDED,
            actor=actor,
            target=found,
            fields=["outcome"],
            data={"accused": person.pk},
        )
        return person


def sentence_record(*, actor: User, data: SentenceInput) -> Charge:
    with transaction.atomic():
        charge = get_visible(Charge.objects.all(), actor, "proceedings.record", pk=data.charge_id)
        person, found = _person(actor, charge.accused_id)
        if person.outcome != Outcome.CONVICTED:
            raise ValidationError(_("A sentence is recorded for a convicted person."))
        if data.kind not in SentenceKind.values or not data.kind:
            raise ValidationError({"kind": _("Choose a sentence.")})
        needs_months = data.kind in (
            SentenceKind.IMPRISONMENT,
            SentenceKind.SUSPENDED,
            SentenceKind.NON_CUSTODIAL,
        )
        if needs_months and not (data.months and 1 <= data.months <= 360):
            raise ValidationError({"months": _("Give the length in months (1 to 360).")})
        if data.kind == SentenceKind.FINE and not data.fine_vnd:
            raise ValidationError({"fine_vnd": _("Give the amount of the fine.")})
        charge.sentence_kind = data.kind
        charge.sentence_months = data.months if needs_months else None
        charge.fine_vnd = data.fine_vnd if data.kind == SentenceKind.FINE else None
        charge.save(update_fields=["sentence_kind", "sentence_months", "fine_vnd"])
        audit.record(
            ProceedingsEvent.OUTCOME_RECORDED,
            actor=actor,
            target=found,
            fields=["sentence_kind", "sentence_months", "fine_vnd"],
            data={"charge": charge.pk},
        )
        return charge
