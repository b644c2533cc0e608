"""Handing a case to another agency: the reception chain of Joint Circular 01/2014.

A border guard post hands a returnee to the home province's police or social protection,
the hotline hands a call to the province. The same case moves (its timeline keeps every
step); nothing is copied. The receiving agency reads the case while the hand-over waits,
accepts it (it becomes the lead agency) or returns it with a reason. After acceptance the
sending agency keeps reading the case until the new lead agency ends that access. Both
kinds of access name exactly one agency, never the units under it. The reads (waiting
hand-overs, those of a case, the agencies a case may go to) are in ``cases.selectors``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import notices
from ctip.cases.actions.checks import bump, fresh, require, require_lead
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, CaseHandover, HandoverStatus
from ctip.core import audit
from ctip.core.models import Agency, User

MAX_REASON = 2000


def _reason(text: str, field: str, missing: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > MAX_REASON:
        raise ValidationError(
            {field: _("Keep the reason under %(n)d characters.") % {"n": MAX_REASON}}
        )
    return text


def _no_such_agency() -> ValidationError:
    return ValidationError({"agency": _("There is no such agency. Choose one from the list.")})


def _already_waiting() -> ValidationError:
    return ValidationError(
        {"agency": _("A hand-over of this case is already waiting for an answer.")}
    )


def receiving_agency(agency_id: int | str | None) -> Agency:
    """The active agency a hand-over may go to, or a clear error."""
    try:
        pk = int(agency_id or 0)
    except (TypeError, ValueError):
        pk = 0
    found = Agency.objects.filter(pk=pk, is_active=True).first() if pk > 0 else None
    if found is None:
        raise _no_such_agency()
    return found


@transaction.atomic
def handover_send(
    *, actor: User, case: Case, to_agency: Agency, reason: str, version: int | None
) -> CaseHandover:
    """Hand ``case`` to ``to_agency``; the case stays with its lead agency until answered.

    Handing on is reception work (border post, hotline, commune): ``cases.intake``."""
    require_lead(actor, case, "cases.intake")
    fresh(case, version)
    if not to_agency.is_active or not Agency.objects.filter(pk=to_agency.pk).exists():
        raise _no_such_agency()
    if to_agency.pk == case.lead_agency_id:
        raise ValidationError({"agency": _("This agency already leads the case.")})
    if case.status == CaseStatus.CLOSED.value:
        raise ValidationError({"agency": _("A closed case cannot be handed over; reopen it.")})
    if CaseHandover.objects.filter(case=case, status=HandoverStatus.SENT).exists():
        raise _already_waiting()
    text = _reason(reason, "reason", _("Say why the case goes to this agency."))
    try:
        with transaction.atomic():
            handover = CaseHandover.objects.create(
                case=case,
                from_agency_id=case.lead_agency_id,
                to_agency=to_agency,
                reason=text,
                sent_by=actor,
            )
    except IntegrityError:
        # Two officers handing the same case at once: the other one's hand-over waits.
        raise _already_waiting() from None
    audit.record(
        CasesEvent.CASE_HANDED_OVER,
        actor=actor,
        target=case,
        fields=["reason"],
        data={"handover": handover.pk, "from": case.lead_agency_id, "to": to_agency.pk},
    )
    notices.announce(
        actor=actor,
        agencies=[to_agency],
        kind="handover",
        message=notices.HANDED_OVER,
        reference=case.reference,
        link=notices.handover_link(handover.pk),
        permission="cases.change_case",
    )
    return handover


def answers(actor: User, handover: CaseHandover) -> bool:
    """Whether ``actor`` may answer: staff of exactly the receiving agency."""
    return (
        handover.status == HandoverStatus.SENT
        and actor.agency_id == handover.to_agency_id
        and actor.has_ctip_perm("cases.change_case")
    )


@transaction.atomic
def handover_answer(
    *, actor: User, handover: CaseHandover, accept: bool, reason: str = ""
) -> CaseHandover:
    """Accept (the receiving agency leads the case from now on) or return with a reason."""
    require(actor, "cases.change_case")
    if actor.agency_id != handover.to_agency_id:
        raise PermissionDenied("cases.change_case")
    text = (
        reason.strip() if accept else _reason(reason, "reason", _("Say why the case is returned."))
    )
    now = timezone.now()
    status = HandoverStatus.ACCEPTED if accept else HandoverStatus.RETURNED
    answered = CaseHandover.objects.filter(pk=handover.pk, status=HandoverStatus.SENT).update(
        status=status, answered_by=actor, answered_at=now, answer_reason=text[:MAX_REASON]
    )
    if not answered:
        raise ValidationError(_("This hand-over has already been answered."))
    case = Case.objects.select_for_update().get(pk=handover.case_id)
    if accept:
        case = bump(case, case.version, lead_agency_id=handover.to_agency_id, assigned_worker=None)
    audit.record(
        CasesEvent.HANDOVER_ACCEPTED if accept else CasesEvent.HANDOVER_RETURNED,
        actor=actor,
        target=case,
        fields=["lead_agency", "assigned_worker"] if accept else ["answer_reason"],
        data={"handover": handover.pk, "from": handover.from_agency_id},
    )
    notices.announce(
        actor=actor,
        agencies=[handover.from_agency_id],
        kind="handover",
        message=notices.HANDOVER_ACCEPTED if accept else notices.HANDOVER_RETURNED,
        reference=case.reference,
        link=notices.case_link(case.pk),
    )
    handover.refresh_from_db()
    return handover


@transaction.atomic
def handover_end_access(*, actor: User, handover: CaseHandover) -> None:
    """The new lead agency stops the sending agency reading the case."""
    require_lead(actor, handover.case, "cases.change_case")
    if handover.to_agency_id != handover.case.lead_agency_id:
        raise ValidationError(_("Only the agency that accepted the hand-over ends this access."))
    ended = CaseHandover.objects.filter(
        pk=handover.pk,
        status=HandoverStatus.ACCEPTED,
        sender_access_ended_at__isnull=True,
    ).update(sender_access_ended_at=timezone.now())
    if not ended:
        raise ValidationError(_("The sending agency no longer reads this case."))
    audit.record(
        CasesEvent.HANDOVER_ACCESS_ENDED,
        actor=actor,
        target=handover.case,
        data={"handover": handover.pk, "agency": handover.from_agency_id},
    )
