"""Turn an assessment into what the page shows: marked text, signs, places, advice.

Everything the person pasted reaches the template as plain strings, so Django's
autoescaping covers all of it; the marks are built from flag offsets, never by
inserting markup into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from ctip.screening.engine import Assessment, Entities, Flag

COUNTRY_NAMES = {
    "AE": gettext_lazy("United Arab Emirates"),
    "AU": gettext_lazy("Australia"),
    "CN": gettext_lazy("China"),
    "DE": gettext_lazy("Germany"),
    "HK": gettext_lazy("Hong Kong"),
    "JP": gettext_lazy("Japan"),
    "KH": gettext_lazy("Cambodia"),
    "KR": gettext_lazy("South Korea"),
    "LA": gettext_lazy("Laos"),
    "MM": gettext_lazy("Myanmar"),
    "MY": gettext_lazy("Malaysia"),
    "PH": gettext_lazy("Philippines"),
    "SG": gettext_lazy("Singapore"),
    "TH": gettext_lazy("Thailand"),
    "TW": gettext_lazy("Taiwan"),
    "VN": gettext_lazy("Viet Nam"),
}

CATEGORY_VERDICTS = {
    "trafficking_lure": gettext_lazy(
        "This post bears the marks of a lure into a scam compound, where people are "
        "held and forced to defraud others."
    ),
    "job_scam": gettext_lazy(
        "This post bears the marks of a job scam: it is after your money or your data."
    ),
    "legitimate": gettext_lazy(
        "No strong warning signs were found. That does not prove the offer is real: "
        "still check the points below."
    ),
}

LEVEL_LABELS = {
    "high": gettext_lazy("High risk"),
    "medium": gettext_lazy("Medium risk"),
    "low": gettext_lazy("Low risk"),
}

CHANNEL_LABELS = {
    "telegram": "Telegram",
    "zalo": "Zalo",
    "whatsapp": "WhatsApp",
    "facebook": "Facebook",
}


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


@dataclass(frozen=True)
class Segment:
    """A run of the pasted text; ``signs`` are the numbers of the signs it shows."""

    text: str
    signs: tuple[int, ...] = ()
    polarity: str = ""


@dataclass
class Sign:
    """One kind of warning (or trust) sign, with the passages where it was seen."""

    number: int
    code: str
    polarity: str
    explanation: str
    quotes: list[str] = field(default_factory=list)


def _explanation(flag: Flag) -> str:
    return flag.explanation_en if (get_language() or "vi").startswith("en") else flag.explanation_vi


def highlight(text: str, flags: tuple[Flag, ...]) -> tuple[list[Segment], list[Sign]]:
    """Split ``text`` into plain and marked segments; number the signs in reading order.

    Overlapping flags share one mark that refers to all their signs, so marks never
    nest and each character is shown exactly once.
    """
    signs: dict[str, Sign] = {}
    for flag in sorted(flags, key=lambda f: (f.start, f.end)):
        sign = signs.get(flag.code)
        if sign is None:
            sign = signs[flag.code] = Sign(
                len(signs) + 1, flag.code, flag.polarity, _explanation(flag)
            )
        quote = text[flag.start : flag.end]
        if quote and quote not in sign.quotes:
            sign.quotes.append(quote)
    spans = sorted((f for f in flags if 0 <= f.start < f.end <= len(text)), key=lambda f: f.start)
    segments: list[Segment] = []
    pos = 0
    i = 0
    while i < len(spans):
        start, end = spans[i].start, spans[i].end
        group = [spans[i]]
        i += 1
        while i < len(spans) and spans[i].start < end:
            end = max(end, spans[i].end)
            group.append(spans[i])
            i += 1
        if start > pos:
            segments.append(Segment(text[pos:start]))
        numbers = tuple(sorted({signs[f.code].number for f in group}))
        polarity = "risk" if any(f.polarity == "risk" for f in group) else "trust"
        segments.append(Segment(text[start:end], numbers, polarity))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments, list(signs.values())


def _money(value: int) -> str:
    # Grouped in the page language's way (20.000.000 in Vietnamese, 20,000,000 in
    # English); Django's own grouping is off for Vietnamese.
    return f"{value:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def entity_lists(entities: Entities) -> list[tuple[str, list[str]]]:
    """The extracted facts as (heading, lines), only the kinds the post contains."""
    pay = [
        _("%(vnd)s VND a month (about %(usd)s USD)")
        % {"vnd": _money(p.vnd_month), "usd": _money(p.usd_month)}
        for p in entities.pay
    ]
    places = []
    for d in entities.destinations:
        country = country_name(d.country)
        with override("en"):
            same = d.name == country_name(d.country)
        line = country if same else f"{d.name} ({country})"
        if line not in places:
            places.append(line)
    contacts = [
        f"{CHANNEL_LABELS.get(c.channel, c.channel)}: {c.handle}" if c.handle else c.channel
        for c in entities.contacts
    ]
    groups = [
        (_("Pay promised"), pay),
        (_("Destinations"), places),
        (_("Contacts"), list(dict.fromkeys(contacts))),
        (_("Phone numbers"), list(dict.fromkeys(p.e164 for p in entities.phones))),
        (_("Web addresses"), list(dict.fromkeys(u.url for u in entities.urls))),
        (_("Recruiters named"), list(dict.fromkeys(r.name for r in entities.recruiters))),
        (_("Licence numbers"), list(dict.fromkeys(lic.number for lic in entities.licences))),
    ]
    return [(heading, lines) for heading, lines in groups if lines]


def advice(assessment: Assessment) -> list[str]:
    """What to check before answering any job offer, the most urgent first."""
    items = [
        _(
            "Check that the recruiter is an enterprise licensed to send workers abroad: "
            "the Department of Overseas Labour Management publishes the list."
        ),
        _(
            "Ask for a written contract registered with the authorities. Never go abroad "
            "to work on a tourist visa."
        ),
        _("Never hand over your passport or ID card, and never pay a fee to get a job."),
        _("Never cross a border by a trail or with someone who “handles everything”."),
        _("Tell your family where you are going, with the address and the employer's name."),
        _("If in doubt, call the hotline 111 before you answer the post."),
    ]
    if assessment.category == "trafficking_lure":
        items.insert(
            0,
            _(
                "Do not go. If someone you know has already left after such an offer and "
                "cannot be reached, call 111 or the police (113) now."
            ),
        )
    return items
