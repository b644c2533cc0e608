"""Denunciations and crime reports: receipt, time limit and its extensions, resolution."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import selectors as cases_selectors
from ctip.core import audit
from ctip.core.models import Agency, AgencyType
from ctip.core.scope import get_visible
from ctip.hotline import selectors as hotline_selectors
from ctip.intel import selectors as intel_selectors
from ctip.proceedings import law
from ctip.proceedings.actions.cases import InitiateInput, initiate
from ctip.proceedings.actions.common import day, not_future
from ctip.proceedings.events import ProceedingsEvent
from ctip.proceedings.models import (
    Denunciation,
    DenunciationKind,
    Resolution,
    Seriousness,
    SourceKind,
)

if TYPE_CHECKING:
    from ctip.core.models import User

RECEIVING = (AgencyType.POLICE.value, AgencyType.BORDER_GUARD.value, AgencyType.PROCURACY.value)


@dataclass(frozen=True)
class DenunciationInput:
    kind: str
    received_on: dt.date
    summary: str
    source_kind: str = SourceKind.NONE.value
    source_case_id: int | None = None
    source_reference: str = ""


@dataclass(frozen=True)
class ExtensionInput:
    denunciation_id: int
    days: int
    reason: str
    procuracy_decision: str = ""  # the number of the procuracy's decision, when it extends


@dataclass(frozen=True)
class ResolutionInput:
    denunciation_id: int
    resolution: str
    decided_on: dt.date
    note: str = ""
    transferred_to_id: int | None = None
    case_title: str = ""
    seriousness: str = Seriousness.SERIOUS.value


@dataclass(frozen=True)
class _Source:
    case_id: int | None = None
    call_id: int | None = None
    request_id: int | None = None
    reference: str = ""


HOTLINE_KINDS: dict[str, str] = {
    SourceKind.HOTLINE_CALL.value: "call",
    SourceKind.TRACING_REQUEST.value: "tracing_request",
}


def _hotline_source(actor: User, kind: str, reference: str) -> _Source:
    """A call or tracing request the actor may read, checked through hotline's selector."""
    if not reference:
        raise ValidationError(
            {"source_reference": _("Give the reference of the call or the tracing request.")}
        )
    try:
        ref = hotline_selectors.record_ref(actor, HOTLINE_KINDS[kind], reference)
    except (Http404, PermissionDenied) as error:
        message = (
            _("You cannot see a hotline call with this reference (it reads like CG-000123).")
            if kind == SourceKind.HOTLINE_CALL
            else _("You cannot see a tracing request with this reference.")
        )
        raise ValidationError({"source_reference": message}) from error
    if ref.kind == "call":
        return _Source(call_id=ref.id, reference=ref.reference)
    return _Source(request_id=ref.id, reference=ref.reference)


def _source(actor: User, data: DenunciationInput) -> _Source:
    kind = data.source_kind
    reference = data.source_reference.strip()
    if kind == SourceKind.VICTIM_CASE:
        if data.source_case_id is None:
            raise ValidationError({"source_case_id": _("Give the protection case's number.")})
        try:
            ref = cases_selectors.victim_case_ref(actor, data.source_case_id)
        except (Http404, PermissionDenied) as error:
            raise ValidationError(
                {"source_case_id": _("You cannot see a protection case with this number.")}
            ) from error
        return _Source(case_id=ref.case_id)
    if kind == SourceKind.NETWORK:
        try:
            cluster = intel_selectors.cluster(actor, reference)
        except (Http404, PermissionDenied) as error:
            raise ValidationError(
                {"source_reference": _("You cannot see a scam network with this reference.")}
            ) from error
        return _Source(reference=cluster.pk)
    if kind in HOTLINE_KINDS:
        return _hotline_source(actor, kind, reference)
    if kind != SourceKind.NONE:
        raise ValidationError({"source_kind": _("Choose where the denunciation comes from.")})
    return _Source()


def denunciation_receive(*, actor: User, data: DenunciationInput) -> Denunciation:
    """Record a denunciation or crime report received; its time limit starts that day."""
    with transaction.atomic():
        if actor.agency.type not in RECEIVING:
            raise ValidationError(
                _("Only the police, the border guard or the procuracy receive denunciations.")
            )
        if data.kind not in DenunciationKind.values:
            raise ValidationError({"kind": _("Choose what was received.")})
        if not data.summary.strip():
            raise ValidationError({"summary": _("Say what was reported.")})
        not_future(data.received_on, "received_on")
        source = _source(actor, data)
        found = Denunciation.objects.create(
            kind=data.kind,
            received_by=actor.agency,
            received_on=data.received_on,
            summary=data.summary.strip(),
            source_kind=data.source_kind,
            source_case_id=source.case_id,
            source_call_id=source.call_id,
            source_request_id=source.request_id,
            source_reference=source.reference,
            due_on=data.received_on + dt.timedelta(days=law.law().resolve_days),
            created_by=actor,
        )
        audit.record(
            ProceedingsEvent.DENUNCIATION_RECEIVED,
            actor=actor,
            target=found,
            fields=["kind", "received_on", "summary", "source_kind"],
        )
        return found


