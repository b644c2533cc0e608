"""Public warnings: a staff member drafts, a second one approves and publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core import audit
from ctip.core.models import User
from ctip.core.scope import get_visible
from ctip.outreach.actions._common import require
from ctip.outreach.events import OutreachEvent
from ctip.outreach.models import PublicWarning, WarningKind, WarningState


@dataclass(frozen=True)
class WarningInput:
    kind: str
    title_vi: str
    title_en: str
    body_vi: str
    body_en: str


def _validate(data: WarningInput) -> None:
    errors: dict[str, str] = {}
    if data.kind not in WarningKind.values:
        errors["kind"] = _("Choose a kind from the list.")
    for name, limit in (
        ("title_vi", 200),
        ("title_en", 200),
        ("body_vi", 20000),
        ("body_en", 20000),
    ):
        value = getattr(data, name).strip()
        if not value:
            errors[name] = _("Write this in both languages.")
        elif len(value) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


def warning_draft(
    *, actor: User, data: WarningInput, warning_id: int | None = None
) -> PublicWarning:
    require(actor, "outreach.write_warnings")
    with transaction.atomic():
        _validate(data)
        if warning_id is None:
            warning = PublicWarning(agency=actor.agency, author=actor)
        else:
            warning = get_visible(
                PublicWarning.objects.select_for_update(),
                actor,
                "outreach.write_warnings",
                pk=warning_id,
            )
            if warning.state != WarningState.DRAFT:
                raise ValidationError(_("Only a draft can be changed."))
        warning.kind = data.kind
        warning.title_vi = data.title_vi.strip()
        warning.title_en = data.title_en.strip()
        warning.body_vi = data.body_vi.strip()
        warning.body_en = data.body_en.strip()
        warning.save()
        audit.record(
            OutreachEvent.WARNING_DRAFTED,
            actor=actor,
            target=warning,
            fields=["kind", "title_vi", "title_en", "body_vi", "body_en"],
        )
    return warning


def warning_publish(*, actor: User, warning_id: int) -> PublicWarning:
    """Approve and publish a draft written by someone else of the agency."""
    require(actor, "outreach.publish_warnings")
    with transaction.atomic():
        warning = get_visible(
            PublicWarning.objects.select_for_update(),
            actor,
            "outreach.publish_warnings",
            pk=warning_id,
        )
        if warning.author_id == actor.pk:
            raise PermissionDenied(_("A second person approves a warning, not its author."))
        if warning.state != WarningState.DRAFT:
            raise ValidationError(_("This warning is not a draft."))
        warning.state = WarningState.PUBLISHED
        warning.approver = actor
        warning.published_at = timezone.now()
        warning.save(update_fields=["state", "approver", "published_at"])
        audit.record(OutreachEvent.WARNING_PUBLISHED, actor=actor, target=warning)
    return warning


def warning_withdraw(*, actor: User, warning_id: int) -> PublicWarning:
    require(actor, "outreach.publish_warnings")
    with transaction.atomic():
        warning = get_visible(
            PublicWarning.objects.select_for_update(),
            actor,
            "outreach.publish_warnings",
            pk=warning_id,
        )
        if warning.state != WarningState.PUBLISHED:
            raise ValidationError(_("Only a published warning can be withdrawn."))
        warning.state = WarningState.WITHDRAWN
        warning.save(update_fields=["state"])
        audit.record(OutreachEvent.WARNING_WITHDRAWN, actor=actor, target=warning)
    return warning


# Kinds of indicator a public warning may name, once verified: contact points people can
# check, never a person's name.
PUBLISHABLE = {
    "phone": gettext_lazy("Phone number"),
    "bank_account": gettext_lazy("Bank account"),
    "ewallet": gettext_lazy("E-wallet"),
    "social": gettext_lazy("Social media account"),
    "url": gettext_lazy("Website or link"),
    "crypto": gettext_lazy("Crypto wallet"),
}
MAX_NAMED = 20


def _verified(indicator: Any) -> bool:
    return indicator.cleared_at is None and (
        indicator.verified_at is not None or indicator.verified_reports > 0
    )


def _network_text(language: str, named: list[Any], reports: int) -> tuple[str, str]:
    with translation.override(language):
        title = _("Numbers and accounts verified as scams: %(n)d from one network") % {
            "n": len(named)
        }
        lines = [
            _(
                "The police have verified that these numbers and accounts were used by one "
                "scam network, named in %(reports)d reports. Do not answer them, do not send "
                "them money, and call 111 if you or someone close is in contact with them."
            )
            % {"reports": reports},
            "",
        ]
        lines += [f"- {PUBLISHABLE[i.kind]}: {i.display}" for i in named]
        return title, "\n".join(lines)


def warning_from_network(*, actor: User, cluster_id: str) -> PublicWarning:
    """Draft a warning naming the verified numbers and accounts of an intel network.

    Only indicators staff verified (and nobody cleared after a dispute), only contact
    points (never a name), at most twenty; the draft still needs a second person.
    """
    require(actor, "outreach.write_warnings")
    if not actor.has_ctip_perm("intel.view_reports"):
        raise Http404  # no network is visible to this account
    from ctip.intel import selectors as intel

    with transaction.atomic():
        network = intel.cluster(actor, cluster_id)
        named = [
            i
            for i in intel.cluster_indicators(actor, network)[:500]
            if i.kind in PUBLISHABLE and _verified(i)
        ][:MAX_NAMED]
        if not named:
            raise ValidationError(_("No number or account of this network is verified yet."))
        title_vi, body_vi = _network_text("vi", named, network.size)
        title_en, body_en = _network_text("en", named, network.size)
        return warning_draft(
            actor=actor,
            data=WarningInput(WarningKind.VERIFIED, title_vi, title_en, body_vi, body_en),
        )


def _lure_text(language: str, code: str, recent: int, weeks: int) -> tuple[str, str]:
    from ctip.outreach.selectors.lures import sign_words

    with translation.override(language):
        sign = sign_words(code, language)
        short = sign.split(":")[0]
        if len(short) > 120:
            short = short[:120].rsplit(" ", 1)[0] + "…"
        title = _("A lure is spreading in job offers: %(sign)s") % {"sign": short}
        body = "\n\n".join(
            [
                _(
                    "In the last %(weeks)d weeks, %(n)d job offers that people checked with "
                    "the police showed this warning sign:"
                )
                % {"weeks": weeks, "n": recent},
                sign,
                _(
                    "Before you answer a job offer, check it on this site. Never pay a fee "
                    "to get a job, never hand over your passport, and call 111 if you or "
                    "someone close is already abroad and cannot leave."
                ),
            ]
        )
        return title, body


def warning_from_lure(*, actor: User, code: str) -> PublicWarning:
    """Draft a warning about a warning sign the public's saved job-offer checks show
    (``rising_lures``); it names no post and no person, and a second person publishes it."""
    require(actor, "outreach.write_warnings")
    from ctip.outreach.selectors.lures import rising_lures

    with transaction.atomic():
        lures = rising_lures(actor)  # Http404 without screening.view_checks
        lure = next((lure for lure in lures.lures if lure.code == code), None)
        if lure is None or lure.recent == 0:
            raise ValidationError(
                _("No job offer checked in the last weeks shows this warning sign.")
            )
        title_vi, body_vi = _lure_text("vi", code, lure.recent, lures.weeks)
        title_en, body_en = _lure_text("en", code, lure.recent, lures.weeks)
        return warning_draft(
            actor=actor,
            data=WarningInput(WarningKind.LURE, title_vi, title_en, body_vi, body_en),
        )
