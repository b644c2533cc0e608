"""Every write of the cases app: checked, atomic, audited in the same transaction.

Status moves are checked by the engines (``workflow.check_transition``,
``support.REFERRAL_TRANSITIONS``). A case carries a ``version``: a write names the version
it was based on and fails with ``Conflict`` if someone else saved in between, so two
officers editing one case never silently overwrite each other. Audit events carry field
names and identifiers, never the personal values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import documents, duplicates, notices
from ctip.cases.engine import followup as followup_engine
from ctip.cases.engine.non_punishment import (
    Coercion,
    ForcedAct,
    ForcedActRecord,
    NonPunishmentError,
    build_note,
)
from ctip.cases.engine.questionnaire import ScreeningError, load_questionnaire, score
from ctip.cases.engine.support import REFERRAL_TRANSITIONS, SUPPORT_TYPES, ReferralStatus
from ctip.cases.engine.transitions import TransitionCheck
from ctip.cases.engine.validation import IntakeFacts, validate_intake
from ctip.cases.engine.workflow import (
    EXIT_MODE_LABELS,
    INTAKE_CHANNEL_LABELS,
    CaseStatus,
    TransitionFacts,
    check_transition,
)
from ctip.cases.labels import label
from ctip.cases.models import (
    Case,
    CaseDocument,
    CaseIndicator,
    CasePlan,
    CaseShare,
    Consent,
    DocumentKind,
    FollowUp,
    IdentificationDecision,
    IdentificationOutcome,
    IndicatorKind,
    NonPunishmentStatement,
    Person,
    PersonLink,
    Referral,
    ScreeningInterview,
    ServiceDelivery,
    ServiceProvider,
    Sex,
    canonical_indicator,
    indicator_account,
    lineage,
)
from ctip.core import audit
from ctip.core.crypto import blind_index
from ctip.core.engine import countries
from ctip.core.models import Agency, Province, User
from ctip.core.values import Amount, split_money
from ctip.intel.engine import InvalidIndicator

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
    "exit_mode",
    "left_on",
    "lead_agency",
    "assigned_worker",
)


class Conflict(Exception):
    """The record changed since the caller read it; reload and apply the change again."""

    def __init__(self, case: Case) -> None:
        super().__init__(
            _(
                "Someone else saved this case in the meantime. Reload the page: "
                "your change was not saved."
            )
        )
        self.case = case


def _require(actor: User, permission: str) -> None:
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def _sees(actor: User, case: Case) -> bool:
    return Case.objects.filter(Case.scope_q(actor), pk=case.pk).exists()


def _require_case(actor: User, case: Case, permission: str) -> None:
    _require(actor, permission)
    if not _sees(actor, case):
        raise PermissionDenied(permission)


def _leads(actor: User, case: Case) -> bool:
    return case.lead_agency_id in lineage(actor)


def _bump(case: Case, version: int | None, **changes: Any) -> Case:
    """Write ``changes`` only if the case is still at ``version``; bump the version."""
    if version is None:
        raise ValidationError({"version": _("The version of the case you edited is required.")})
    now = timezone.now()
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        raise Conflict(case)
    case.refresh_from_db()
    return case


def _fresh(case: Case, version: int | None) -> None:
    """Refuse a change based on an old read before judging it against the new state."""
    if version is not None and version != case.version:
        raise Conflict(case)


def _refusal(check: TransitionCheck, field: str = "status") -> ValidationError:
    return ValidationError({field: [label(r.message) for r in check.refusals]})


# Intake ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeResult:
    case: Case
    created: bool


def _clean_list(values: Iterable[str] | None) -> list[str]:
    return [" ".join(v.split()) for v in (values or ()) if v and v.strip()]


def _intake_issues(
    *,
    intake_date: dt.date,
    birth_date: dt.date | None,
    age_min: int | None,
    age_max: int | None,
    today: dt.date,
) -> dict[str, list[str]]:
    issues = validate_intake(
        IntakeFacts(
            intake_date=intake_date, birth_date=birth_date, age_min=age_min, age_max=age_max
        ),
        today=today,
    )
    errors: dict[str, list[str]] = {}
    for issue in issues:
        errors.setdefault(issue.field, []).append(label(issue.message))
    return errors


def case_intake(
    *,
    actor: User,
    full_name: str,
    intake_channel: str,
    intake_date: dt.date,
    idempotency_key: str | None = None,
    other_names: Sequence[str] = (),
    identity_kind: str = "cccd",
    identity_number: str = "",
    phone: str = "",
    address: str = "",
    birth_date: dt.date | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    sex: str = Sex.UNKNOWN,
    nationality: str = "VN",
    ethnicity: str = "",
    languages: Sequence[str] = (),
    home_province: Province | None = None,
    home_commune: str = "",
    exploitation_country: str = "",
    exploitation_locality: str = "",
    compound: str = "",
    exit_mode: str = "unknown",
    left_on: dt.date | None = None,
    lead_agency: Agency | None = None,
    assigned_worker: User | None = None,
    consent_processing: bool = False,
    consent_later_contact: bool = False,
    consent_share_agencies: Sequence[Agency] = (),
    person: Person | None = None,
) -> IntakeResult:
    """Open a case for a new person (or for ``person``, already on record).

    A repeated ``idempotency_key`` (a double-submitted form, a re-sent API call) returns
    the case the first call created instead of creating a second one.
    """
    _require(actor, "cases.intake")
    if idempotency_key:
        earlier = Case.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.created_by_id != actor.pk:
                raise ValidationError({"idempotency_key": _("This key was already used.")})
            return IntakeResult(earlier, False)
    full_name = " ".join(full_name.split())
    errors: dict[str, list[str]] = {}
    if person is None and not full_name:
        errors["full_name"] = [_("A name is required (as the person gives it).")]
    if intake_channel not in {c.value for c in INTAKE_CHANNEL_LABELS}:
        errors["intake_channel"] = [_("Unknown intake channel.")]
    if exit_mode not in {m.value for m in EXIT_MODE_LABELS}:
        errors["exit_mode"] = [_("Unknown way of getting out.")]
    if sex not in Sex.values:
        errors["sex"] = [_("Unknown value.")]
    if (age_min is None) != (age_max is None):
        errors["age_max"] = [_("Give both ends of the estimated age, or neither.")]
    today = timezone.localdate()
    for field, messages in _intake_issues(
        intake_date=intake_date,
        birth_date=birth_date,
        age_min=age_min,
        age_max=age_max,
        today=today,
    ).items():
        errors.setdefault(field, []).extend(messages)
    if left_on is not None and left_on > today:
        errors.setdefault("left_on", []).append(_("This date is in the future."))
    nationality = (nationality or "VN").upper()
    exploitation_country = (exploitation_country or "").upper()
    for field, code in (
        ("nationality", nationality),
        ("exploitation_country", exploitation_country),
    ):
        if code and (len(code) != 2 or countries.get(code) is None):
            errors.setdefault(field, []).append(_("Choose a country from the list."))
    lead = lead_agency or actor.agency
    if not lead.path.startswith(actor.agency.path):
        errors.setdefault("lead_agency", []).append(_("Choose your agency or one under it."))
    if assigned_worker is not None and assigned_worker.agency_id != lead.pk:
        errors.setdefault("assigned_worker", []).append(
            _("The assigned worker must belong to the lead agency.")
        )
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            created_person = person is None
            if person is None:
                person = Person(
                    full_name=full_name,
                    other_names=_clean_list(other_names),
                    documents=(
                        [{"kind": identity_kind, "number": identity_number.strip()}]
                        if identity_number.strip()
                        else []
                    ),
                    identity_number=identity_number.strip(),
                    phones=_clean_list([phone]),
                    phone=phone.strip(),
                    addresses=_clean_list([address]),
                    birth_date=birth_date,
                    age_min=age_min,
                    age_max=age_max,
                    age_estimated_in=intake_date.year if age_min is not None else None,
                    sex=sex,
                    nationality=nationality,
                    ethnicity=ethnicity.strip(),
                    languages=_clean_list(languages),
                    home_province=home_province,
                    home_commune=home_commune.strip(),
                )
                person.save()
                duplicates.store_keys(person)
                audit.record(
                    "PERSON_CREATED",
                    actor=actor,
                    target=person,
                    fields=[f for f in PERSON_FIELDS if getattr(person, f)],
                )
            case = Case.objects.create(
                person=person,
                intake_channel=intake_channel,
                intake_date=intake_date,
                exploitation_country=exploitation_country,
                exploitation_locality=exploitation_locality.strip(),
                compound=compound.strip(),
                exit_mode=exit_mode,
                left_on=left_on,
                lead_agency=lead,
                assigned_worker=assigned_worker,
                idempotency_key=idempotency_key or None,
                created_by=actor,
            )
            audit.record(
                "CASE_OPENED",
                actor=actor,
                target=case,
                fields=[f for f in CASE_FIELDS if getattr(case, f)],
                data={"person": person.pk, "new_person": created_person},
            )
            if consent_processing or consent_later_contact or consent_share_agencies:
                _consent(
                    actor,
                    case,
                    processing=consent_processing,
                    later_contact=consent_later_contact,
                    share_agencies=consent_share_agencies,
                    given_on=intake_date,
                )
    except IntegrityError:
        # Two submits of the same form raced past the first check: the other one won.
        earlier = Case.objects.filter(idempotency_key=idempotency_key).first()
        if idempotency_key and earlier is not None:
            return IntakeResult(earlier, False)
        raise
    return IntakeResult(case, True)


# Status moves ---------------------------------------------------------------------------------


def _facts(case: Case, reason: str) -> TransitionFacts:
    return TransitionFacts(
        reason=reason,
        screening_done=ScreeningInterview.objects.filter(case=case).exists(),
        identification_decided=IdentificationDecision.objects.filter(
            case=case, approved_at__isnull=False
        ).exists(),
    )


def case_transition(
    *, actor: User, case: Case, target: str, version: int | None, reason: str = ""
) -> Case:
    """Move the case to ``target``; closing needs a supervisor (``cases.approve``)."""
    try:
        destination = CaseStatus(target)
    except ValueError:
        raise ValidationError({"target": _("Unknown status.")}) from None
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied(_("Only the lead agency moves a case."))
    if destination is CaseStatus.CLOSED:
        _require(actor, "cases.approve")
    _fresh(case, version)
    reason = reason.strip()
    check = check_transition(case.status, destination, _facts(case, reason))
    if not check.allowed:
        raise _refusal(check)
    with transaction.atomic():
        previous = case.status
        case = _bump(case, version, status=destination.value, status_reason=reason)
        audit.record(
            "CASE_REOPENED" if previous == CaseStatus.CLOSED else "CASE_STATUS_CHANGED",
            actor=actor,
            target=case,
            fields=["status", "status_reason"] if reason else ["status"],
            data={"from": previous, "to": destination.value},
        )
        if destination is CaseStatus.IDENTIFICATION:
            notices.announce(
                actor=actor,
                agencies=[case.lead_agency_id],
                kind="identification",
                message=notices.AWAITING_IDENTIFICATION,
                reference=case.reference,
                link=notices.case_link(case.pk),
                permission="cases.identify",
                key=notices.case_key(case.pk),
            )
        if (
            destination is CaseStatus.REINTEGRATION
            and not FollowUp.objects.filter(case=case, done_on__isnull=True).exists()
        ):
            _schedule(actor, case, timezone.localdate())
    return case


def case_assign(*, actor: User, case: Case, worker: User | None, version: int | None) -> Case:
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied
    if worker is not None and worker.agency_id != case.lead_agency_id:
        raise ValidationError(
            {"assigned_worker": _("The assigned worker must belong to the lead agency.")}
        )
    with transaction.atomic():
        case = _bump(case, version, assigned_worker=worker)
        audit.record("CASE_ASSIGNED", actor=actor, target=case, fields=["assigned_worker"])
    return case


# Consent and sharing -----------------------------------------------------------------------


def _consent(
    actor: User,
    case: Case,
    *,
    processing: bool,
    later_contact: bool,
    share_agencies: Sequence[Agency],
    given_on: dt.date,
) -> Consent:
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("This date is in the future.")})
    consent = Consent.objects.create(
        case=case,
        processing=processing,
        later_contact=later_contact,
        given_on=given_on,
        officer=actor,
    )
    consent.share_agencies.set(share_agencies)
    audit.record(
        "CONSENT_RECORDED",
        actor=actor,
        target=case,
        fields=["processing", "later_contact", "share_agencies", "given_on"],
        data={
            "consent": consent.pk,
            "processing": processing,
            "later_contact": later_contact,
            "share_agencies": sorted(a.pk for a in share_agencies),
        },
    )
    return consent


def consent_record(
    *,
    actor: User,
    case: Case,
    processing: bool,
    later_contact: bool,
    share_agencies: Sequence[Agency],
    given_on: dt.date,
) -> Consent:
    """Record what the person agreed to; it replaces (withdraws) the consent before it."""
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied
    with transaction.atomic():
        Consent.objects.filter(case=case, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        return _consent(
            actor,
            case,
            processing=processing,
            later_contact=later_contact,
            share_agencies=share_agencies,
            given_on=given_on,
        )


def consent_withdraw(*, actor: User, case: Case) -> None:
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied
    with transaction.atomic():
        count = Consent.objects.filter(case=case, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if count:
            audit.record("CONSENT_WITHDRAWN", actor=actor, target=case, fields=["withdrawn_at"])


def consent_allows_sharing(case: Case, agency: Agency) -> bool:
    if agency.pk == case.lead_agency_id:
        return True
    consent = Consent.objects.filter(case=case, withdrawn_at__isnull=True, processing=True).first()
    return consent is not None and consent.share_agencies.filter(pk=agency.pk).exists()


def _check_consent(actor: User, case: Case, agency: Agency, override_reason: str) -> bool:
    """True when a supervisor overrides missing consent; refuses without it."""
    if consent_allows_sharing(case, agency):
        return False
    if not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "The person has not agreed to sharing with this agency. A supervisor "
                    "may override with a reason."
                )
            }
        )
    _require(actor, "cases.approve")
    return True


def case_share(
    *, actor: User, case: Case, agency: Agency, reason: str, override_reason: str = ""
) -> CaseShare:
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied
    if agency.pk == case.lead_agency_id:
        raise ValidationError({"agency": _("This agency already leads the case.")})
    if CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True).exists():
        raise ValidationError({"agency": _("The case is already shared with this agency.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this agency needs the case.")})
    overridden = _check_consent(actor, case, agency, override_reason)
    with transaction.atomic():
        share = CaseShare.objects.create(
            case=case,
            agency=agency,
            reason=reason.strip(),
            consent_override=override_reason.strip() if overridden else "",
            shared_by=actor,
        )
        audit.record(
            "CASE_SHARED",
            actor=actor,
            target=case,
            fields=["agency", "reason"] + (["consent_override"] if overridden else []),
            data={"agency": agency.pk, "share": share.pk, "consent_override": overridden},
        )
        notices.announce(
            actor=actor,
            agencies=[agency],
            kind="share",
            message=notices.SHARED,
            reference=case.reference,
            link=notices.case_link(case.pk),
        )
    return share


def share_revoke(*, actor: User, share: CaseShare) -> None:
    _require_case(actor, share.case, "cases.change_case")
    if not _leads(actor, share.case):
        raise PermissionDenied
    with transaction.atomic():
        ended = CaseShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if not ended:
            raise ValidationError(_("This sharing has already ended."))
        audit.record("CASE_SHARE_REVOKED", actor=actor, target=share.case, data={"share": share.pk})


# Screening and non-punishment ------------------------------------------------------------


def screening_record(
    *,
    actor: User,
    case: Case,
    answers: Mapping[str, Any],
    interviewed_on: dt.date,
    version: int | None,
    minor_at_recruitment: bool = False,
    questionnaire_version: str | None = None,
) -> ScreeningInterview:
    """Store the answers with the result computed now; a case at intake moves to screening."""
    _require_case(actor, case, "cases.screen")
    if not _leads(actor, case):
        raise PermissionDenied
    _fresh(case, version)
    if case.status not in {CaseStatus.INTAKE, CaseStatus.SCREENING}:
        raise ValidationError({"status": _("Screening is done at intake or screening.")})
    if interviewed_on > timezone.localdate():
        raise ValidationError({"interviewed_on": _("This date is in the future.")})
    try:
        questionnaire = (
            load_questionnaire(questionnaire_version)
            if questionnaire_version
            else load_questionnaire()
        )
    except LookupError:
        raise ValidationError({"questionnaire_version": _("Unknown questionnaire.")}) from None
    try:
        result = score(questionnaire, answers, minor_at_recruitment=minor_at_recruitment)
    except ScreeningError as error:
        raise ValidationError({error.question_id: str(error)}) from None
    with transaction.atomic():
        changes: dict[str, Any] = {}
        if case.status == CaseStatus.INTAKE:
            changes["status"] = CaseStatus.SCREENING.value
        case = _bump(case, version, **changes)
        interview = ScreeningInterview.objects.create(
            case=case,
            questionnaire_version=questionnaire.version,
            answers=dict(answers),
            minor_at_recruitment=minor_at_recruitment,
            recommendation=result.recommendation.value,
            result={
                "rule": {"vi": result.rule.vi, "en": result.rule.en},
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
        )
        audit.record(
            "SCREENING_RECORDED",
            actor=actor,
            target=case,
            fields=["answers", "result"],
            data={
                "screening": interview.pk,
                "version": questionnaire.version,
                "recommendation": result.recommendation.value,
            },
        )
        if changes:
            audit.record(
                "CASE_STATUS_CHANGED",
                actor=actor,
                target=case,
                fields=["status"],
                data={"from": CaseStatus.INTAKE.value, "to": CaseStatus.SCREENING.value},
            )
    return interview


def statement_record(
    *, actor: User, case: Case, acts: Sequence[Mapping[str, Any]], interviewed_on: dt.date
) -> NonPunishmentStatement:
    """Record forced acts; the engine refuses an act without the coercion behind it."""
    _require_case(actor, case, "cases.screen")
    if not _leads(actor, case):
        raise PermissionDenied
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
    with transaction.atomic():
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
            "NON_PUNISHMENT_RECORDED",
            actor=actor,
            target=case,
            fields=["acts"],
            data={"statement": statement.pk, "acts": len(records)},
        )
    return statement


# Identification -----------------------------------------------------------------------------


def identification_decide(
    *,
    actor: User,
    case: Case,
    outcome: str,
    legal_basis: str,
    evidence: Sequence[str],
    decided_on: dt.date,
) -> IdentificationDecision:
    _require_case(actor, case, "cases.identify")
    if not _leads(actor, case):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if case.status != CaseStatus.IDENTIFICATION:
        errors["status"] = [_("Move the case to identification first.")]
    if outcome not in IdentificationOutcome.values:
        errors["outcome"] = [_("Choose the decision.")]
    if not legal_basis.strip():
        errors["legal_basis"] = [_("Name the legal basis.")]
    evidence = _clean_list(evidence)
    if not evidence:
        errors["evidence"] = [_("List the evidence the decision rests on.")]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("This date is in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = IdentificationDecision.objects.create(
            case=case,
            outcome=outcome,
            legal_basis=legal_basis.strip(),
            evidence=evidence,
            decided_by=actor,
            decided_on=decided_on,
        )
        audit.record(
            "IDENTIFICATION_DECIDED",
            actor=actor,
            target=case,
            fields=["outcome", "legal_basis", "evidence"],
            data={"decision": decision.pk, "outcome": outcome},
        )
        notices.resolve(actor=actor, key=notices.case_key(case.pk))
        # Only those who may approve, in the agency that leads the case, are asked to.
        notices.announce(
            actor=actor,
            agencies=[case.lead_agency_id],
            kind="identification",
            message=notices.DECIDED,
            reference=case.reference,
            link=notices.case_link(case.pk),
            permission="cases.approve",
            key=notices.decision_key(decision.pk),
        )
    return decision


def involved_agencies(case: Case) -> set[int]:
    """The lead agency and the agencies holding an open referral or a share of the case."""
    referred = Referral.objects.filter(
        case=case, status__in=[ReferralStatus.SENT.value, ReferralStatus.ACCEPTED.value]
    ).values_list("provider__agency", flat=True)
    shared = CaseShare.objects.filter(case=case, revoked_at__isnull=True).values_list(
        "agency", flat=True
    )
    return {case.lead_agency_id, *referred, *shared}


def identification_approve(*, actor: User, decision: IdentificationDecision) -> None:
    """A second officer approves; the agencies working on the case are notified."""
    _require_case(actor, decision.case, "cases.approve")
    if not _leads(actor, decision.case):
        raise PermissionDenied
    if decision.decided_by_id == actor.pk:
        raise ValidationError(_("A decision is approved by someone other than its author."))
    with transaction.atomic():
        updated = IdentificationDecision.objects.filter(
            pk=decision.pk, approved_at__isnull=True
        ).update(approved_by=actor, approved_at=timezone.now())
        if not updated:
            raise ValidationError(_("This decision is already approved."))
        audit.record(
            "IDENTIFICATION_APPROVED",
            actor=actor,
            target=decision.case,
            fields=["approved_by"],
            data={"decision": decision.pk, "outcome": decision.outcome},
        )
        notices.resolve(actor=actor, key=notices.decision_key(decision.pk))
        notices.announce(
            actor=actor,
            agencies=involved_agencies(decision.case),
            kind="identification",
            message=notices.APPROVED,
            reference=decision.case.reference,
            link=notices.case_link(decision.case_id),
        )


# Support: plan, referrals, deliveries --------------------------------------------------------


def _support_codes(codes: Iterable[str], field: str) -> list[str]:
    codes = list(dict.fromkeys(codes))
    unknown = [c for c in codes if c not in {s.value for s in SUPPORT_TYPES}]
    if unknown:
        raise ValidationError({field: _("Unknown support type: %s") % ", ".join(unknown)})
    return codes


def plan_save(
    *, actor: User, case: Case, goals: str, support_types: Sequence[str], version: int | None
) -> CasePlan:
    """Write the whole plan if it is still at ``version`` (0: no plan yet); a save from an
    older read raises ``Conflict`` instead of overwriting the other editor's change."""
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied
    if version is None:
        raise ValidationError({"version": _("The version of the plan you edited is required.")})
    codes = _support_codes(support_types, "support_types")
    values = {
        "goals": goals.strip(),
        "support_types": codes,
        "updated_by": actor,
        "updated_at": timezone.now(),
    }
    with transaction.atomic():
        if version == 0:
            # The one-to-one constraint refuses a second first plan; the savepoint keeps
            # the surrounding transaction usable on PostgreSQL.
            try:
                with transaction.atomic():
                    plan = CasePlan.objects.create(case=case, **values)
            except IntegrityError:
                raise Conflict(case) from None
        else:
            updated = CasePlan.objects.filter(case=case, version=version).update(
                version=F("version") + 1, **values
            )
            if updated != 1:
                raise Conflict(case)
            plan = CasePlan.objects.get(case=case)
        audit.record(
            "CASE_PLAN_SAVED",
            actor=actor,
            target=case,
            fields=["goals", "support_types"],
            data={"version": plan.version},
        )
    return plan


