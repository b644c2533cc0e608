"""Repatriation needs per person: documents, consular contact, transport, medical care."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cooperation.actions import common
from ctip.cooperation.actions.handover import receives
from ctip.cooperation.events import CooperationEvent
from ctip.cooperation.models import HandoverPerson, NeedKind, RepatriationNeed
from ctip.core import audit
from ctip.core.models import User


@dataclass(frozen=True)
class NeedInput:
    kind: str
    agency_id: int
    note: str = ""


def need_record(*, actor: User, person: HandoverPerson, data: NeedInput) -> RepatriationNeed:
    common.require(actor, "cooperation.handover")
    if not receives(actor, person.operation):
        raise PermissionDenied("cooperation.handover")
    if data.kind not in NeedKind.values:
        raise ValidationError({"kind": _("Choose a need from the list.")})
    agency = common.vietnamese_agency(data.agency_id, "agency")
    note = data.note.strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    with transaction.atomic():
        need = RepatriationNeed.objects.create(
            person=person, kind=data.kind, agency=agency, note=note, created_by=actor
        )
        audit.record(
            CooperationEvent.NEED_RECORDED,
            actor=actor,
            target=person.operation,
            data={"row": person.row, "kind": data.kind, "agency": agency.pk},
        )
    return need


def need_done(*, actor: User, need: RepatriationNeed, on: dt.date) -> RepatriationNeed:
    """The responsible agency (or one that receives the person) marks the need met, once."""
    common.require(actor, "cooperation.handover")
    if actor.agency_id != need.agency_id and not receives(actor, need.person.operation):
        raise PermissionDenied("cooperation.handover")
    if on > common.today():
        raise ValidationError({"on": _("This date is in the future.")})
    with transaction.atomic():
        done = RepatriationNeed.objects.filter(pk=need.pk, done_on__isnull=True).update(done_on=on)
        if not done:
            raise ValidationError(_("This need has been met already."))
        audit.record(
            CooperationEvent.NEED_DONE,
            actor=actor,
            target=need.person.operation,
            data={"need": need.pk, "kind": need.kind},
        )
    need.refresh_from_db()
    return need
