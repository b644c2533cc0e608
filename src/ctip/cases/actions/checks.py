"""The checks every write of the cases app shares, each written once.

``require_lead`` is the lead-agency check: the actor holds the permission, sees the case
and works in the agency that leads it (or one above it). ``bump`` writes a case only if
it is still at the version the caller read (``Conflict`` otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.engine.support import SUPPORT_TYPES
from ctip.cases.engine.transitions import TransitionCheck
from ctip.cases.labels import label
from ctip.cases.models import Case, lineage
from ctip.core.actions import StaleEdit
from ctip.core.models import User


class Conflict(StaleEdit):
    """The case changed since the caller read it; reload and apply the change again."""

    def __init__(self, case: Case) -> None:
        super().__init__(
            _(
                "Someone else saved this case in the meantime. Reload the page: "
                "your change was not saved."
            )
        )
        self.case = case


def require(actor: User, permission: str) -> None:
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def sees(actor: User, case: Case) -> bool:
    return Case.objects.filter(Case.scope_q(actor), pk=case.pk).exists()


def require_case(actor: User, case: Case, permission: str) -> None:
    """The actor holds ``permission`` and sees ``case`` (a share or a referral will do)."""
    require(actor, permission)
    if not sees(actor, case):
        raise PermissionDenied(permission)


def leads(actor: User, case: Case) -> bool:
    """Whether the actor works in the agency leading the case or in one above it."""
    return case.lead_agency_id in lineage(actor)


def require_lead(actor: User, case: Case, permission: str, refusal: str = "") -> None:
    """``require_case``, and the actor's agency leads the case: only the lead agency
    changes it; agencies it is shared or referred to read it."""
    require_case(actor, case, permission)
    if not leads(actor, case):
        raise PermissionDenied(refusal or permission)


def bump(case: Case, version: int | None, **changes: Any) -> Case:
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


def fresh(case: Case, version: int | None) -> None:
    """Refuse a change based on an old read before judging it against the new state."""
    if version is not None and version != case.version:
        raise Conflict(case)


def refusal(check: TransitionCheck, field: str = "status") -> ValidationError:
    return ValidationError({field: [label(r.message) for r in check.refusals]})


def not_in_future(value: Any, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def clean_list(values: Iterable[str] | None) -> list[str]:
    return [" ".join(v.split()) for v in (values or ()) if v and v.strip()]


def support_codes(codes: Iterable[str], field: str) -> list[str]:
    codes = list(dict.fromkeys(codes))
    unknown = [c for c in codes if c not in {s.value for s in SUPPORT_TYPES}]
    if unknown:
        raise ValidationError({field: _("Unknown support type: %s") % ", ".join(unknown)})
    return codes