def referral_send(
    *,
    actor: User,
    case: Case,
    provider: ServiceProvider,
    services: Sequence[str],
    note: str = "",
    override_reason: str = "",
) -> Referral:
    """Refer the person to a provider; needs their consent to share with its agency."""
    _require_case(actor, case, "cases.refer")
    if not _leads(actor, case):
        raise PermissionDenied
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("The case is closed.")})
    if not provider.is_active:
        raise ValidationError({"provider": _("This provider no longer takes referrals.")})
    codes = _support_codes(services, "services")
    if not codes:
        raise ValidationError({"services": _("Choose at least one service.")})
    overridden = _check_consent(actor, case, provider.agency, override_reason)
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            provider=provider,
            services=codes,
            note=note.strip(),
            consent_override=override_reason.strip() if overridden else "",
            sent_by=actor,
        )
        audit.record(
            "REFERRAL_SENT",
            actor=actor,
            target=case,
            fields=["provider", "services", "note"] + (["consent_override"] if overridden else []),
            data={
                "referral": referral.pk,
                "agency": provider.agency_id,
                "consent_override": overridden,
            },
        )
        notices.announce(
            actor=actor,
            agencies=[provider.agency_id],
            kind="referral",
            message=notices.REFERRAL_SENT,
            reference=case.reference,
            link=notices.referral_link(referral.pk),
            permission="cases.refer",
            key=notices.referral_key(referral.pk),
        )
    return referral


