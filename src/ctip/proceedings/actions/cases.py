"""Criminal cases: initiation, decisions in the order of the Criminal Procedure Code, shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, AgencyType
from ctip.proceedings import law
from ctip.proceedings.actions.common import (
    bump,
    day,
    in_charge,
    investigating_agency,
    locked_case,
    not_future,
    on_or_after_start,
    open_file,
    recount,
)
from ctip.proceedings.events import ProceedingsEvent
from ctip.proceedings.models import (
    Accused,
    CaseDecision,
    CriminalCase,
    DecisionKind,
    FileShare,
    ProceduralRole,
    Seriousness,
    Stage,
)

if TYPE_CHECKING:
    from ctip.core.models import User


@dataclass(frozen=True)
class InitiateInput:
    title: str
    initiated_on: dt.date
    seriousness: str = Seriousness.SERIOUS.value
    note: str = ""


@dataclass(frozen=True)
class DecisionInput:
    case_id: int
    kind: str
    decided_on: dt.date
    agency_id: int | None = None  # the agency taking the case over, where one does
    note: str = ""
    version: int | None = None


@dataclass(frozen=True)
class ShareInput:
    case_id: int
    agency_id: int


@dataclass(frozen=True)
class Step:
    """What a decision needs and does: the stage it follows, the one it opens, and the
    kind of agency that takes the case over (None: the agency in charge keeps it)."""

    after: tuple[str, ...]
    to: str
    takes_over: str | None = None


STEPS: dict[str, Step] = {
    DecisionKind.CHARGE_ACCUSED: Step((Stage.INITIATION, Stage.INVESTIGATION), Stage.INVESTIGATION),
    DecisionKind.CONCLUDE_INVESTIGATION: Step(
        (Stage.INVESTIGATION,), Stage.INDICTMENT, AgencyType.PROCURACY
    ),
    DecisionKind.INDICT: Step((Stage.INDICTMENT,), Stage.FIRST_INSTANCE, AgencyType.COURT),
    DecisionKind.FIRST_INSTANCE_JUDGMENT: Step((Stage.FIRST_INSTANCE,), Stage.FIRST_INSTANCE),
    DecisionKind.APPEAL: Step((Stage.FIRST_INSTANCE,), Stage.APPEAL, AgencyType.COURT),
    DecisionKind.FINAL_JUDGMENT: Step((Stage.FIRST_INSTANCE, Stage.APPEAL), Stage.FINAL),
}


def _next_decisions(found: CriminalCase) -> list[str]:
    # Charging further accused during the investigation is allowed (STEPS).
    return [str(DecisionKind(kind).label) for kind in STEPS if _allowed(found, kind) is None]


def _allowed(found: CriminalCase, kind: str) -> str | None:
    """None when ``kind`` may follow the case's stage, else why not."""
    step = STEPS.get(kind)
    if step is None or found.stage not in step.after:
        return _("not at this stage")
    judged = found.first_instance_judged_on is not None
    if found.stage == Stage.FIRST_INSTANCE:
        if kind == DecisionKind.FIRST_INSTANCE_JUDGMENT and judged:
            return _("the first-instance judgment is already recorded")
        if kind in (DecisionKind.APPEAL, DecisionKind.FINAL_JUDGMENT) and not judged:
            return _("there is no first-instance judgment yet")
    return None


def next_decisions(found: CriminalCase) -> list[str]:
    """The decisions that may follow, in words (for pages and messages)."""
    return _next_decisions(found)


def initiate(actor: User, data: InitiateInput) -> CriminalCase:
    """The case and its first decision, inside the caller's transaction."""
    investigating_agency(actor.agency)
    not_future(data.initiated_on, "initiated_on")
    if not data.title.strip():
        raise ValidationError({"title": _("Give the case a title.")})
    if data.seriousness not in Seriousness.values:
        raise ValidationError({"seriousness": _("Choose how serious the offence is.")})
    found = CriminalCase.objects.create(
        title=data.title.strip(),
        initiated_on=data.initiated_on,
        initiating_agency=actor.agency,
        initiating_agency_type=actor.agency.type,
        agency_in_charge=actor.agency,
        stage=Stage.INITIATION,
        stage_began_on=data.initiated_on,
        last_decided_on=data.initiated_on,
        seriousness=data.seriousness,
        created_by=actor,
    )
    CaseDecision.objects.create(
        case=found,
        kind=DecisionKind.INITIATE,
        decided_on=data.initiated_on,
        agency=actor.agency,
        to_stage=Stage.INITIATION,
        note=data.note,
        decided_by=actor,
    )
    audit.record(
        ProceedingsEvent.CASE_INITIATED,
        actor=actor,
        target=found,
        fields=["title", "initiated_on", "seriousness"],
    )
    return found


def case_initiate(*, actor: User, data: InitiateInput) -> CriminalCase:
    """Initiate a criminal case (khởi tố vụ án) without a denunciation before it."""
    with transaction.atomic():
        return initiate(actor, data)