def _locked(actor: User, denunciation_id: int, permission: str) -> Denunciation:
    return get_visible(
        Denunciation.objects.select_for_update().select_related("received_by"),
        actor,
        permission,
        pk=denunciation_id,
    )


def denunciation_extend(*, actor: User, data: ExtensionInput) -> Denunciation:
    """Extend the time limit as the Code allows: once by the agency, once more with the
    procuracy's decision, each up to the configured number of days."""
    with transaction.atomic():
        found = _locked(actor, data.denunciation_id, "proceedings.receive")
        if found.received_by_id != actor.agency_id:
            raise ValidationError(_("Only the agency that received it extends its time limit."))
        if found.resolution and found.resolution != Resolution.SUSPEND:
            raise ValidationError(_("This denunciation is already resolved."))
        allowed = law.law().extensions
        if found.extensions >= len(allowed):
            raise ValidationError(
                _("The time limit has been extended %(count)s times, as far as %(source)s allows.")
                % {"count": len(allowed), "source": allowed[-1].source}
            )
        rule = allowed[found.extensions]
        today = timezone.localdate()
        if today > found.due_on:
            raise ValidationError(
                _("The time limit passed on %(date)s; it can no longer be extended.")
                % {"date": day(found.due_on)}
            )
        if not 1 <= data.days <= rule.max_days:
            raise ValidationError(
                {
                    "days": _("An extension is from 1 to %(max)s days (%(source)s).")
                    % {"max": rule.max_days, "source": rule.source}
                }
            )
        if not data.reason.strip():
            raise ValidationError({"reason": _("Say why more time is needed.")})
        if rule.by == "procuracy" and not data.procuracy_decision.strip():
            raise ValidationError(
                {
                    "procuracy_decision": _(
                        "This extension is the procuracy's (%(source)s): give the number of "
                        "its decision."
                    )
                    % {"source": rule.source}
                }
            )
        found.due_on = found.due_on + dt.timedelta(days=data.days)
        found.extensions += 1
        note = data.reason.strip()
        if data.procuracy_decision.strip():
            note = f"{note} ({data.procuracy_decision.strip()[:80]})"
        found.decision_note = "\n".join(filter(None, [found.decision_note, note]))
        found.save(update_fields=["due_on", "extensions", "decision_note"])
        audit.record(
            ProceedingsEvent.DENUNCIATION_EXTENDED,
            actor=actor,
            target=found,
            fields=["due_on", "extensions"],
            data={"days": data.days},
        )
        return found


def denunciation_resolve(*, actor: User, data: ResolutionInput) -> Denunciation:
    """Decide: initiate a case (created here), do not initiate, transfer, or suspend.

    A decision after the time limit is kept and flagged (``decided_late``)."""
    with transaction.atomic():
        found = _locked(actor, data.denunciation_id, "proceedings.decide")
        if found.received_by_id != actor.agency_id:
            raise ValidationError(_("Only the agency that received it resolves it."))
        if found.resolution and found.resolution != Resolution.SUSPEND:
            raise ValidationError(_("This denunciation is already resolved."))
        if data.resolution not in Resolution.values:
            raise ValidationError({"resolution": _("Choose a decision.")})
        not_future(data.decided_on, "decided_on")
        if data.decided_on < found.received_on:
            raise ValidationError(
                {
                    "decided_on": _("This date is before the denunciation was received (%(date)s).")
                    % {"date": day(found.received_on)}
                }
            )
        if found.decided_on and data.decided_on < found.decided_on:
            raise ValidationError(
                {
                    "decided_on": _("This date is before the suspension (%(date)s).")
                    % {"date": day(found.decided_on)}
                }
            )
        fields = ["resolution", "decided_on", "decided_late", "decision_note"]
        if data.resolution == Resolution.TRANSFER:
            agency = Agency.objects.filter(pk=data.transferred_to_id or 0, is_active=True).first()
            if agency is None or agency.pk == found.received_by_id:
                raise ValidationError({"transferred_to_id": _("Name the agency it goes to.")})
            found.transferred_to = agency
            fields.append("transferred_to")
        if data.resolution == Resolution.PROSECUTE:
            found.criminal_case = initiate(
                actor,
                InitiateInput(
                    title=data.case_title,
                    initiated_on=data.decided_on,
                    seriousness=data.seriousness,
                    note=data.note,
                ),
            )
            fields.append("criminal_case")
        found.resolution = data.resolution
        found.decided_on = data.decided_on
        found.decided_late = data.decided_on > found.due_on
        if data.note.strip():
            found.decision_note = "\n".join(filter(None, [found.decision_note, data.note.strip()]))
        found.save(update_fields=fields)
        audit.record(
            ProceedingsEvent.DENUNCIATION_RESOLVED,
            actor=actor,
            target=found,
            fields=fields,
            data={"resolution": data.resolution, "late": found.decided_late},
        )
        return found