ANSWERS = {
    "accept": ReferralStatus.ACCEPTED,
    "decline": ReferralStatus.DECLINED,
    "complete": ReferralStatus.COMPLETED,
}


ANSWER_NOTICES = {
    ReferralStatus.ACCEPTED: notices.REFERRAL_ACCEPTED,
    ReferralStatus.DECLINED: notices.REFERRAL_DECLINED,
    ReferralStatus.COMPLETED: notices.REFERRAL_COMPLETED,
}


def receives(actor: User, referral: Referral) -> bool:
    """Only the agency the referral names answers it, not the agencies under it."""
    return referral.provider.agency_id == actor.agency_id


def referral_answer(*, actor: User, referral: Referral, answer: str, reason: str = "") -> Referral:
    """The receiving agency accepts, declines (with a reason) or completes a referral."""
    if answer not in ANSWERS:
        raise ValidationError({"answer": _("Answer accept, decline or complete.")})
    _require(actor, "cases.refer")
    if not receives(actor, referral):
        raise PermissionDenied
    target = ANSWERS[answer]
    check = REFERRAL_TRANSITIONS.check(
        ReferralStatus(referral.status),
        target,
        TransitionFacts(reason=reason).established(),
    )
    if not check.allowed:
        raise _refusal(check, "answer")
    now = timezone.now()
    changes: dict[str, Any] = {"status": target.value}
    if target is ReferralStatus.COMPLETED:
        changes["completed_at"] = now
    else:
        changes.update(answered_by=actor, answered_at=now, answer_reason=reason.strip())
    with transaction.atomic():
        updated = Referral.objects.filter(pk=referral.pk, status=referral.status).update(**changes)
        if not updated:
            raise Conflict(referral.case)
        referral.refresh_from_db()
        audit.record(
            f"REFERRAL_{target.value.upper()}",
            actor=actor,
            target=referral.case,
            fields=sorted(changes),
            data={"referral": referral.pk},
        )
        notices.resolve(actor=actor, key=notices.referral_key(referral.pk))
        notices.announce(
            actor=actor,
            agencies=[referral.sent_by.agency_id],
            kind="referral",
            message=ANSWER_NOTICES[target],
            reference=referral.case.reference,
            link=notices.case_link(referral.case_id),
        )
    return referral


