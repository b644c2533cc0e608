"""What the cooperation actions share: checks, reading a person off a list, matching."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import selectors as case_selectors
from ctip.cases.engine import manifest
from ctip.cases.engine.provinces import ProvinceDirectory, UnknownProvince
from ctip.cooperation.models import MatchLevel, PersonFields, Sex
from ctip.cooperation.ports import FoundPerson, tracing_person_found
from ctip.core.models import Agency, AgencyType, Province, User

MAX_NAME = 200
MAX_PLACE = 200
MAX_DOCUMENT = 40
SEX_WORDS = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "nu": Sex.FEMALE,
    "nữ": Sex.FEMALE,
    "w": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "nam": Sex.MALE,
}


def require(actor: User, permission: str) -> None:
    if not actor.is_authenticated or not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def is_abroad(agency: Agency) -> bool:
    return agency.type == AgencyType.COUNTERPART or agency.country != "VN"


def counterpart(agency_id: int | None) -> Agency:
    found = Agency.objects.filter(
        pk=agency_id or 0, is_active=True, type=AgencyType.COUNTERPART
    ).first()
    if found is None:
        raise ValidationError(
            {"counterpart": _("There is no such counterpart abroad. Choose one from the list.")}
        )
    return found


def is_mission_abroad(agency: Agency) -> bool:
    """A Vietnamese embassy or consulate abroad: a foreign-affairs agency outside Viet Nam."""
    return agency.type == AgencyType.FOREIGN_AFFAIRS and agency.country != "VN"


def recipients_abroad() -> QuerySet[Agency]:
    """Who a request sent abroad may go to: a counterpart, or a Vietnamese embassy or
    consulate abroad (which asks the authorities there and answers for them)."""
    return Agency.objects.filter(is_active=True).filter(
        Q(type=AgencyType.COUNTERPART) | (Q(type=AgencyType.FOREIGN_AFFAIRS) & ~Q(country="VN"))
    )


def recipient_abroad(agency_id: int | None) -> Agency:
    found = recipients_abroad().filter(pk=agency_id or 0).first()
    if found is None:
        raise ValidationError(
            {
                "counterpart": _(
                    "There is no such counterpart, embassy or consulate abroad. Choose one "
                    "from the list."
                )
            }
        )
    return found


def vietnamese_agency(agency_id: int | None, field: str) -> Agency:
    found = (
        Agency.objects.filter(pk=agency_id or 0, is_active=True, country="VN")
        .exclude(
            type__in=[
                AgencyType.COUNTERPART,
                AgencyType.BANK,
                AgencyType.TELCO,
                AgencyType.PLATFORM,
            ]
        )
        .first()
    )
    if found is None:
        raise ValidationError({field: _("There is no such agency. Choose one from the list.")})
    return found


def provisional_number() -> str:
    return "tmp-" + uuid.uuid4().hex[:12]


def numbered(obj: Model, prefix: str, on: dt.date) -> str:
    number = f"{prefix}-{on.year}-{obj.pk:05d}"
    type(obj)._default_manager.filter(pk=obj.pk).update(number=number)
    obj.number = number  # type: ignore[attr-defined]
    return number


@cache
def directory() -> ProvinceDirectory:
    return ProvinceDirectory.load()


def home_province(place: str) -> Province | None:
    """Today's province of a home place in any spelling ("Kien Giang" → An Giang); None
    when the place names no province (a commune alone, a typo): kept as typed."""
    text = place.strip()
    if not text:
        return None
    candidates = [text, *(part.strip() for part in text.split(",")[::-1])]
    for candidate in candidates:
        try:
            match = directory().resolve(candidate)
        except UnknownProvince:
            continue
        return Province.objects.filter(name=match.province.name).first()
    return None


@dataclass(frozen=True)
class CleanPerson:
    full_name: str
    sex: str
    birth: manifest.Birth
    home_place: str
    home_province: Province | None
    document_number: str


def clean_person(
    *,
    full_name: str,
    sex: str,
    birth: object,
    home_place: str,
    document_number: str,
    today: dt.date,
) -> tuple[CleanPerson | None, list[tuple[str, str]]]:
    """A person as a list gives them, or the problems (field, message) that refuse it."""
    problems: list[tuple[str, str]] = []
    name = manifest.text(full_name)
    if not name:
        problems.append(("full_name", _("A name is required.")))
    elif len(name) > MAX_NAME:
        problems.append(("full_name", _("Keep the name under %d characters.") % MAX_NAME))
    elif not all(ch.isascii() or not ch.isalpha() or "LATIN" in _unicode_name(ch) for ch in name):
        problems.append(("full_name", _("Write the name in Latin letters, as in the passport.")))
    elif not any(ch.isalpha() for ch in name):
        problems.append(("full_name", _("A name must contain letters.")))
    sex_text = manifest.text(sex).casefold()
    sex_code = SEX_WORDS.get(sex_text, Sex.UNKNOWN if not sex_text else None)
    if sex_code is None:
        problems.append(("sex", _("Unknown sex (use M or F).")))
    try:
        parsed = manifest.parse_birth(birth, today=today)
    except ValueError:
        problems.append(
            (
                "birth",
                _("Not a possible birth date, year or age (use DD/MM/YYYY, a year or an age)."),
            )
        )
        parsed = manifest.Birth()
    place = manifest.text(home_place)[:MAX_PLACE]
    document = manifest.text(document_number)
    if len(document) > MAX_DOCUMENT:
        problems.append(("document_number", _("Keep the document number under 40 characters.")))
    if problems:
        return None, problems
    return (
        CleanPerson(
            full_name=name,
            sex=str(sex_code),
            birth=parsed,
            home_place=place,
            home_province=home_province(place),
            document_number=document,
        ),
        [],
    )


def _unicode_name(ch: str) -> str:
    import unicodedata

    return unicodedata.name(ch, "")


def fill(row: PersonFields, person: CleanPerson) -> None:
    row.full_name = person.full_name
    row.sex = person.sex
    row.birth_date = person.birth.date.isoformat() if person.birth.date else ""
    row.birth_year = person.birth.date.year if person.birth.date else person.birth.year
    row.home_place = person.home_place
    row.home_province = person.home_province
    row.document_number = person.document_number


def birth_date_of(row: PersonFields) -> dt.date | None:
    return dt.date.fromisoformat(row.birth_date) if row.birth_date else None


def _sought(row: PersonFields) -> case_selectors.SoughtFacts:
    return case_selectors.SoughtFacts(
        full_name=row.full_name,
        birth_date=birth_date_of(row),
        birth_year=row.birth_year,
        sex=row.sex,
        document_number=row.document_number,
        province_id=row.home_province_id,
    )


def match_on_file(actor: User, row: PersonFields) -> None:
    """The best level at which someone on file may be this person (no identity kept)."""
    found = case_selectors.persons_on_file(actor, _sought(row), limit=1)
    row.match_level = found[0].level if found else MatchLevel.NONE


def match_all_on_file(actor: User, rows: Sequence[PersonFields]) -> None:
    """:func:`match_on_file` for a whole list in one pass (a manifest of 500 against a
    million persons on file): the same levels, a few queries instead of a few per row."""
    answers = case_selectors.persons_on_file_many(actor, [_sought(r) for r in rows], limit=1)
    for row, found in zip(rows, answers, strict=True):
        row.match_level = found[0].level if found else MatchLevel.NONE


def tracing(actor: User, row: PersonFields, *, reference: str, kind: str) -> int:
    return tracing_person_found(
        actor=actor,
        person=FoundPerson(
            full_name=row.full_name,
            sex=row.sex,
            birth_date=birth_date_of(row),
            birth_year=row.birth_year,
            home_province_id=row.home_province_id,
            document_number=row.document_number,
            context_reference=reference,
            context_kind=kind,
        ),
    )


def today() -> dt.date:
    return timezone.localdate()


def name_key(name: str) -> str:
    """A name for spotting the same person twice on one list: no accents, no order."""
    from ctip.core.text import fold

    return " ".join(sorted(fold(name).split()))
