"""Two records of one person: linked, or merged (one points at the other); undone."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import require
from ctip.cases.events import CasesEvent
from ctip.cases.models import Person, PersonLink
from ctip.core import audit
from ctip.core.models import User


@transaction.atomic
def person_link(
    *, actor: User, person: Person, other: Person, kind: str, reason: str, score: float | None
) -> PersonLink:
    """Record that two visible records are one person; a merge points ``other`` at ``person``."""
    require(actor, "cases.merge")
    visible = Person.objects.filter(Person.scope_q(actor))
    if not visible.filter(pk=person.pk).exists() or not visible.filter(pk=other.pk).exists():
        raise PermissionDenied
    if person.pk == other.pk:
        raise ValidationError({"other": _("A record cannot be linked to itself.")})
    if kind not in {"link", "merge"}:
        raise ValidationError({"kind": _("Choose link or merge.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these records are the same person.")})
    if kind == "merge":
        if Person.objects.filter(pk__in=[person.pk, other.pk], merged_into__isnull=False).exists():
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
        CasesEvent.PERSONS_MERGED if kind == "merge" else CasesEvent.PERSONS_LINKED,
        actor=actor,
        target=person,
        fields=["merged_into"] if kind == "merge" else [],
        data={"link": link.pk, "other": other.pk},
    )
    return link


@transaction.atomic
def link_undo(*, actor: User, link: PersonLink) -> None:
    require(actor, "cases.merge")
    if not PersonLink.objects.filter(PersonLink.scope_q(actor), pk=link.pk).exists():
        raise PermissionDenied
    updated = PersonLink.objects.filter(pk=link.pk, undone_at__isnull=True).update(
        undone_at=timezone.now(), undone_by=actor
    )
    if not updated:
        raise ValidationError(_("This link was already undone."))
    if link.kind == "merge":
        Person.objects.filter(pk=link.other_id, merged_into=link.person_id).update(merged_into=None)
    audit.record(
        CasesEvent.PERSONS_UNMERGED if link.kind == "merge" else CasesEvent.PERSONS_UNLINKED,
        actor=actor,
        target=link.person,
        fields=["merged_into"] if link.kind == "merge" else [],
        data={"link": link.pk, "other": link.other_id},
    )
