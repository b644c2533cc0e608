"""Ransom demands (the account becomes an intel indicator; a freeze request goes to the
institution that holds it in the same step) and evidence files sealed with their hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit, files
from ctip.core.models import User
from ctip.core.values import Amount, split_money
from ctip.hotline.actions.common import raise_if, require, require_visible
from ctip.hotline.actions.requests import urgency_of
from ctip.hotline.engine import files as file_kinds
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import RansomDemand, TracingEvidence, TracingRequest
from ctip.intel import actions as intel_actions
from ctip.intel import selectors as intel_selectors

ACCOUNT_KINDS = ("bank_account", "ewallet", "crypto", "phone")
FOLDER = "hotline/evidence"
MAX_AMOUNT_VND = 10**15


@dataclass(frozen=True)
class RansomInput:
    account_kind: str
    account: str
    amount: Amount | None = None
    deadline: dt.datetime | None = None
    bank: str = ""
    freeze: bool = False
    legal_basis: str = ""
    answer_by: dt.datetime | None = None


@dataclass(frozen=True)
class RecordedRansom:
    demand: RansomDemand
    freeze_requests: tuple[str, ...]  # references of the freeze requests sent


def _file_account(
    actor: User, demand: RansomDemand, data: RansomInput, owner: str
) -> tuple[int, Any]:
    """File the account in a ransom report of the actor's agency: (indicator id, report)."""
    filed = intel_actions.report_file(
        actor=actor,
        data=intel_actions.ReportInput(
            type="ransom",
            indicators=[
                intel_actions.IndicatorInput(
                    data.account_kind,
                    data.account,
                    data.bank if data.account_kind in ("bank_account", "ewallet") else "",
                    data.bank if data.account_kind == "crypto" else "",
                )
            ],
            province=demand.request.home_province,
            external_id=f"hotline-{demand.request.follow_code}-ransom-{demand.pk}-{owner}",
        ),
    )
    if filed.rejected:
        raise ValidationError({"account": [r.message for r in filed.rejected]})
    if owner == "record":
        demand.report_id = filed.report.pk
    found = intel_selectors.report_indicators(filed.report).first()
    if found is None:
        raise ValidationError({"account": [_("This account could not be read.")]})
    return found.pk, filed.report


def _freeze(actor: User, demand: RansomDemand, data: RansomInput) -> tuple[str, ...]:
    """One freeze request per institution holding the account, through intel's routing."""
    require(actor, "intel.request_freeze")
    errors: dict[str, list[str]] = {}
    if not data.legal_basis.strip():
        errors["legal_basis"] = [_("State the legal basis of the freeze request.")]
    answer_by = data.answer_by or timezone.now() + dt.timedelta(hours=24)
    if answer_by <= timezone.now():
        errors["answer_by"] = [_("The answer time must be in the future.")]
    raise_if(errors)
    # The indicator as one of the actor's own reports names it: freeze requests may only
    # name indicators the issuing agency has a report of.
    _indicator, report = _file_account(actor, demand, data, "freeze")
    indicators = list(intel_selectors.report_indicators(report))
    issued = intel_actions.freeze_requests_issue(
        actor=actor,
        data=intel_actions.FreezeRequestInput(
            indicators=indicators,
            reports=[report],
            legal_basis=data.legal_basis.strip(),
            deadline=answer_by,
        ),
    )
    demand.freeze_request_ids = [*demand.freeze_request_ids, *(r.pk for r in issued)]
    return tuple(r.reference for r in issued)