def delivery_record(
    *,
    actor: User,
    case: Case,
    support_type: str,
    delivered_on: dt.date,
    cost: Amount | Decimal | None = None,
    provider: ServiceProvider | None = None,
    note: str = "",
) -> ServiceDelivery:
    """What was given, when, at what cost: the lead agency or a provider on the case."""
    _require_case(actor, case, "cases.change_case")
    _support_codes([support_type], "support_type")
    errors: dict[str, list[str]] = {}
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("This date is in the future.")]
    if delivered_on < case.intake_date - dt.timedelta(days=31):
        errors["delivered_on"] = [_("This date is long before the intake.")]
    if cost is not None and not isinstance(cost, Amount) and cost < 0:
        errors["cost"] = [_("A cost cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cost_vnd, cost_currency, cost_original = split_money(cost)
        delivery = ServiceDelivery.objects.create(
            case=case,
            support_type=support_type,
            delivered_on=delivered_on,
            cost=cost_vnd,
            cost_currency=cost_currency,
            cost_original=cost_original,
            provider=provider,
            note=note.strip(),
            recorded_by=actor,
        )
        audit.record(
            "SUPPORT_DELIVERED",
            actor=actor,
            target=case,
            fields=["support_type", "delivered_on", "cost", "note"],
            data={"delivery": delivery.pk, "support_type": support_type},
        )
    return delivery


# Follow-up ----------------------------------------------------------------------------------


def _schedule(actor: User, case: Case, start: dt.date) -> list[FollowUp]:
    items = [
        FollowUp(
            case=case,
            sequence=due.sequence,
            months=due.months,
            due_on=due.due,
            assignee=case.assigned_worker,
        )
        for due in followup_engine.schedule(start)
    ]
    FollowUp.objects.bulk_create(items)
    audit.record(
        "FOLLOWUPS_SCHEDULED",
        actor=actor,
        target=case,
        fields=["due_on"],
        data={"start": start.isoformat(), "count": len(items)},
    )
    return items


def followup_schedule(*, actor: User, case: Case, start: dt.date) -> list[FollowUp]:
    """Schedule the follow-ups from ``start``; visits not yet made are rescheduled."""
    _require_case(actor, case, "cases.change_case")
    if not _leads(actor, case):
        raise PermissionDenied
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"start": _("The case is closed.")})
    if start < case.intake_date:
        raise ValidationError({"start": _("Follow-ups cannot start before the intake.")})
    if start > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"start": _("Choose a date within the next year.")})
    with transaction.atomic():
        replaced, _counts = FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
        if replaced:
            audit.record(
                "FOLLOWUPS_UNSCHEDULED",
                actor=actor,
                target=case,
                fields=["due_on"],
                data={"count": replaced},
            )
        return _schedule(actor, case, start)


