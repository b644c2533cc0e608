"""Filing a scam report: from the public page, staff, or a machine client.

Indicators go through the engine's ``normalise``; a value it refuses is kept with the
report, as typed, with the engine's message, so nothing a reporter typed is lost.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.engine.labels import Label
from ctip.core.labels import label, to_stored
from ctip.core.models import Province, User
from ctip.core.values import Amount, split_money
from ctip.intel import clustering, triage
from ctip.intel.actions._checks import MAX_AMOUNT_VND, refuse, require
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.events import IntelEvent
from ctip.intel.models import Channel, Indicator, Report, ReportIndicator, ReportType

MAX_NARRATIVE = 10_000
MAX_INDICATORS = 50


@dataclass(frozen=True)
class IndicatorInput:
    kind: str
    value: str
    bank: str = ""
    platform: str = ""


@dataclass(frozen=True)
class ReportInput:
    """What a reporter tells: the page's form, the API's body or an import's row."""

    type: str
    narrative: str = ""
    amount_lost_vnd: Amount | int = 0
    lost_on: dt.date | None = None
    indicators: Sequence[IndicatorInput] = ()
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    channel: str | None = None  # staff when not given; always public without an actor
    external_id: str = ""
    reported_at: dt.datetime | None = None
    province: Province | None = None


@dataclass(frozen=True)
class Rejected:
    kind: str
    value: str
    why: Label

    @property
    def message(self) -> str:
        """Why it was refused, in the reader's language."""
        return label(self.why)


@dataclass(frozen=True)
class FiledReport:
    report: Report
    created: bool
    rejected: tuple[Rejected, ...] = field(default=())
    # Shown once to a public reporter with ``report.follow_code``; only its hash is kept.
    follow_secret: str = ""


def normalise_all(
    inputs: Sequence[IndicatorInput],
) -> tuple[list[EngineIndicator], list[Rejected]]:
    """The engine's indicators for ``inputs`` (duplicates collapsed) and the refusals."""
    found: dict[str, EngineIndicator] = {}
    rejected: list[Rejected] = []
    for item in inputs:
        if not item.value.strip():
            continue
        try:
            indicator = normalise(
                item.kind, item.value, bank=item.bank or None, platform=item.platform or None
            )
        except InvalidIndicator as exc:
            rejected.append(Rejected(item.kind, item.value, exc.label))
            continue
        found.setdefault(indicator.ref, indicator)
    return list(found.values()), rejected


def _check_report(
    *,
    type: str,
    narrative: str,
    amount_lost_vnd: int,
    lost_on: dt.date | None,
    reporter_email: str,
    inputs: Sequence[IndicatorInput],
) -> None:
    errors: dict[str, list[str]] = {}
    if type not in ReportType.values:
        errors["type"] = [_("Choose the kind of scam.")]
    if len(narrative) > MAX_NARRATIVE:
        errors["narrative"] = [_("Keep the account under %(n)d characters.") % {"n": MAX_NARRATIVE}]
    if not 0 <= amount_lost_vnd <= MAX_AMOUNT_VND:
        errors["amount_lost_vnd"] = [_("The amount must be a whole number of dong, 0 or more.")]
    if lost_on is not None and lost_on > timezone.localdate():
        errors["lost_on"] = [_("The date cannot be in the future.")]
    if reporter_email:
        try:
            validate_email(reporter_email)
        except ValidationError:
            errors["reporter_email"] = [_("Enter a valid email address.")]
    if len(inputs) > MAX_INDICATORS:
        errors["indicators"] = [_("At most %(n)d indicators per report.") % {"n": MAX_INDICATORS}]
    if not narrative.strip() and not any(i.value.strip() for i in inputs):
        errors["indicators"] = [
            _("Give at least one phone number, account or link, or say what happened.")
        ]
    refuse(errors)


def _upsert_indicators(found: Sequence[EngineIndicator]) -> list[Indicator]:
    rows = []
    for item in found:
        row, _created = Indicator.objects.get_or_create(
            kind=item.kind, key=item.key, defaults={"display": item.display, "links": item.links}
        )
        rows.append(row)
    return rows


