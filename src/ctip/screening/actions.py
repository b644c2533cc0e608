"""Writes of the screening app: atomic, audited in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from ctip.core import audit
from ctip.screening.engine import Assessment, phrases
from ctip.screening.events import ScreeningEvent
from ctip.screening.models import PayBand, SavedCheck, Source, UnmatchedPhrase

if TYPE_CHECKING:
    from ctip.core.models import Province, User

PHRASE_LENGTH = 200  # UnmatchedPhrase.phrase: a longer sequence is left out
SAVED_FIELDS = (
    "created",
    "source",
    "language",
    "category",
    "level",
    "risk_bucket",
    "flag_codes",
    "destination_countries",
    "pay_band",
    "province",
)


def pay_band(usd_month: int) -> str:
    if usd_month <= 0:
        return PayBand.NONE
    if usd_month < 500:
        return PayBand.UNDER_500
    if usd_month < 1000:
        return PayBand.FROM_500
    if usd_month < 2000:
        return PayBand.FROM_1000
    return PayBand.FROM_2000


def deidentified(assessment: Assessment) -> dict[str, Any]:
    """What may be kept of an assessment: the verdict and coarse facts, nothing that
    names or reaches a person (no text, phones, handles, URLs, names, amounts)."""
    return {
        "language": assessment.language,
        "category": assessment.category,
        "level": assessment.level,
        "risk_bucket": min(9, int(assessment.risk * 10)),
        "flag_codes": sorted({f.code for f in assessment.flags}),
        "destination_countries": sorted({d.country for d in assessment.entities.destinations}),
        "pay_band": pay_band(assessment.entities.max_usd_month()),
    }


def check_save(
    *,
    actor: User | None,
    assessment: Assessment,
    source: str,
    province: Province | None = None,
    text: str | None = None,
) -> SavedCheck:
    """Keep a check the person opted in to keep; ``actor`` is None for the public.
    ``province`` is the one the person chose to give, if any. When the post showed no
    warning sign, its word sequences are counted (``UnmatchedPhrase``), never the text."""
    if source not in Source.values:
        raise ValueError(f"Unknown source {source!r}")
    check = SavedCheck(source=source, province=province, **deidentified(assessment))
    check.full_clean()
    with transaction.atomic():
        check.save()
        if text is not None and not any(f.polarity == "risk" for f in assessment.flags):
            _count_unmatched(text, check.created)
        audit.record(
            ScreeningEvent.SCREENING_CHECK_SAVED, actor=actor, target=check, fields=SAVED_FIELDS
        )
    return check


def _count_unmatched(text: str, day: date) -> None:
    """One more check of ``day`` for each word sequence of ``text``: rows are created at
    zero when missing (a concurrent check may create the same), then raised together."""
    found = [p for p in phrases.phrases(text) if len(p) <= PHRASE_LENGTH]
    if not found:
        return
    UnmatchedPhrase.objects.bulk_create(
        [UnmatchedPhrase(phrase=p, day=day, checks=0) for p in found], ignore_conflicts=True
    )
    UnmatchedPhrase.objects.filter(day=day, phrase__in=found).update(checks=F("checks") + 1)