def _check(data: RansomInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.account_kind not in ACCOUNT_KINDS:
        errors["account_kind"] = [
            _("Choose a bank account, an e-wallet, a crypto wallet or a phone.")
        ]
    if not data.account.strip():
        errors["account"] = [_("Give the account or wallet the captors named.")]
    elif len(data.account) > 200:
        errors["account"] = [_("Keep it under %(n)d characters.") % {"n": 200}]
    vnd = split_money(data.amount)[0] if data.amount is not None else None
    if vnd is not None and vnd > MAX_AMOUNT_VND:
        errors["amount"] = [_("This amount is too large.")]
    if len(data.bank) > 40:
        errors["bank"] = [_("Keep it under %(n)d characters.") % {"n": 40}]
    return errors


def ransom_record(*, actor: User, request: TracingRequest, data: RansomInput) -> RecordedRansom:
    """Record a ransom demand: its account becomes an intel indicator, the request's
    urgency follows its deadline, and with ``freeze`` a freeze request goes to the
    institution holding the account. All or nothing."""
    with transaction.atomic():
        require_visible(actor, request, "hotline.trace")
        raise_if(_check(data))
        current = TracingRequest.objects.select_for_update().get(pk=request.pk)
        vnd, currency, original = split_money(data.amount)
        demand = RansomDemand.objects.create(
            request=current,
            recorded_by=actor,
            amount_vnd=vnd,
            amount_currency=currency or "VND",
            amount_original=original,
            deadline=data.deadline,
            account_kind=data.account_kind,
            account=data.account.strip(),
            bank=data.bank.strip().upper(),
        )
        demand.indicator_id, _report = _file_account(actor, demand, data, "record")
        sent = _freeze(actor, demand, data) if data.freeze else ()
        demand.save(update_fields=["report_id", "indicator_id", "freeze_request_ids"])
        if data.deadline is not None and (
            current.ransom_deadline is None or data.deadline < current.ransom_deadline
        ):
            current.ransom_deadline = data.deadline
        current.urgency = urgency_of(current)
        current.save(update_fields=["ransom_deadline", "urgency"])
        audit.record(
            HotlineEvent.RANSOM_RECORDED,
            actor=actor,
            target=current,
            fields=["account", "amount", "deadline"],
            data={
                "demand": demand.pk,
                "indicator": demand.indicator_id,
                "freeze_requests": demand.freeze_request_ids,
            },
        )
    return RecordedRansom(demand, sent)


def ransom_freeze(
    *, actor: User, demand: RansomDemand, legal_basis: str, answer_by: dt.datetime | None = None
) -> tuple[str, ...]:
    """Ask for the account of an earlier demand to be frozen."""
    with transaction.atomic():
        require_visible(actor, demand, "hotline.trace")
        data = RansomInput(
            account_kind=demand.account_kind,
            account=demand.account,
            bank=demand.bank,
            freeze=True,
            legal_basis=legal_basis,
            answer_by=answer_by,
        )
        sent = _freeze(actor, demand, data)
        demand.save(update_fields=["freeze_request_ids"])
        audit.record(
            HotlineEvent.RANSOM_RECORDED,
            actor=actor,
            target=demand.request,
            data={"demand": demand.pk, "freeze_requests": demand.freeze_request_ids},
        )
    return sent


@dataclass(frozen=True)
class EvidenceInput:
    filename: str
    content: bytes
    description: str = ""


def _wrong_file(error: file_kinds.WrongFile) -> str:
    if str(error) == "unknown":
        return _(
            "Only photos (JPEG, PNG, WebP, HEIC), voice recordings (MP3, M4A, OGG, WAV, AMR), "
            "videos (MP4) and PDF files can be kept."
        )
    return _("The file's name does not say what it is: its content is a %(kind)s.") % {
        "kind": {
            "photo": _("photo"),
            "voice": _("voice recording"),
            "video": _("video"),
            "document": _("PDF document"),
        }.get(str(error), _("other file"))
    }


def evidence_add(*, actor: User, request: TracingRequest, data: EvidenceInput) -> TracingEvidence:
    """Seal a photo, voice or chat capture under its own key, with its SHA-256."""
    require_visible(actor, request, "hotline.trace")
    if not data.content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(data.content) > settings.CTIP_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("The file is too large.")]})
    try:
        kind = file_kinds.check(data.filename, data.content[:16])
    except file_kinds.WrongFile as exc:
        raise ValidationError({"file": [_wrong_file(exc)]}) from exc
    storage_name = secrets.token_hex(16)
    key = files.new_key()
    files.storage().save(
        f"{FOLDER}/{storage_name}", files.Sealed(data.content, key=key, owner="hotline-evidence")
    )
    try:
        with transaction.atomic():
            item = TracingEvidence.objects.create(
                request=request,
                added_by=actor,
                filename=(data.filename or "file").strip()[:255],
                description=data.description.strip()[:2000],
                media_type=kind.media_type,
                size=len(data.content),
                sha256=hashlib.sha256(data.content).hexdigest(),
                storage_name=storage_name,
                wrapped_key=files.wrap(key),
            )
            audit.record(
                HotlineEvent.EVIDENCE_ADDED,
                actor=actor,
                target=request,
                fields=["filename", *(["description"] if item.description else [])],
                data={"evidence": item.pk, "sha256": item.sha256, "size": item.size},
            )
    except BaseException:
        files.storage().delete(f"{FOLDER}/{storage_name}")
        raise
    return item


def evidence_read(*, actor: User, item: TracingEvidence) -> bytes:
    """The file, checked against its hash (a changed file is refused)."""
    require_visible(actor, item, "hotline.trace")
    content = files.storage().unseal(
        f"{FOLDER}/{item.storage_name}", key=item.wrapped_key, owner="hotline-evidence"
    )
    if hashlib.sha256(content).hexdigest() != item.sha256:
        raise files.SealedFileError("hash")
    return content
