"""The engine's results: frozen dataclasses, JSON-friendly through ``as_dict``.

Inside the engine, flags and entities are computed as rows: plain tuples of a record's
fields in order (``FlagRow`` is start, end, code). A frozen dataclass costs several
times a tuple to build, and the batch runner writes its lines from the rows without
ever building one; ``assess`` turns the rows into the records below.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import starmap
from typing import Any, Literal, NamedTuple

from ctip.core.engine.labels import Label

Category = Literal["trafficking_lure", "job_scam", "legitimate"]
Level = Literal["low", "medium", "high"]
Polarity = Literal["risk", "trust"]
CATEGORIES: tuple[Category, ...] = ("trafficking_lure", "job_scam", "legitimate")


@dataclass(frozen=True, slots=True)
class Flag:
    """One sign found in the text; ``original_text[start:end]`` is what to highlight.

    ``explanation`` is an English message id: the screening catalogue holds its Vietnamese
    (the Django layer translates it, ``ctip.screening.presentation.explanation``). A sign
    a registry gives adds how many reports name the value and the registry's own detail.
    """

    code: str
    start: int
    end: int
    polarity: Polarity
    explanation: str
    reports: int = 0
    detail: tuple[Label, ...] = ()


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogue (``makemessages`` knows the name)
    and return it unchanged: the engine stays free of Django."""
    return message


@dataclass(frozen=True, slots=True)
class Pay:
    """A pay figure, normalised to a month (the upper end of a range is the promise)."""

    start: int
    end: int
    currency: str
    period: str
    amount: float
    vnd_month: int
    usd_month: int
    vnd_month_min: int
    usd_month_min: int


@dataclass(frozen=True, slots=True)
class Destination:
    start: int
    end: int
    name: str
    country: str
    hub: bool


@dataclass(frozen=True, slots=True)
class Contact:
    start: int
    end: int
    channel: str
    handle: str | None


@dataclass(frozen=True, slots=True)
class Phone:
    start: int
    end: int
    e164: str


@dataclass(frozen=True, slots=True)
class Url:
    start: int
    end: int
    url: str
    domain: str


@dataclass(frozen=True, slots=True)
class Recruiter:
    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class Licence:
    start: int
    end: int
    number: str


@dataclass(frozen=True, slots=True)
class Entities:
    pay: tuple[Pay, ...] = ()
    destinations: tuple[Destination, ...] = ()
    contacts: tuple[Contact, ...] = ()
    phones: tuple[Phone, ...] = ()
    urls: tuple[Url, ...] = ()
    recruiters: tuple[Recruiter, ...] = ()
    licences: tuple[Licence, ...] = ()

    def max_usd_month(self) -> int:
        return max((p.usd_month for p in self.pay), default=0)


@dataclass(frozen=True, slots=True)
class Assessment:
    category: Category
    risk: float
    level: Level
    language: str
    flags: tuple[Flag, ...]
    entities: Entities
    probabilities: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FlagRow = tuple[int, int, str]
PayRow = tuple[int, int, str, str, float, int, int, int, int]
DestinationRow = tuple[int, int, str, str, bool]
ContactRow = tuple[int, int, str, str | None]
PhoneRow = tuple[int, int, str]
UrlRow = tuple[int, int, str, str]
RecruiterRow = tuple[int, int, str]
LicenceRow = tuple[int, int, str]


class EntityRows(NamedTuple):
    """The entities of a post as rows, kinds in the order of ``Entities``."""

    pay: tuple[PayRow, ...]
    destinations: tuple[DestinationRow, ...]
    contacts: tuple[ContactRow, ...]
    phones: tuple[PhoneRow, ...]
    urls: tuple[UrlRow, ...]
    recruiters: tuple[RecruiterRow, ...]
    licences: tuple[LicenceRow, ...]


def entities_of(rows: EntityRows) -> Entities:
    """The ``Entities`` record of entity rows."""
    return Entities(
        pay=tuple(starmap(Pay, rows.pay)),
        destinations=tuple(starmap(Destination, rows.destinations)),
        contacts=tuple(starmap(Contact, rows.contacts)),
        phones=tuple(starmap(Phone, rows.phones)),
        urls=tuple(starmap(Url, rows.urls)),
        recruiters=tuple(starmap(Recruiter, rows.recruiters)),
        licences=tuple(starmap(Licence, rows.licences)),
    )