def followup_complete(
    *,
    actor: User,
    followup: FollowUp,
    done_on: dt.date,
    outcomes: Mapping[str, int],
    note: str = "",
) -> FollowUp:
    _require_case(actor, followup.case, "cases.change_case")
    if not _leads(actor, followup.case):
        raise PermissionDenied
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    try:
        summary = followup_engine.summarise_outcomes(outcomes)
    except ValueError as error:
        raise ValidationError({"outcomes": str(error)}) from None
    with transaction.atomic():
        updated = FollowUp.objects.filter(pk=followup.pk, done_on__isnull=True).update(
            done_on=done_on,
            outcomes={d.value: level for d, level in summary.levels.items()},
            note=note.strip(),
        )
        if not updated:
            raise ValidationError(_("This follow-up is already done."))
        followup.refresh_from_db()
        audit.record(
            "FOLLOWUP_DONE",
            actor=actor,
            target=followup.case,
            fields=["done_on", "outcomes", "note"],
            data={"followup": followup.pk, "concerns": [d.value for d in summary.concerns]},
        )
    return followup


# Documents ----------------------------------------------------------------------------------


def document_add(
    *, actor: User, case: Case, kind: str, content: bytes, file_name: str = "", title: str = ""
) -> CaseDocument:
    """Attach a file, encrypted under its own key; the upload is an event of the case."""
    _require_case(actor, case, "cases.change_case")
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    try:
        found = documents.check(content, photo=kind == DocumentKind.PHOTO)
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from None
    token = documents.new_token()
    key = documents.write(content, token=token, case_id=case.pk)
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                case=case,
                kind=kind,
                title=" ".join(title.split())[:200],
                file_name=file_name[-200:],
                content_type=found.content_type,
                size=len(content),
                storage_name=token,
                file_key=key,
                uploaded_by=actor,
            )
            audit.record(
                "DOCUMENT_ADDED",
                actor=actor,
                target=case,
                fields=["file", "title"] if title.strip() else ["file"],
                data={"document": document.pk, "kind": kind, "size": len(content)},
            )
    except BaseException:
        documents.remove(token)
        raise
    return document