def case_decide(*, actor: User, data: DecisionInput) -> CaseDecision:
    """Record the next decision of a case; out of order or misdated, it is refused."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.decide")
        if data.version is not None and data.version != found.version:
            raise ValidationError(
                _("Someone changed this case since you opened it. Open it again and retry.")
            )
        if data.kind not in STEPS:
            raise ValidationError({"kind": _("Choose a decision.")})
        open_file(found)
        in_charge(actor, found)
        why = _allowed(found, data.kind)
        if why is not None:
            allowed = ", ".join(_next_decisions(found)) or _("none")
            raise ValidationError(
                {
                    "kind": _(
                        "“%(decision)s” cannot be recorded now: the case is at the stage "
                        "“%(stage)s” and %(why)s. What may come next: %(next)s."
                    )
                    % {
                        "decision": DecisionKind(data.kind).label,
                        "stage": Stage(found.stage).label,
                        "why": why,
                        "next": allowed,
                    }
                }
            )
        not_future(data.decided_on, "decided_on")
        on_or_after_start(found, data.decided_on, "decided_on")
        if data.decided_on < found.last_decided_on:
            raise ValidationError(
                {
                    "decided_on": _(
                        "This date is before the case's last decision (%(date)s); "
                        "decisions are recorded in the order they were taken."
                    )
                    % {"date": day(found.last_decided_on)}
                }
            )
        step = STEPS[data.kind]
        agency = found.agency_in_charge
        if step.takes_over is not None:
            agency = _receiving_agency(data.agency_id, step.takes_over)
        _apply(found, data, agency)
        decision = CaseDecision.objects.create(
            case=found,
            kind=data.kind,
            decided_on=data.decided_on,
            agency=agency,
            from_stage=found.stage,
            to_stage=step.to,
            note=data.note,
            decided_by=actor,
        )
        changed = ["stage", "stage_began_on", "agency_in_charge", "last_decided_on"]
        if step.to != found.stage:
            found.stage_began_on = data.decided_on
        found.stage = step.to
        found.agency_in_charge = agency
        found.last_decided_on = data.decided_on
        changed += _dates(found, data)
        bump(found, changed)
        recount(CriminalCase.objects.filter(pk=found.pk))
        audit.record(
            ProceedingsEvent.DECISION_RECORDED,
            actor=actor,
            target=found,
            fields=["stage", "agency_in_charge"],
            data={"decision": data.kind},
        )
        return decision


def _receiving_agency(agency_id: int | None, kind: str) -> Agency:
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first() if agency_id else None
    if agency is None or agency.type != kind:
        raise ValidationError(
            {
                "agency_id": _("Name the %(kind)s that takes the case over.")
                % {"kind": str(AgencyType(kind).label).lower()}
            }
        )
    return agency


def _apply(found: CriminalCase, data: DecisionInput, agency: Agency) -> None:
    """Checks and effects on the persons of the case."""
    persons = Accused.objects.filter(case=found)
    if data.kind == DecisionKind.CHARGE_ACCUSED:
        charged = persons.filter(role=ProceduralRole.SUSPECT, charges__isnull=False).distinct()
        if not charged.exists():
            raise ValidationError(
                _("Record a suspect and the charge against them before charging an accused.")
            )
        Accused.objects.filter(pk__in=list(charged.values_list("pk", flat=True))).update(
            role=ProceduralRole.ACCUSED
        )
    elif data.kind == DecisionKind.INDICT:
        if not persons.filter(role=ProceduralRole.ACCUSED).exists():
            raise ValidationError(_("No accused person is charged in this case to indict."))
        persons.filter(role=ProceduralRole.ACCUSED).update(role=ProceduralRole.DEFENDANT)
    elif data.kind == DecisionKind.FINAL_JUDGMENT and found.stage == Stage.FIRST_INSTANCE:
        judged = found.first_instance_judged_on
        window = law.stage_deadline("appeal_window", found.seriousness, judged) if judged else None
        if window is not None and data.decided_on <= window:
            raise ValidationError(
                {
                    "decided_on": _(
                        "The first-instance judgment becomes final only once the time for an "
                        "appeal has run out (%(date)s, %(source)s)."
                    )
                    % {"date": day(window), "source": law.law().stage_sources["appeal_window"]}
                }
            )


def _dates(found: CriminalCase, data: DecisionInput) -> list[str]:
    field = {
        DecisionKind.CONCLUDE_INVESTIGATION: "investigation_concluded_on",
        DecisionKind.INDICT: "court_accepted_on",
        DecisionKind.FIRST_INSTANCE_JUDGMENT: "first_instance_judged_on",
        DecisionKind.FINAL_JUDGMENT: "final_on",
    }.get(DecisionKind(data.kind))
    if field is None:
        return []
    setattr(found, field, data.decided_on)
    return [field]


def file_share(*, actor: User, data: ShareInput) -> FileShare:
    """Open the investigation file to exactly one other agency."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.share")
        in_charge(actor, found)
        agency = Agency.objects.filter(pk=data.agency_id, is_active=True).first()
        if agency is None:
            raise ValidationError({"agency_id": _("Choose an agency.")})
        if agency.type == AgencyType.COUNTERPART or agency.country != "VN":
            raise ValidationError(
                {
                    "agency_id": _(
                        "A counterpart abroad does not read the file: share the case with "
                        "it as a joint investigation."
                    )
                }
            )
        if agency.pk == found.agency_in_charge_id:
            raise ValidationError({"agency_id": _("This agency is already in charge of the case.")})
        if FileShare.objects.filter(case=found, agency=agency, revoked_at__isnull=True).exists():
            raise ValidationError({"agency_id": _("The file is already shared with this agency.")})
        share = FileShare.objects.create(case=found, agency=agency, shared_by=actor)
        audit.record(
            ProceedingsEvent.FILE_SHARED, actor=actor, target=found, data={"agency": agency.pk}
        )
        return share


def file_share_revoke(*, actor: User, data: ShareInput) -> None:
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.share")
        in_charge(actor, found)
        count = FileShare.objects.filter(
            case=found, agency_id=data.agency_id, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if not count:
            raise ValidationError({"agency_id": _("The file is not shared with this agency.")})
        audit.record(
            ProceedingsEvent.FILE_SHARE_REVOKED,
            actor=actor,
            target=found,
            data={"agency": data.agency_id},
        )