@transaction.atomic
def report_file(*, actor: User | None, data: ReportInput) -> FiledReport:
    """File a report from the public page (``actor=None``), staff, or a machine client.

    Public reports belong to the intake agency, others to the actor's agency. With an
    ``external_id`` the call is idempotent: the same id from the same agency returns the
    report filed the first time.
    """
    if actor is None:
        channel: str = Channel.PUBLIC
        agency = triage.route(data.province, data.type)
    else:
        require(actor, "intel.report")
        channel = data.channel or Channel.STAFF
        agency = actor.agency
    if channel not in (Channel.PUBLIC, Channel.STAFF, Channel.API):
        raise ValidationError({"channel": _("Unknown channel.")})
    narrative, external_id = data.narrative.strip(), data.external_id.strip()
    reporter_name, reporter_phone = data.reporter_name.strip(), data.reporter_phone.strip()
    reporter_email = data.reporter_email.strip()
    if len(external_id) > 100:
        raise ValidationError({"external_id": _("The external id is at most 100 characters.")})
    ref = f"{agency.code}:{external_id}" if external_id else f"{channel}-{secrets.token_hex(8)}"
    if external_id:
        existing = Report.objects.filter(ref=ref).first()
        if existing is not None:
            return FiledReport(existing, created=False)
    lost_vnd, lost_currency, lost_original = split_money(data.amount_lost_vnd or 0)
    lost = lost_vnd or 0
    _check_report(
        type=data.type,
        narrative=narrative,
        amount_lost_vnd=lost,
        lost_on=data.lost_on,
        reporter_email=reporter_email,
        inputs=data.indicators,
    )
    found, rejected = normalise_all(data.indicators)
    now = timezone.now()
    at = data.reported_at or now
    follow_code, follow_secret, follow_hash = (
        triage.follow_credentials() if channel == Channel.PUBLIC else (None, "", "")
    )
    try:
        # A savepoint: a unique reference written by another filing at once is caught.
        with transaction.atomic():
            report = Report.objects.create(
                ref=ref,
                external_id=external_id,
                type=data.type,
                channel=channel,
                agency=agency,
                filed_by=actor,
                narrative=narrative,
                amount_lost_vnd=lost,
                amount_lost_currency=lost_currency,
                amount_lost_original=lost_original,
                lost_on=data.lost_on,
                reported_at=at,
                reporter_name=reporter_name[:200],
                reporter_phone=reporter_phone[:50],
                reporter_email=reporter_email[:254],
                unparsed=[{"kind": r.kind, "value": r.value, **to_stored(r.why)} for r in rejected],
                province=data.province,
                follow_code=follow_code,
                follow_secret_hash=follow_hash,
            )
            rows = _upsert_indicators(found)
            ReportIndicator.objects.bulk_create(
                ReportIndicator(report=report, indicator=row) for row in rows
            )
            linking = [row for row in rows if row.links]
            new_linking = sum(1 for row in linking if row.reports == 0)
            # A linking indicator no report named yet but partners did joins the cluster now.
            new_partner = sum(1 for row in linking if row.reports == 0 and row.partner_sources)
            Indicator.objects.filter(pk__in=[row.pk for row in rows]).update(
                reports=F("reports") + 1,
                first_seen=Least(Coalesce(F("first_seen"), at), at),
                last_seen=Greatest(Coalesce(F("last_seen"), at), at),
            )
            clustering.link_report(
                report,
                linking=[row.pk for row in linking],
                new_linking=new_linking,
                new_partner=new_partner,
                kinds={row.kind for row in rows},
            )
            given = {
                "narrative": narrative,
                "reporter_name": reporter_name,
                "reporter_phone": reporter_phone,
                "reporter_email": reporter_email,
            }
            filled = [name for name, value in given.items() if value]
            audit.record(
                IntelEvent.INTEL_REPORT_FILED,
                actor=actor,
                target=report,
                fields=["type", "amount_lost_vnd", "lost_on", *filled],
                data={
                    "channel": channel,
                    "indicators": len(rows),
                    "unparsed": len(rejected),
                    "cluster": report.cluster_id,
                },
                agency=agency,
            )
            if channel == Channel.PUBLIC:
                triage.announce_new(report)
    except IntegrityError:
        # Two submissions of one external id at once: the other one won.
        existing = Report.objects.filter(ref=ref).first()
        if existing is None:
            raise
        return FiledReport(existing, created=False)
    return FiledReport(report, created=True, rejected=tuple(rejected), follow_secret=follow_secret)
