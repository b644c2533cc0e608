"""Subscriber lists imported from CSV, and the do-not-contact list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Province, User
from ctip.core.text import fold, slug
from ctip.outreach.actions._common import require
from ctip.outreach.engine.phones import normalise
from ctip.outreach.events import OutreachEvent
from ctip.outreach.models import (
    AgeGroup,
    Channel,
    DoNotContact,
    DoNotContactReason,
    Subscriber,
    SubscriberList,
    phone_normaliser,
)

MAX_ROWS = 2_000_000
CONSENT_YES = {"yes", "y", "1", "true", "co", "x", "dong y"}
CONSENT_NO = {"", "no", "n", "0", "false", "khong"}


@dataclass(frozen=True)
class ListImportInput:
    name: str
    content: bytes
    source: str = ""


@dataclass(frozen=True)
class RowError:
    row: int  # the CSV line, the header being line 1
    message: str


@dataclass(frozen=True)
class ListImportResult:
    list_id: int
    imported: int
    updated: int
    errors: tuple[RowError, ...]


def _provinces() -> dict[str, Province]:
    found: dict[str, Province] = {}
    for p in Province.objects.all():
        for key in (p.code, p.name, *p.former_names):
            found[fold(key)] = p
    return found


def _choice(value: str, choices: type[AgeGroup] | type[Channel]) -> str | None:
    value = fold(value).replace(" ", "_").replace("-", "_")
    for code, label in choices.choices:
        if value in (code, fold(str(label)).replace(" ", "_")):
            return str(code)
    return None


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValidationError(_("The file is not UTF-8 text.")) from e


def _read_rows(
    reader: csv.DictReader[str],
    provinces: dict[str, Province],
    errors: list[RowError],
    rows: dict[str, tuple[str, Province, str, str]],
) -> None:
    for line, raw in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise ValidationError({"file": _("A list holds at most two million rows.")})
        row = {fold(k or ""): (v or "").strip() for k, v in raw.items() if k}
        phone = normalise(row.get("phone", ""))
        if phone is None:
            errors.append(
                RowError(
                    line,
                    _("This is not a Vietnamese mobile number."),
                )
            )
            continue
        consent = fold(row.get("consent", ""))
        if consent in CONSENT_NO or consent not in CONSENT_YES:
            errors.append(RowError(line, _("No consent to receive messages: row skipped.")))
            continue
        given = row.get("province", "")
        province = provinces.get(fold(given)) or provinces.get(slug(given))
        if province is None:
            errors.append(
                RowError(
                    line,
                    _("“%(value)s” is not a province.") % {"value": row.get("province", "")[:60]},
                )
            )
            continue
        age = _choice(row.get("age_group", "") or "unknown", AgeGroup)
        if age is None:
            errors.append(
                RowError(
                    line,
                    _("“%(value)s” is not an age group.")
                    % {"value": row.get("age_group", "")[:30]},
                )
            )
            continue
        channel = _choice(row.get("channel", "") or "sms", Channel)
        if channel is None:
            errors.append(
                RowError(
                    line,
                    _("“%(value)s” is not a channel.") % {"value": row.get("channel", "")[:30]},
                )
            )
            continue
        rows[phone] = (phone, province, age, channel)


def subscriber_list_import(*, actor: User, data: ListImportInput) -> ListImportResult:
    """Import a CSV of ``phone,province,age_group,channel,consent``; bad rows are reported.

    Every row is checked on its own and a bad one skipped with its line and reason; a
    number twice in the file or already on the list is updated, not duplicated.
    """
    require(actor, "outreach.manage_subscribers")
    name = data.name.strip()
    if not name:
        raise ValidationError({"name": _("Give the list a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("At most %(limit)d characters.") % {"limit": 200}})
    reader = csv.DictReader(io.StringIO(_text(data.content)))
    try:
        header = [fold(h or "") for h in (reader.fieldnames or [])]
    except csv.Error as e:
        raise ValidationError({"file": _("The first line is not a CSV header.")}) from e
    missing = [c for c in ("phone", "province", "consent") if c not in header]
    if missing:
        raise ValidationError(
            {
                "file": _("The file needs the columns: %(columns)s.")
                % {"columns": ", ".join(missing)}
            }
        )
    provinces = _provinces()
    errors: list[RowError] = []
    rows: dict[str, tuple[str, Province, str, str]] = {}
    try:
        _read_rows(reader, provinces, errors, rows)
    except csv.Error as e:
        raise ValidationError(
            {
                "file": _("The file cannot be read as CSV near line %(line)d.")
                % {"line": reader.line_num}
            }
        ) from e
    now = timezone.now()
    with transaction.atomic():
        target, _created = SubscriberList.objects.get_or_create(
            agency=actor.agency,
            name=name,
            defaults={"created_by": actor, "source": data.source[:200]},
        )
        index = Subscriber._meta.get_field("phone_index")
        existing = {
            s.phone_index: s
            for s in Subscriber.objects.filter(list=target).only(
                "pk", "phone_index", "province", "age_group", "channel"
            )
        }
        new, changed = [], []
        for phone, province, age, channel in rows.values():
            key = index.compute(phone)
            current = existing.get(key)
            if current is None:
                new.append(
                    Subscriber(
                        list=target,
                        phone=phone,
                        province=province,
                        age_group=age,
                        channel=channel,
                        consented_at=now,
                    )
                )
            else:
                current.province, current.age_group, current.channel = province, age, channel
                changed.append(current)
        Subscriber.objects.bulk_create(new, batch_size=2000)
        Subscriber.objects.bulk_update(
            changed, ["province", "age_group", "channel"], batch_size=2000
        )
        audit.record(
            OutreachEvent.LIST_IMPORTED,
            actor=actor,
            target=target,
            data={"imported": len(new), "updated": len(changed), "refused": len(errors)},
        )
    return ListImportResult(target.pk, len(new), len(changed), tuple(errors))


@dataclass(frozen=True)
class DoNotContactInput:
    numbers: tuple[str, ...]
    reason: str = DoNotContactReason.REGISTER


@dataclass(frozen=True)
class DoNotContactResult:
    added: int
    already: int
    errors: tuple[RowError, ...]


def do_not_contact_add(*, actor: User, data: DoNotContactInput) -> DoNotContactResult:
    """Add numbers (the national register, or an operator's) to the do-not-contact list."""
    require(actor, "outreach.manage_subscribers")
    if data.reason not in DoNotContactReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    errors: list[RowError] = []
    phones: dict[str, str] = {}
    for line, raw in enumerate(data.numbers, start=1):
        phone = normalise(raw)
        if phone is None:
            errors.append(RowError(line, _("This is not a Vietnamese mobile number.")))
        else:
            phones[phone_normaliser(phone)] = phone
    index = DoNotContact._meta.get_field("phone_index")
    with transaction.atomic():
        keys = {index.compute(p): p for p in phones.values()}
        known = set(
            DoNotContact.objects.filter(phone_index__in=keys).values_list("phone_index", flat=True)
        )
        DoNotContact.objects.bulk_create(
            [
                DoNotContact(phone=p, reason=data.reason, agency=actor.agency)
                for k, p in keys.items()
                if k not in known
            ],
            batch_size=2000,
        )
        added = len(keys) - len(known)
        audit.record(
            OutreachEvent.DO_NOT_CONTACT_ADDED,
            actor=actor,
            data={"added": added, "refused": len(errors)},
        )
    return DoNotContactResult(added, len(known), tuple(errors))


def opt_out(phone: str) -> bool:
    """A subscriber replied "TU CHOI" or "STOP": never send them a campaign again."""
    normalised = normalise(phone)
    if normalised is None:
        return False
    with transaction.atomic():
        _entry, created = DoNotContact.objects.get_or_create(
            phone_index=DoNotContact._meta.get_field("phone_index").compute(normalised),
            defaults={"phone": normalised, "reason": DoNotContactReason.REPLY},
        )
        if created:
            audit.record(OutreachEvent.OPTED_OUT, actor=None, target=_entry)
    return created