# Indicators named in the person's account -------------------------------------------------


def indicator_add(
    *, actor: User, case: Case, kind: str, value: str, detail: str = "", note: str = ""
) -> CaseIndicator:
    """Record a recruiter's or trafficker's contact from the person's account, canonical as
    ``ctip.intel`` keys it (``detail``: the bank or e-wallet for accounts, the platform for
    social accounts, the network for crypto wallets)."""
    _require_case(actor, case, "cases.change_case")
    if kind not in IndicatorKind.values:
        raise ValidationError({"kind": _("Choose what kind of contact this is.")})
    value, detail = value.strip(), detail.strip()
    if not value:
        raise ValidationError({"value": _("Give the number, account or address.")})
    if len(value) > 300 or len(detail) > 100:
        raise ValidationError({"value": _("This is too long for a contact.")})
    account = indicator_account(kind, value, detail)
    try:
        found = canonical_indicator(account)
    except InvalidIndicator as error:
        raise ValidationError(
            {
                "value": _("This cannot be read as a contact of that kind: %(detail)s")
                % {"detail": str(error)}
            }
        ) from None
    if found.kind not in IndicatorKind.values:
        raise ValidationError({"kind": _("Choose what kind of contact this is.")})
    index = blind_index("case_indicator", found.ref)
    if CaseIndicator.objects.filter(case=case, ref_index=index, removed_at__isnull=True).exists():
        raise ValidationError({"value": _("This contact is already recorded on the case.")})
    try:
        with transaction.atomic():
            row = CaseIndicator.objects.create(
                case=case,
                # A link to a profile is the social account it names.
                kind=found.kind,
                account=account,
                note=" ".join(note.split())[:500],
                added_by=actor,
            )
            audit.record(
                "CASE_INDICATOR_ADDED",
                actor=actor,
                target=case,
                fields=["indicator"] + (["note"] if row.note else []),
                data={"indicator": row.pk, "kind": row.kind},
            )
    except IntegrityError:
        # The same contact submitted twice at once: the first one is kept.
        raise ValidationError(
            {"value": _("This contact is already recorded on the case.")}
        ) from None
    return row


