"""Partner documents: a STIX 2.1 bundle or a MISP event received from a partner, kept
with its source; each indicator joins the one CTIP keeps for its kind and key."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.labels import label, to_stored
from ctip.core.models import User
from ctip.intel import clustering
from ctip.intel.actions._checks import refuse, require
from ctip.intel.engine.exchange import (
    FeedError,
    ObjectError,
    PartnerFeed,
    PartnerItem,
    read_feed,
)
from ctip.intel.events import IntelEvent
from ctip.intel.models import (
    FeedFormat,
    Indicator,
    PartnerBundle,
    PartnerKind,
    PartnerSighting,
    PartnerSource,
)

PARTNER_MAX_BYTES = getattr(settings, "CTIP_INTEL_PARTNER_MAX_BYTES", 10 * 1024 * 1024)
MAX_KEPT_ERRORS = 200
BATCH = 900  # sightings written at once (under SQLite's 999 parameters), then progress
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class PartnerImport:
    bundle: PartnerBundle
    created: bool  # the first time this document was received
    indicators: int  # indicators the document names
    new_indicators: int  # not known to CTIP before (from reports or partners)
    reported: int  # of those named, how many CTIP reports also name
    errors: tuple[ObjectError, ...]


@dataclass(frozen=True)
class PartnerInput:
    """A partner's document as received: its format, its bytes and who sent it."""

    format: str
    content: bytes
    partner: str  # who sent it, as typed (spaces are tidied)
    country: str = ""  # two letters, as typed (upper-cased)
    kind: str = PartnerKind.OTHER

    def tidied(self) -> PartnerInput:
        return replace(
            self, partner=" ".join(self.partner.split()), country=self.country.strip().upper()
        )


def partner_document(data: PartnerInput) -> PartnerFeed:
    """The document read, or what ``partner_import`` would refuse before writing anything
    (a page checks this before it queues the import)."""
    data = data.tidied()
    _check_partner(data)
    try:
        feed = read_feed(data.format, data.content)
    except FeedError as exc:
        raise ValidationError({"file": [label(exc.label)]}) from None
    if not feed.items:
        messages = [_("The document names no indicator CTIP keeps.")]
        messages += [label(e.label) for e in feed.errors[:20]]
        raise ValidationError({"file": messages})
    return feed


def _partner_source(*, name: str, country: str, kind: str) -> PartnerSource:
    source, _created = PartnerSource.objects.get_or_create(
        key=PartnerSource.key_for(name, country),
        defaults={"name": name, "country": country, "kind": kind},
    )
    return source


