"""Logging a call, calling back, and opening a case, a scam report or a tracing request
from a call without retyping what was said."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import actions as cases_actions
from ctip.core import audit
from ctip.core.models import Province, User
from ctip.hotline.actions.common import raise_if, require, require_visible
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import (
    Call,
    CallChannel,
    CallerType,
    Counselling,
    Language,
    Outcome,
    Topic,
)
from ctip.intel import actions as intel_actions

MAX_SUMMARY = 4000


@dataclass(frozen=True)
class CallInput:
    channel: str
    caller_type: str
    language: str
    topic: str
    outcome: str
    province: Province | None = None
    counselling: tuple[str, ...] = ()
    callback_at: dt.datetime | None = None
    caller_name: str = ""
    caller_phone: str = ""
    summary: str = ""


def _check(data: CallInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    choices = (
        ("channel", data.channel, CallChannel, _("Choose how the call came in.")),
        ("caller_type", data.caller_type, CallerType, _("Choose who is calling.")),
        ("language", data.language, Language, _("Choose the language of the call.")),
        ("topic", data.topic, Topic, _("Choose what the call is about.")),
        ("outcome", data.outcome, Outcome, _("Choose how the call ended.")),
    )
    for field, value, enum, message in choices:
        if value not in enum.values:
            errors[field] = [message]
    unknown = [c for c in data.counselling if c not in Counselling.values]
    if unknown:
        errors["counselling"] = [_("Choose counselling from the list.")]
    if data.outcome == Outcome.CALLBACK and data.callback_at is None:
        errors["callback_at"] = [_("Say when to call back.")]
    if data.callback_at is not None and data.callback_at < timezone.now() - dt.timedelta(minutes=5):
        errors["callback_at"] = [_("A callback time is in the future.")]
    if len(data.caller_name.strip()) > 200:
        errors["caller_name"] = [_("Keep it under %(n)d characters.") % {"n": 200}]
    if len(data.caller_phone.strip()) > 40:
        errors["caller_phone"] = [_("Keep it under %(n)d characters.") % {"n": 40}]
    if len(data.summary) > MAX_SUMMARY:
        errors["summary"] = [_("Keep it under %(n)d characters.") % {"n": MAX_SUMMARY}]
    return errors


def call_log(*, actor: User, data: CallInput) -> Call:
    """Record a call; the caller may stay anonymous."""
    require(actor, "hotline.take_calls")
    with transaction.atomic():
        raise_if(_check(data))
        name, phone = " ".join(data.caller_name.split()), data.caller_phone.strip()
        call = Call.objects.create(
            agency=actor.agency,
            taken_by=actor,
            channel=data.channel,
            caller_type=data.caller_type,
            language=data.language,
            province=data.province,
            topic=data.topic,
            counselling=sorted(set(data.counselling)),
            outcome=data.outcome,
            callback_at=data.callback_at,
            anonymous=not (name or phone),
            caller_name=name,
            caller_phone=phone,
            summary=data.summary.strip(),
        )
        given = [f for f in ("caller_name", "caller_phone", "summary") if getattr(call, f)]
        audit.record(
            HotlineEvent.CALL_LOGGED,
            actor=actor,
            target=call,
            fields=["channel", "caller_type", "topic", "outcome", *given],
            data={"channel": call.channel, "topic": call.topic, "outcome": call.outcome},
        )
    return call


def call_called_back(*, actor: User, call: Call) -> Call:
    """The operator called the caller back: the callback leaves the worklist."""
    with transaction.atomic():
        require_visible(actor, call, "hotline.take_calls")
        done = Call.objects.filter(
            pk=call.pk, callback_at__isnull=False, called_back_at__isnull=True
        ).update(called_back_at=timezone.now())
        raise_if({} if done else {"callback_at": [_("No callback waits on this call.")]})
        audit.record(HotlineEvent.CALL_CALLED_BACK, actor=actor, target=call)
    call.refresh_from_db()
    return call


def call_open_case(*, actor: User, call: Call, full_name: str = "") -> int:
    """Open a case intake for the caller (a victim or a person at risk), carrying over the
    name, phone and province said in the call; returns the case id."""
    with transaction.atomic():
        require_visible(actor, call, "hotline.take_calls")
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.case_id:
            return current.case_id
        result = cases_actions.case_open(
            actor=actor,
            data=cases_actions.CaseOpenInput(
                full_name=full_name.strip() or current.caller_name,
                intake_channel="hotline",
                intake_date=timezone.localdate(current.taken_at),
                phone=current.caller_phone,
                home_province=current.province,
                idempotency_key=f"hotline-call-{current.pk}",
            ),
        )
        current.case_id = result.case.pk
        current.save(update_fields=["case_id"])
        audit.record(
            HotlineEvent.CALL_LINKED,
            actor=actor,
            target=current,
            data={"case": result.case.pk},
        )
    return result.case.pk


def call_open_report(
    *,
    actor: User,
    call: Call,
    indicators: tuple[intel_actions.IndicatorInput, ...] = (),
    type: str = "other",
) -> int:
    """File a scam report with what the caller said; returns the report id."""
    with transaction.atomic():
        require_visible(actor, call, "hotline.take_calls")
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.report_id:
            return current.report_id
        filed = intel_actions.report_file(
            actor=actor,
            data=intel_actions.ReportInput(
                type=type,
                narrative=current.summary,
                indicators=indicators,
                reporter_name=current.caller_name,
                reporter_phone=current.caller_phone,
                province=current.province,
                external_id=f"hotline-call-{current.pk}",
            ),
        )
        current.report_id = filed.report.pk
        current.save(update_fields=["report_id"])
        audit.record(
            HotlineEvent.CALL_LINKED,
            actor=actor,
            target=current,
            data={"report": filed.report.pk},
        )
    return filed.report.pk