def indicator_remove(*, actor: User, indicator: CaseIndicator) -> None:
    _require_case(actor, indicator.case, "cases.change_case")
    with transaction.atomic():
        removed = CaseIndicator.objects.filter(pk=indicator.pk, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=actor
        )
        if not removed:
            raise ValidationError(_("This contact was already removed."))
        audit.record(
            "CASE_INDICATOR_REMOVED",
            actor=actor,
            target=indicator.case,
            fields=["indicator"],
            data={"indicator": indicator.pk, "kind": indicator.kind},
        )


# Duplicates ---------------------------------------------------------------------------------


def person_link(
    *, actor: User, person: Person, other: Person, kind: str, reason: str, score: float | None
) -> PersonLink:
    """Record that two visible records are one person; a merge points ``other`` at ``person``."""
    _require(actor, "cases.merge")
    visible = Person.objects.filter(Person.scope_q(actor))
    if not visible.filter(pk=person.pk).exists() or not visible.filter(pk=other.pk).exists():
        raise PermissionDenied
    if person.pk == other.pk:
        raise ValidationError({"other": _("A record cannot be linked to itself.")})
    if kind not in {"link", "merge"}:
        raise ValidationError({"kind": _("Choose link or merge.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these records are the same person.")})
    with transaction.atomic():
        if kind == "merge":
            if Person.objects.filter(
                pk__in=[person.pk, other.pk], merged_into__isnull=False
            ).exists():
                raise ValidationError({"other": _("One of these records is already merged.")})
            Person.objects.filter(pk=other.pk).update(merged_into=person)
        link = PersonLink.objects.create(
            person=person,
            other=other,
            kind=kind,
            score=score,
            reason=reason.strip(),
            created_by=actor,
        )
        audit.record(
            "PERSONS_MERGED" if kind == "merge" else "PERSONS_LINKED",
            actor=actor,
            target=person,
            fields=["merged_into"] if kind == "merge" else [],
            data={"link": link.pk, "other": other.pk},
        )
    return link


def link_undo(*, actor: User, link: PersonLink) -> None:
    _require(actor, "cases.merge")
    if not PersonLink.objects.filter(PersonLink.scope_q(actor), pk=link.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        updated = PersonLink.objects.filter(pk=link.pk, undone_at__isnull=True).update(
            undone_at=timezone.now(), undone_by=actor
        )
        if not updated:
            raise ValidationError(_("This link was already undone."))
        if link.kind == "merge":
            Person.objects.filter(pk=link.other_id, merged_into=link.person_id).update(
                merged_into=None
            )
        audit.record(
            "PERSONS_UNMERGED" if link.kind == "merge" else "PERSONS_UNLINKED",
            actor=actor,
            target=link.person,
            fields=["merged_into"] if link.kind == "merge" else [],
            data={"link": link.pk, "other": link.other_id},
        )


def export_recorded(*, actor: User, case: Case, kind: str) -> None:
    """Printing or exporting a case is its own permission and its own audit event."""
    _require_case(actor, case, "cases.export")
    with transaction.atomic():
        audit.record("CASE_EXPORTED", actor=actor, target=case, data={"kind": kind})
