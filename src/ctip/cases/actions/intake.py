"""Opening a case: the person (new or on record), the case, the consent given at intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import duplicates
from ctip.cases.actions.checks import clean_list, require
from ctip.cases.actions.compound import chosen_compound
from ctip.cases.actions.consent import record_consent
from ctip.cases.engine.children import CHILD_ALONE, AgeBasis, AgeFacts, check_age, is_child
from ctip.cases.engine.validation import IntakeFacts, validate_intake
from ctip.cases.engine.workflow import EXIT_MODE_LABELS, INTAKE_CHANNEL_LABELS
from ctip.cases.events import CasesEvent
from ctip.cases.labels import label
from ctip.cases.models import Case, Person, Sex
from ctip.core import audit
from ctip.core.engine import countries
from ctip.core.models import Agency, Province, User

PERSON_FIELDS = (
    "full_name",
    "other_names",
    "documents",
    "identity_number",
    "phones",
    "phone",
    "addresses",
    "birth_date",
    "age_min",
    "age_max",
    "age_basis",
    "sex",
    "nationality",
    "ethnicity",
    "languages",
    "home_province",
    "home_commune",
)
CASE_FIELDS = (
    "intake_channel",
    "intake_date",
    "exploitation_country",
    "exploitation_locality",
    "compound",
    "linked_compound",
    "screening_on",
    "exit_mode",
    "left_on",
    "lead_agency",
    "assigned_worker",
)


@dataclass(frozen=True)
class CaseOpenInput:
    """What an intake form, the API or an imported hand-over list says of a new case.

    ``person`` names a person already on record (then the person fields are not used);
    ``lead_agency`` defaults to the actor's agency. A repeated ``idempotency_key`` returns
    the case the first call opened."""

    full_name: str
    intake_channel: str
    intake_date: dt.date
    idempotency_key: str | None = None
    other_names: Sequence[str] = ()
    identity_kind: str = "cccd"
    identity_number: str = ""
    phone: str = ""
    address: str = ""
    birth_date: dt.date | None = None
    age_min: int | None = None
    age_max: int | None = None
    # How the age or date of birth was reached (engine.children.AgeBasis).
    age_basis: str = ""
    sex: str = Sex.UNKNOWN
    nationality: str = "VN"
    ethnicity: str = ""
    languages: Sequence[str] = ()
    home_province: Province | None = None
    home_commune: str = ""
    exploitation_country: str = ""
    exploitation_locality: str = ""
    compound: str = ""
    compound_id: int | None = None  # in the register; found from ``compound`` when unset
    exit_mode: str = "unknown"
    left_on: dt.date | None = None
    screening_on: dt.date | None = None
    lead_agency: Agency | None = None
    assigned_worker: User | None = None
    consent_processing: bool = False
    consent_later_contact: bool = False
    consent_share_agencies: Sequence[Agency] = ()
    person: Person | None = None


@dataclass(frozen=True)
class IntakeResult:
    case: Case
    created: bool


def _issues(data: CaseOpenInput, actor: User) -> dict[str, list[str]]:
    """Every problem of the input at once, by field."""
    errors: dict[str, list[str]] = {}
    if data.person is None and not " ".join(data.full_name.split()):
        errors["full_name"] = [_("A name is required (as the person gives it).")]
    if data.intake_channel not in {c.value for c in INTAKE_CHANNEL_LABELS}:
        errors["intake_channel"] = [_("Unknown intake channel.")]
    if data.exit_mode not in {m.value for m in EXIT_MODE_LABELS}:
        errors["exit_mode"] = [_("Unknown way of getting out.")]
    if data.sex not in Sex.values:
        errors["sex"] = [_("Unknown value.")]
    if (data.age_min is None) != (data.age_max is None):
        errors["age_max"] = [_("Give both ends of the estimated age, or neither.")]
    today = timezone.localdate()
    facts = IntakeFacts(
        intake_date=data.intake_date,
        birth_date=data.birth_date,
        age_min=data.age_min,
        age_max=data.age_max,
    )
    for issue in validate_intake(facts, today=today):
        errors.setdefault(issue.field, []).append(label(issue.message))
    if not errors.get("birth_date") and not errors.get("age_max"):
        age = AgeFacts(
            birth_date=data.birth_date,
            age_min=data.age_min,
            age_max=data.age_max,
            estimated_in=data.intake_date.year,
        )
        for issue in check_age(age, data.intake_date):
            errors.setdefault(issue.field, []).append(label(issue.message))
        if data.age_basis and data.age_basis not in {b.value for b in AgeBasis}:
            errors.setdefault("age_basis", []).append(_("Choose how the age was estimated."))
        elif data.age_basis and data.birth_date is None and data.age_min is None:
            errors.setdefault("age_basis", []).append(
                _("Give the age or the date of birth that was estimated this way.")
            )
        consents = data.consent_processing or data.consent_later_contact
        if data.person is None and consents and is_child(age, data.intake_date):
            errors.setdefault("consent_processing", []).append(
                label(CHILD_ALONE)
                + " "
                + _("Record the guardian on the case page, then the consent.")
            )
    if data.left_on is not None and data.left_on > today:
        errors.setdefault("left_on", []).append(_("This date is in the future."))
    for field, code in (
        ("nationality", (data.nationality or "VN").upper()),
        ("exploitation_country", (data.exploitation_country or "").upper()),
    ):
        if code and (len(code) != 2 or countries.get(code) is None):
            errors.setdefault(field, []).append(_("Choose a country from the list."))
    lead = data.lead_agency or actor.agency
    if not lead.path.startswith(actor.agency.path):
        errors.setdefault("lead_agency", []).append(_("Choose your agency or one under it."))
    if data.assigned_worker is not None and data.assigned_worker.agency_id != lead.pk:
        errors.setdefault("assigned_worker", []).append(
            _("The assigned worker must belong to the lead agency.")
        )
    return errors


def _new_person(actor: User, data: CaseOpenInput) -> Person:
    number = data.identity_number.strip()
    person = Person(
        full_name=" ".join(data.full_name.split()),
        other_names=clean_list(data.other_names),
        documents=[{"kind": data.identity_kind, "number": number}] if number else [],
        identity_number=number,
        phones=clean_list([data.phone]),
        phone=data.phone.strip(),
        addresses=clean_list([data.address]),
        birth_date=data.birth_date,
        age_min=data.age_min,
        age_max=data.age_max,
        age_estimated_in=data.intake_date.year if data.age_min is not None else None,
        age_basis=data.age_basis if data.age_min is not None or data.birth_date else "",
        sex=data.sex,
        nationality=(data.nationality or "VN").upper(),
        ethnicity=data.ethnicity.strip(),
        languages=clean_list(data.languages),
        home_province=data.home_province,
        home_commune=data.home_commune.strip(),
    )
    person.save()
    duplicates.store_keys(person)
    audit.record(
        CasesEvent.PERSON_CREATED,
        actor=actor,
        target=person,
        fields=[f for f in PERSON_FIELDS if getattr(person, f)],
    )
    return person


@transaction.atomic
def case_open(*, actor: User, data: CaseOpenInput) -> IntakeResult:
    """Open a case for a new person (or for ``data.person``, already on record).

    A repeated ``idempotency_key`` (a double-submitted form, a re-sent API call) returns
    the case the first call created instead of creating a second one.
    """
    require(actor, "cases.intake")
    key = data.idempotency_key or None
    if key:
        earlier = Case.objects.filter(idempotency_key=key).first()
        if earlier is not None:
            if earlier.created_by_id != actor.pk:
                raise ValidationError({"idempotency_key": _("This key was already used.")})
            return IntakeResult(earlier, False)
    errors = _issues(data, actor)
    try:
        linked_compound = chosen_compound(actor, data.compound_id, data.compound)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        linked_compound = None
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            person = data.person or _new_person(actor, data)
            case = Case.objects.create(
                person=person,
                intake_channel=data.intake_channel,
                intake_date=data.intake_date,
                exploitation_country=(data.exploitation_country or "").upper(),
                exploitation_locality=data.exploitation_locality.strip(),
                compound=data.compound.strip(),
                linked_compound_id=linked_compound,
                screening_on=data.screening_on,
                exit_mode=data.exit_mode,
                left_on=data.left_on,
                lead_agency=data.lead_agency or actor.agency,
                assigned_worker=data.assigned_worker,
                idempotency_key=key,
                created_by=actor,
                child=is_child(
                    AgeFacts(
                        birth_date=person.birth_date,
                        age_min=person.age_min,
                        age_max=person.age_max,
                        estimated_in=person.age_estimated_in,
                    ),
                    data.intake_date,
                ),
            )
            audit.record(
                CasesEvent.CASE_OPENED,
                actor=actor,
                target=case,
                fields=[f for f in CASE_FIELDS if getattr(case, f)],
                data={"person": person.pk, "new_person": data.person is None},
            )
            if data.consent_processing or data.consent_later_contact or data.consent_share_agencies:
                record_consent(
                    actor,
                    case,
                    processing=data.consent_processing,
                    later_contact=data.consent_later_contact,
                    share_agencies=data.consent_share_agencies,
                    given_on=data.intake_date,
                )
    except IntegrityError:
        # Two submits of the same form raced past the first check: the other one won.
        earlier = Case.objects.filter(idempotency_key=key).first() if key else None
        if earlier is not None:
            return IntakeResult(earlier, False)
        raise
    return IntakeResult(case, True)