def _check_partner(data: PartnerInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.format not in FeedFormat.values:
        errors["format"] = [_("Choose STIX 2.1 or MISP.")]
    if not data.partner or len(data.partner) > 200:
        errors["partner"] = [_("Name the partner that sent it (at most 200 characters).")]
    if data.country and not _COUNTRY.match(data.country):
        errors["country"] = [_("Give the country as two letters (KH, MM, LA, TH ...).")]
    if data.kind not in PartnerKind.values:
        errors["kind"] = [_("Choose what kind of partner sent it.")]
    size = len(data.content)
    if size == 0:
        errors["file"] = [_("The file is empty.")]
    elif size > PARTNER_MAX_BYTES:
        errors["file"] = [
            _("The file is too large: at most %(n)d MB.") % {"n": PARTNER_MAX_BYTES // 2**20}
        ]
    refuse(errors)


def _feed_indicators(items: Sequence[PartnerItem]) -> dict[str, Indicator]:
    """ref -> Indicator row for every item, creating the ones CTIP did not know."""
    wanted = {item.indicator.ref: item.indicator for item in items}
    rows: dict[str, Indicator] = {}

    def fetch() -> None:
        by_kind: dict[str, list[str]] = {}
        for found in wanted.values():
            by_kind.setdefault(found.kind, []).append(found.key)
        for kind, keys in by_kind.items():
            for start in range(0, len(keys), 900):
                for row in Indicator.objects.filter(kind=kind, key__in=keys[start : start + 900]):
                    rows[row.ref] = row

    fetch()
    missing = [found for ref, found in wanted.items() if ref not in rows]
    if missing:
        Indicator.objects.bulk_create(
            [
                Indicator(kind=found.kind, key=found.key, display=found.display, links=found.links)
                for found in missing
            ],
            ignore_conflicts=True,
            batch_size=900,
        )
        fetch()
    return rows


def _unheard(done: int, total: int | None) -> None:
    """Progress nobody follows (an import called outside a job)."""


@transaction.atomic
def partner_import(
    *,
    actor: User,
    data: PartnerInput,
    progress: Callable[[int, int | None], None] = _unheard,
) -> PartnerImport:
    """Keep a partner's STIX 2.1 bundle or MISP event with its source.

    Each indicator is normalised and stored as the same ``Indicator`` a report would
    name (one row per kind and key, whoever named it), with a sighting per document:
    when the partner saw it, its confidence and labels. Receiving the same document
    again (same partner, format and bundle or event id) updates it in place. Objects
    that give no indicator are listed, not raised; a document that gives none at all,
    or is not a bundle or event, is refused and nothing is written.

    ``progress(done, total)`` hears how many of the document's ``total`` indicators are
    kept, every ``BATCH`` (the job writes it where readers see it before the commit).
    """
    require(actor, "intel.share")
    data = data.tidied()
    feed = partner_document(data)
    total = len(feed.items)
    progress(0, total)
    format, partner, country, kind = data.format, data.partner, data.country, data.kind
    digest = hashlib.sha256(data.content).hexdigest()
    now = timezone.now()
    source = _partner_source(name=partner, country=country, kind=kind)
    bundle = (
        PartnerBundle.objects.select_for_update()
        .filter(agency=actor.agency, source=source, format=format, document_id=feed.document_id)
        .first()
    )
    created = bundle is None
    if bundle is None:
        bundle = PartnerBundle(
            source=source,
            format=format,
            document_id=feed.document_id,
            agency=actor.agency,
            received_by=actor,
            received_at=now,
        )
    else:
        bundle.times_received += 1
    bundle.title = feed.title
    bundle.last_received_at = now
    bundle.sha256 = digest
    bundle.indicators = len(feed.items)
    bundle.errors = [
        {
            "position": e.position,
            "kind": e.kind,
            "value": e.value,
            "attribute": e.attribute,
            **to_stored(e.reason),
        }
        for e in feed.errors[:MAX_KEPT_ERRORS]
    ]
    bundle.error_count = len(feed.errors)
    bundle.save()
    known_before = set(
        Indicator.objects.filter(
            _indicator_pairs((i.indicator.kind, i.indicator.key) for i in feed.items)
        ).values_list("kind", "key")
    )
    rows = _feed_indicators(feed.items)
    existing = {s.indicator_id: s for s in bundle.sightings.all()}
    fresh: list[PartnerSighting] = []
    changed: list[PartnerSighting] = []
    for item in feed.items:
        row = rows[item.indicator.ref]
        first = item.first_seen or bundle.received_at
        last = max(item.last_seen or first, first)
        sighting = existing.get(row.pk)
        if sighting is None:
            fresh.append(
                PartnerSighting(
                    bundle=bundle,
                    source=source,
                    indicator=row,
                    first_seen=first,
                    last_seen=last,
                    confidence=item.confidence,
                    labels=list(item.labels),
                )
            )
        else:
            sighting.first_seen = min(sighting.first_seen, first)
            sighting.last_seen = max(sighting.last_seen, last)
            sighting.confidence = item.confidence
            sighting.labels = list(item.labels)
            changed.append(sighting)
    for start in range(0, len(changed), BATCH):
        PartnerSighting.objects.bulk_update(
            changed[start : start + BATCH], ["first_seen", "last_seen", "confidence", "labels"]
        )
        progress(start + len(changed[start : start + BATCH]), total)
    for start in range(0, len(fresh), BATCH):
        PartnerSighting.objects.bulk_create(fresh[start : start + BATCH])
        progress(len(changed) + start + len(fresh[start : start + BATCH]), total)
    touched = [row.pk for row in rows.values()]
    _count_partner_sources(touched)
    clustering.refresh_partners(
        [row.pk for row in rows.values() if row.links and row.reports], now=now
    )
    audit.record(
        IntelEvent.INTEL_PARTNER_IMPORTED,
        actor=actor,
        target=bundle,
        data={
            "source": source.pk,
            "format": format,
            "first_receipt": created,
            "indicators": len(feed.items),
            "new_indicators": len(feed.items) - len(known_before),
            "errors": len(feed.errors),
        },
    )
    return PartnerImport(
        bundle=bundle,
        created=created,
        indicators=len(feed.items),
        new_indicators=len(feed.items) - len(known_before),
        reported=sum(1 for row in rows.values() if row.reports),
        errors=feed.errors,
    )


def _indicator_pairs(pairs: Iterable[tuple[str, str]]) -> Q:
    found = Q(pk__in=[])
    by_kind: dict[str, list[str]] = {}
    for kind, key in pairs:
        by_kind.setdefault(kind, []).append(key)
    for kind, keys in by_kind.items():
        found |= Q(kind=kind, key__in=keys)
    return found


def _count_partner_sources(indicators: Sequence[int]) -> None:
    """Recount ``Indicator.partner_sources`` (distinct sources) for ``indicators``."""
    count = (
        PartnerSighting.objects.filter(indicator=OuterRef("pk"))
        .order_by()
        .values("indicator")
        .annotate(n=Count("source", distinct=True))
        .values("n")
    )
    for start in range(0, len(indicators), 900):
        Indicator.objects.filter(pk__in=indicators[start : start + 900]).update(
            partner_sources=Coalesce(Subquery(count), 0)
        )
